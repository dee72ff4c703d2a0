/// A `key = value` pair: a line at the top level of a document (under the root or a header), or an entry
/// of an inline table.
struct TOMLKeyValue: Sendable {
    /// The key; its decoration is the indentation (in an inline table: the spaces after `{` or the
    /// previous comma) and the spaces before `=`.
    var key: TOMLKey
    /// The `=`.
    var equals: TOMLSpan
    /// Around the value: the spaces after `=`; after it, at the top level the spaces, an optional comment
    /// and the line ending (none on a last line without one), in an inline table the spaces before the
    /// comma or `}`.
    var decor: TOMLDecor
    var value: TOMLValueNode
    /// In an inline table, the comma after the entry; empty when there is none (and at the top level).
    var comma: TOMLSpan

    /// The length of the line ending that ends a top-level line: 2 for CRLF, 1 for LF, 0 for none. (A
    /// comment cannot hold a carriage return or line feed, so a trailing one is the line ending.)
    func lineEndingLength(in storage: TOMLStorage) -> Int {
        let bytes = storage[decor.suffix]
        guard bytes.last == 0x0A else { return 0 }
        return bytes.count >= 2 && bytes[bytes.endIndex - 2] == 0x0D ? 2 : 1
    }

    /// This pair with its value compacted (see `TOMLScalar`).
    var compacted: TOMLKeyValue {
        var pair = self
        pair.value = value.compacted
        return pair
    }
}

extension TOMLKeyValue: TOMLContainerElement {
    func write(to writer: inout TOMLWriter) {
        key.write(to: &writer)
        writer.emit(equals)
        decor.write(to: &writer) { value.write(to: &$0) }
        writer.emit(comma)
    }
}
