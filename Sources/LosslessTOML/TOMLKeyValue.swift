/// A `key = value` line at the top level of a document (under the root or a header).
struct TOMLKeyValue: Sendable {
    /// From the start of the line to the value: indentation, the key, the spaces and `=`.
    var prefix: TOMLSpan
    var key: TOMLKey
    var value: TOMLValueNode
    /// Spaces and an optional comment after the value, then the line ending (none on a last line
    /// without one).
    var trailer: TOMLSpan

    /// The length of the line ending that ends `trailer`: 2 for CRLF, 1 for LF, 0 for none. (A comment
    /// cannot hold a carriage return or line feed, so a trailing one is the line ending.)
    func lineEndingLength(in storage: TOMLStorage) -> Int {
        let bytes = storage[trailer]
        guard bytes.last == 0x0A else { return 0 }
        return bytes.count >= 2 && bytes[bytes.endIndex - 2] == 0x0D ? 2 : 1
    }

    /// This line with its value compacted (see `TOMLScalar`).
    var compacted: TOMLKeyValue {
        var line = self
        line.value = value.compacted
        return line
    }

    func write(to writer: inout TOMLWriter) {
        writer.emit(prefix)
        value.write(to: &writer)
        writer.emit(trailer)
    }
}
