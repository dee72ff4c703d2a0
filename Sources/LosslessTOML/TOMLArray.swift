/// An array as written: `[`, its elements with the whitespace, newlines and comments around them, `]`.
struct TOMLArray: Sendable {
    /// One element and its decoration.
    struct Element: Sendable {
        /// Whitespace, newlines and comments before the value (after `[` or the previous comma).
        var before: TOMLSpan
        var value: TOMLValueNode
        /// Whitespace, newlines and comments between the value and its comma or the closing bracket.
        var after: TOMLSpan
        /// The comma after the element; empty when there is none.
        var comma: TOMLSpan
    }

    /// The opening `[`.
    var open: TOMLSpan
    var elements: [Element]
    /// Decoration after the last comma (or inside an empty array), and the closing `]`.
    var close: TOMLSpan

    func write(to writer: inout TOMLWriter) {
        writer.emit(open)
        for element in elements {
            writer.emit(element.before)
            element.value.write(to: &writer)
            writer.emit(element.after)
            writer.emit(element.comma)
        }
        writer.emit(close)
    }
}
