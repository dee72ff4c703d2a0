/// Decodes the text of a (valid) scalar into its value.
enum TOMLScalarDecoder {
    static func decode(_ scalar: TOMLScalar, in bytes: [UInt8]) -> TOMLValue {
        let text = { String(decoding: bytes[scalar.span], as: UTF8.self) }
        let parser = TOMLParser(bytes: bytes, at: scalar.span.lowerBound)
        switch scalar.kind {
        case .basicString, .literalString, .multilineBasicString, .multilineLiteralString:
            var stringParser = parser
            var decoded: [UInt8] = []
            decoded.reserveCapacity(scalar.span.count)
            _ = try? stringParser.string(decodingInto: &decoded, decode: true)
            return .string(String(decoding: decoded, as: UTF8.self))
        case .integer:
            return .integer((try? parser.integerValue(scalar.span)) ?? 0)
        case .float:
            return .float(parser.floatValue(scalar.span))
        case .boolean:
            return .boolean(bytes[scalar.span.lowerBound] == 0x74)
        case .offsetDateTime: return .offsetDateTime(text())
        case .localDateTime: return .localDateTime(text())
        case .localDate: return .localDate(text())
        case .localTime: return .localTime(text())
        }
    }
}
