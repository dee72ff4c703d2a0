/// A JSON value with object keys in a fixed order, printed the way SPEC §3 shows it.
indirect enum JSONText {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    /// `.string`, or `.null` for `nil`.
    static func string(_ text: String?) -> JSONText { text.map(JSONText.string) ?? .null }

    /// `.bool`, or `.null` for `nil`.
    static func bool(_ flag: Bool?) -> JSONText { flag.map(JSONText.bool) ?? .null }

    /// The value on one line: `{"key": value, …}`.
    var rendered: String {
        switch self {
        case .string(let text): return JSONText.quote(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { JSONText.quote($0.0) + ": " + $0.1.rendered }.joined(separator: ", ") + "}"
        }
    }

    private static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
