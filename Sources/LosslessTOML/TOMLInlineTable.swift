/// An inline table as written: `{`, its entries with their spacing and commas, `}`.
struct TOMLInlineTable: Sendable {
    /// One `key = value` entry.
    struct Entry: Sendable {
        /// From after `{` or the previous comma to the value: spaces, the key, ` = `.
        var lead: TOMLSpan
        var key: TOMLKey
        var value: TOMLValueNode
        /// Spaces between the value and its comma or the closing brace.
        var after: TOMLSpan
        /// The comma after the entry; empty when there is none.
        var comma: TOMLSpan
    }

    /// The opening `{`.
    var open: TOMLSpan
    var entries: [Entry]
    /// Spaces inside an empty table, and the closing `}`.
    var close: TOMLSpan

    func write(to writer: inout TOMLWriter) {
        writer.emit(open)
        for entry in entries {
            writer.emit(entry.lead)
            entry.value.write(to: &writer)
            writer.emit(entry.after)
            writer.emit(entry.comma)
        }
        writer.emit(close)
    }
}
