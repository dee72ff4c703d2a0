/// A value in the syntax tree: a scalar, an array or an inline table, each keeping its exact text.
enum TOMLValueNode: Sendable {
    case scalar(TOMLScalar)
    indirect case array(TOMLArray)
    indirect case inlineTable(TOMLInlineTable)

    /// This value with an array or inline table kept as its text only (see `TOMLScalar`).
    var compacted: TOMLValueNode {
        switch self {
        case .scalar: return self
        case .array(let array):
            return .scalar(TOMLScalar(span: TOMLSpan(array.open.lowerBound, array.close.upperBound), kind: .array))
        case .inlineTable(let table):
            return .scalar(TOMLScalar(span: TOMLSpan(table.open.lowerBound, table.close.upperBound), kind: .inlineTable))
        }
    }

    /// This value with a compacted array or inline table parsed into its parts again.
    func expanded(in storage: TOMLStorage) -> TOMLValueNode {
        guard case .scalar(let scalar) = self, scalar.kind == .array || scalar.kind == .inlineTable else { return self }
        var parser = storage.parser(for: scalar.span)
        return (try? parser.value()) ?? self
    }

    /// Appends the spans making up this value, in order.
    func write(to writer: inout TOMLWriter) {
        switch self {
        case .scalar(let scalar): writer.emit(scalar.span)
        case .array(let array): array.write(to: &writer)
        case .inlineTable(let table): table.write(to: &writer)
        }
    }
}
