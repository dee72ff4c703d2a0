/// A scalar value as written: the span of its text and what kind of value it is.
/// The decoded value is computed from the text on demand.
///
/// A whole array or inline table that is the value of a top-level key is also kept this way (kinds
/// `array` and `inlineTable`) until an edit or a lookup needs its parts: most are never edited, and
/// their text is all a lossless document needs.
struct TOMLScalar: Sendable {
    /// The kinds of scalar text.
    enum Kind: UInt8, Sendable, CaseIterable {
        case basicString, literalString, multilineBasicString, multilineLiteralString
        case integer, float, boolean
        case offsetDateTime, localDateTime, localDate, localTime
        case array, inlineTable
    }

    var span: TOMLSpan
    var kind: Kind
}
