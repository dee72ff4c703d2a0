extension TOMLDocument {
    /// Where the text of the value at `path` lies in `bytes` (quotes included, all lines of a multi-line
    /// string; the whole text of an array), when a key/value or an inline-table entry defines it and the
    /// document has no edits yet; otherwise `nil` (tables included). Names are compared by code points.
    public func valueByteRange(at path: [String]) -> Range<Int>? {
        guard storage.edits.isEmpty, case .value(let index)? = tree.entry(at: path) else { return nil }
        return tree.values[Int(index)].span.range
    }

    /// The paths of every key named `name` (compared by code points) in the tables and inline tables of the
    /// document, not inside arrays; the search does not go into the value of a key so named. In no particular
    /// order; nothing is decoded but key names.
    public func keyPaths(named name: String) -> [[String]] {
        tree.paths(ofKeysNamed: Array(name.utf8), in: tree.root, under: [])
    }

    /// Whether this document holds the same values as `other` (as `root == other.root` would say), leaving
    /// out the top-level keys named in `excluded` (compared by code points). Values written alike are compared
    /// by their text, so two versions of a large file compare without decoding it.
    public func hasSameValues(as other: TOMLDocument, exceptTopLevelKeys excluded: [String]) -> Bool {
        tree.sameKeys(tree.root, as: other.tree.root, in: other.tree, excluding: excluded)
    }
}
