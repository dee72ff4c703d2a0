extension TOMLDocument {
    /// Where the text of the value at `path` lies in `bytes` (quotes included, all lines of a multi-line
    /// string), when a key/value or an inline-table entry defines it and the document has no edits yet;
    /// otherwise `nil`. Names are compared by code points.
    public func valueByteRange(at path: [String]) -> Range<Int>? {
        guard storage.edits.isEmpty, let location = findDefinition(path), case .keyValue(let keyValue) = items[location.item] else {
            return nil
        }
        var node = keyValue.value
        for index in location.entries {
            guard case .inlineTable(let table) = node.expanded(in: storage), table.entries.indices.contains(index) else { return nil }
            node = table.entries[index].value
        }
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.span.range
    }
}
