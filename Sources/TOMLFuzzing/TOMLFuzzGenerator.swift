/// Generates TOML-like documents and mutates them, deterministically from a seed (SplitMix64), so every
/// finding reproduces. Documents mix every construct (dotted keys, headers, arrays of tables, inline
/// tables, nested arrays, all string and number forms, comments, CRLF, a byte-order mark) with keys that
/// are canonically equivalent but differ in code points.
public struct TOMLFuzzGenerator: Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// Key spellings: bare, quoted, escaped, and pairs that are canonically equivalent (é / e + U+0301,
    /// Å / U+212B, K / U+212A).
    static let names = [
        "a", "b", "smtp", "user", "Key", "1", "-_", "\"\\u00e9\"", "\"e\\u0301\"", "\"\u{E9}\"", "'e\u{301}'",
        "\"\\u212b\"", "'\u{C5}'", "\"\\u212Aey\"", "'x y'", "\"\"", "\"a.b\"",
    ]

    static let scalars = [
        "1", "-0", "+17", "0x1F", "0o17", "0b101", "1_000", "1.5", "-3e-2", "inf", "-nan", "6.02E23", "true", "false",
        "\"basic \\t \\u00e9 \\\" x\"", "'literal \\ x'", "\"\"\"\nmulti \\\n  line\"\"\"", "'''\nraw\n'''", "\"\"",
        "1979-05-27T07:32:00Z", "1979-05-27 07:32:00.999-07:00", "1979-05-27T07:32:00", "1979-05-27", "07:32:00",
    ]

    mutating func key() -> String {
        (0...below(3)).map { _ in pick(Self.names) }.joined(separator: pick([".", " . ", "."]))
    }

    mutating func value(depth: Int = 0) -> String {
        switch depth < 3 ? below(6) : 0 {
        case 1:
            let elements = (0..<below(4)).map { _ in value(depth: depth + 1) }
            let separator = pick([", ", ",\n  ", " , # c\n"])
            return "[" + elements.joined(separator: separator) + pick(["", ",", "\n"]) + "]"
        case 2:
            let entries = (0..<below(4)).map { _ in key() + " = " + value(depth: depth + 1) }
            return "{" + pick([" ", ""]) + entries.joined(separator: ", ") + pick([" ", ""]) + "}"
        default:
            return pick(Self.scalars)
        }
    }

    /// A whole document.
    public mutating func document() -> [UInt8] {
        let newline = pick(["\n", "\r\n"])
        var text = below(8) == 0 ? "\u{FEFF}" : ""
        for _ in 0..<below(14) {
            let indent = pick(["", "", "  ", "\t"])
            switch below(10) {
            case 0: text += indent + "# comment é" + newline
            case 1: text += pick(["", "  "]) + newline
            case 2: text += indent + "[" + key() + "]" + pick(["", " # h"]) + newline
            case 3: text += indent + "[[" + key() + "]]" + newline
            default: text += indent + key() + pick([" = ", "=", " =  "]) + value() + pick(["", " # v", "  "]) + newline
            }
        }
        if below(4) == 0, text.hasSuffix(newline) { text.removeLast() }
        return Array(text.utf8)
    }

    static let interestingBytes: [UInt8] = Array("[]{}=.,\"'#\\ \t\n\r0123456789eEuU+-_:TZabc".utf8) + [0x00, 0x7F, 0xC3, 0xA9, 0xFF, 0xCC, 0x81]

    /// `bytes` with one to four random changes: a byte inserted, replaced or deleted, a range deleted or
    /// duplicated, or a piece of `other` spliced in.
    public mutating func mutate(_ bytes: [UInt8], splicing other: [UInt8]) -> [UInt8] {
        var result = bytes
        for _ in 0...below(4) {
            let position = below(result.count + 1)
            switch below(6) {
            case 0: result.insert(pick(Self.interestingBytes), at: position)
            case 1 where position < result.count: result[position] = pick(Self.interestingBytes)
            case 2 where position < result.count: result.remove(at: position)
            case 3:
                let end = min(result.count, position + below(16))
                result.removeSubrange(position..<end)
            case 4:
                let end = min(result.count, position + below(16))
                result.insert(contentsOf: result[position..<end], at: position)
            default:
                guard !other.isEmpty else { continue }
                let start = below(other.count)
                let end = min(other.count, start + below(24))
                result.insert(contentsOf: other[start..<end], at: position)
            }
        }
        return result
    }

    /// A key path of one to three names for an edit.
    public mutating func path() -> [String] {
        (0...below(3)).map { _ in pick(["a", "b", "smtp", "user", "\u{E9}", "e\u{301}", "\u{212B}", "\u{C5}", "Key", "\u{212A}ey"]) }
    }
}
