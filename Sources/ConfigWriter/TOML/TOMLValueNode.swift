/// A value in the syntax tree: a scalar, an array or an inline table, each keeping its exact text.
enum TOMLValueNode: Sendable {
    case scalar(TOMLScalar)
    indirect case array(TOMLArray)
    indirect case inlineTable(TOMLInlineTable)

    /// Appends the spans making up this value, in order.
    func write(to writer: inout TOMLWriter) {
        switch self {
        case .scalar(let scalar): writer.emit(scalar.span)
        case .array(let array): array.write(to: &writer)
        case .inlineTable(let table): table.write(to: &writer)
        }
    }
}
