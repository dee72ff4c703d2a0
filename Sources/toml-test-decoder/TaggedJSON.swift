import LosslessTOML
import SMTPSettings

/// The toml-test tagged JSON form of a value: tables are objects, arrays arrays, and every scalar
/// `{"type": …, "value": "…"}`.
enum TaggedJSON {
    /// The tagged JSON of `value`, table keys sorted.
    static func json(_ value: TOMLValue) -> JSONValue {
        switch value {
        case .table(let entries): return .object(entries.keys.sorted().map { ($0, json(entries[$0] ?? .table([:]))) })
        case .array(let values): return .array(values.map(json))
        case .string(let text): return scalar("string", text)
        case .integer(let number): return scalar("integer", String(number))
        case .float(let number): return scalar("float", number.isNaN ? "nan" : String(number))
        case .boolean(let flag): return scalar("bool", flag ? "true" : "false")
        case .offsetDateTime(let text): return scalar("datetime", rfc3339(text))
        case .localDateTime(let text): return scalar("datetime-local", rfc3339(text))
        case .localDate(let text): return scalar("date-local", text)
        case .localTime(let text): return scalar("time-local", text)
        }
    }

    /// A TOML date-time in RFC 3339 spelling: `T` between date and time, upper-case `Z`.
    static func rfc3339(_ text: String) -> String {
        var characters = Array(text)
        if characters.count > 10, characters[10] == " " || characters[10] == "t" { characters[10] = "T" }
        if characters.last == "z" { characters[characters.count - 1] = "Z" }
        return String(characters)
    }

    private static func scalar(_ type: String, _ value: String) -> JSONValue {
        .object([("type", .string(type)), ("value", .string(value))])
    }
}
