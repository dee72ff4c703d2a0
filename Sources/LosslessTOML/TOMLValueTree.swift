/// The values a TOML 1.0 text defines and where each is written, without what editing and writing need
/// (the document's lines): for reading a file, or checking one just written, it holds about half of what a
/// `TOMLDocument` of the same text holds. It accepts and rejects exactly what `TOMLDocument` does.
public struct TOMLValueTree: Sendable {
    let tree: TOMLTableTree
    /// For a tree read back from a text (`readBack(_:rangesOfKeysNamed:)`): where in that text the values of
    /// the keys named then are, by value index.
    private var readRanges: [UInt32: Range<Int>]?

    init(tree: TOMLTableTree) {
        self.tree = tree
    }

    /// Parses a TOML 1.0 text from its bytes (a UTF-8 byte-order mark is allowed).
    public init(parsing bytes: [UInt8]) throws(TOMLError) {
        tree = try TOMLParser.parseDocument(bytes, keepingItems: false).tree
    }

    /// Parses a TOML 1.0 text.
    public init(parsing text: String) throws(TOMLError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Parses a text expected to be a version of `model`'s (an edit of it, written out): its hash table starts
    /// at the size of `model`'s instead of growing to it step by step, each step holding the old table and one
    /// twice its size at once. Any text parses; the size is only where the table starts.
    public init(parsing bytes: [UInt8], sizedLike model: TOMLValueTree) throws(TOMLError) {
        tree = try TOMLParser.parseDocument(bytes, keepingItems: false, sizedLike: model.tree).tree
    }

    /// The whole text as plain values (a `.table`), decoded all at once; `rootView` walks it without a copy.
    public var root: TOMLValue { tree.value }

    /// The decoded value at a key path (tables included), whatever form defines it; nil when absent.
    /// The empty path gives `root`. A path cannot go through an array (of tables or otherwise). Names are
    /// compared by code points (`"\u{E9}"` is not `"e\u{301}"`); only the value found is decoded.
    public func value(at path: [String]) -> TOMLValue? {
        tree.entry(at: path).map(tree.value(of:))
    }

    /// Where the text of the value at `path` lies in the parsed bytes (quotes included, all lines of a
    /// multi-line string; the whole text of an array), when a key/value or an inline-table entry defines it
    /// and the text has no edits (a tree taken from an edited `TOMLDocument` has); otherwise `nil` (tables
    /// included). A tree from `readBack` gives places in the bytes read back, for the keys it was asked for.
    /// Names are compared by code points.
    public func valueByteRange(at path: [String]) -> Range<Int>? {
        guard case .value(let index)? = tree.entry(at: path) else { return nil }
        if let readRanges { return readRanges[index] }
        return tree.storage.edits.isEmpty ? tree.values[Int(index)].span.range : nil
    }

    /// This tree read back from `bytes`, when they are a valid TOML text holding exactly its values: the same
    /// keys, the same tables in the same forms (a table, an array of tables), values equal as decoded. It
    /// is checked as the text is parsed, against this tree: a bit a key, where parsing `bytes` builds a tree of
    /// their own (several times their size for a file of short keys). `nil` when they hold anything else or
    /// do not parse: parse them to learn what. The tree given back answers as this one does, except that
    /// `valueByteRange(at:)` gives where in `bytes` the values of keys named in `names` are, and `nil` for
    /// the others.
    public func readBack(_ bytes: [UInt8], rangesOfKeysNamed names: [String]) -> TOMLValueTree? {
        guard let ranges = TOMLTableTree.match(bytes, against: tree, rangesOfKeysNamed: names) else { return nil }
        var read = self
        read.readRanges = ranges
        return read
    }

    /// The paths of every key named `name` (compared by code points) in the tables and inline tables,
    /// not inside arrays; the search does not go into the value of a key so named. In no particular
    /// order; nothing is decoded but key names.
    public func keyPaths(named name: String) -> [[String]] {
        tree.paths(ofKeysNamed: Array(name.utf8), in: tree.root, under: [])
    }

    /// Whether this holds the same values as `other` (as `root == other.root` would say), leaving out the
    /// top-level keys named in `excluded` (compared by code points). Values written alike are compared by
    /// their text, so two versions of a large file compare without decoding it.
    public func hasSameValues(as other: TOMLValueTree, exceptTopLevelKeys excluded: [String]) -> Bool {
        tree.sameKeys(tree.root, as: other.tree.root, in: other.tree, excluding: excluded)
    }
}

extension TOMLDocument {
    /// The document's values and where they are written, as they stand (edits included); it shares the
    /// document's buffers until one of the two changes.
    public var valueTree: TOMLValueTree {
        var current = tree
        current.storage = storage
        return TOMLValueTree(tree: current)
    }
}
