/// A `key = value` line at the top level of a document (under the root or a header).
struct TOMLKeyValue: Sendable {
    /// From the start of the line to the value: indentation, the key, the spaces and `=`.
    var prefix: TOMLSpan
    var key: TOMLKey
    var value: TOMLValueNode
    /// Spaces and an optional comment after the value.
    var suffix: TOMLSpan
    /// The line ending; empty on a last line without one.
    var newline: TOMLSpan

    func write(to writer: inout TOMLWriter) {
        writer.emit(prefix)
        value.write(to: &writer)
        writer.emit(suffix)
        writer.emit(newline)
    }
}
