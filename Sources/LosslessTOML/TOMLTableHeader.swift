/// A `[table]` or `[[array.of.tables]]` header line.
struct TOMLTableHeader: Sendable {
    /// The whole line but its line ending: indentation, brackets, key, spaces and an optional comment.
    var text: TOMLSpan
    var key: TOMLKey
    /// True for `[[…]]`.
    var isArray: Bool
    /// The line ending; empty on a last line without one.
    var newline: TOMLSpan
}
