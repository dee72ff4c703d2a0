/// A scalar value as written: the span of its text and what kind of value it is.
/// The decoded value is computed from the text on demand.
struct TOMLScalar: Sendable {
    /// The kinds of scalar text.
    enum Kind: UInt8, Sendable {
        case basicString, literalString, multilineBasicString, multilineLiteralString
        case integer, float, boolean
        case offsetDateTime, localDateTime, localDate, localTime
    }

    var span: TOMLSpan
    var kind: Kind
}
