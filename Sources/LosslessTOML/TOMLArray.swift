/// An array as written: `[`, its elements with their decoration and commas, trivia and `]`.
typealias TOMLArray = TOMLContainer<TOMLArrayElement>

/// One element of an array.
struct TOMLArrayElement: Sendable, TOMLContainerElement {
    /// Whitespace, line endings and comments before the value (after `[` or the previous comma) and between
    /// the value and its comma or the closing bracket.
    var decor: TOMLDecor
    var value: TOMLValueNode
    /// The comma after the element; empty when there is none.
    var comma: TOMLSpan

    func write(to writer: inout TOMLWriter) {
        decor.write(to: &writer) { value.write(to: &$0) }
        writer.emit(comma)
    }
}
