/// Writing strings and keys as TOML text.
public enum TOMLStringEscaping {
    /// `text` as a TOML basic string: `"` and `\` escaped, and every control character (U+0000–U+001F,
    /// U+007F) written as `\b`, `\t`, `\n`, `\f`, `\r` or `\uXXXX`, so any TOML 1.0 parser reads back `text`.
    public static func basicString(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x00...0x1F, 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// A key component as written: bare when it only has `A-Za-z0-9_-` (and is not empty), else a basic string.
    static func keyText(_ name: String) -> String {
        let isBare = !name.isEmpty && name.utf8.allSatisfy(TOMLParser.isBareKey)
        return isBare ? name : basicString(name)
    }

    /// The TOML text of a value: scalars as usual (strings as basic strings), arrays as `[a, b]`,
    /// tables as inline tables `{ k = v }` with keys sorted.
    static func valueText(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return basicString(text)
        case .integer(let number): return String(number)
        case .float(let number):
            if number.isNaN { return "nan" }
            if number.isInfinite { return number < 0 ? "-inf" : "inf" }
            let text = String(number)
            return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
        case .boolean(let flag): return flag ? "true" : "false"
        case .offsetDateTime(let text), .localDateTime(let text), .localDate(let text), .localTime(let text):
            return text
        case .array(let values): return "[" + values.map(valueText).joined(separator: ", ") + "]"
        case .table(let entries):
            if entries.isEmpty { return "{}" }
            let parts = entries.keys.sorted().map { key in
                keyText(key) + " = " + valueText(entries[key] ?? .table([:]))
            }
            return "{ " + parts.joined(separator: ", ") + " }"
        }
    }
}
