import ConfigWriter

/// The toml-test tagged JSON form of a value: tables are objects, arrays arrays, and every scalar
/// `{"type": …, "value": "…"}`.
enum TaggedJSON {
    static func write(_ value: TOMLValue, to out: inout String) {
        switch value {
        case .table(let entries):
            out += "{"
            for (index, key) in entries.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                string(key, to: &out)
                out += ":"
                write(entries[key] ?? .table([:]), to: &out)
            }
            out += "}"
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                write(element, to: &out)
            }
            out += "]"
        case .string(let text): scalar("string", text, to: &out)
        case .integer(let number): scalar("integer", String(number), to: &out)
        case .float(let number): scalar("float", number.isNaN ? "nan" : String(number), to: &out)
        case .boolean(let flag): scalar("bool", flag ? "true" : "false", to: &out)
        case .offsetDateTime(let text): scalar("datetime", rfc3339(text), to: &out)
        case .localDateTime(let text): scalar("datetime-local", rfc3339(text), to: &out)
        case .localDate(let text): scalar("date-local", text, to: &out)
        case .localTime(let text): scalar("time-local", text, to: &out)
        }
    }

    /// A TOML date-time in RFC 3339 spelling: `T` between date and time, upper-case `Z`.
    static func rfc3339(_ text: String) -> String {
        var characters = Array(text)
        if characters.count > 10, characters[10] == " " || characters[10] == "t" { characters[10] = "T" }
        if characters.last == "z" { characters[characters.count - 1] = "Z" }
        return String(characters)
    }

    static func scalar(_ type: String, _ value: String, to out: inout String) {
        out += "{\"type\":\"\(type)\",\"value\":"
        string(value, to: &out)
        out += "}"
    }

    static func string(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
