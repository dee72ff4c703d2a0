/// What an array or inline table holds: something that writes itself, its comma included.
protocol TOMLContainerElement: Sendable {
    func write(to writer: inout TOMLWriter)
}

/// An array or inline table: the opening bracket, the elements, and the closing bracket with the trivia
/// before it (after the last comma, or inside an empty container).
struct TOMLContainer<Element: TOMLContainerElement>: Sendable {
    /// The opening `[` or `{`.
    var open: TOMLSpan
    var elements: [Element]
    /// Trivia after the last element's comma (or inside an empty container), and the closing `]` or `}`.
    var close: TOMLSpan

    func write(to writer: inout TOMLWriter) {
        writer.emit(open)
        for element in elements { element.write(to: &writer) }
        writer.emit(close)
    }
}
