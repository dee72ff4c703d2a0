import LosslessTOML
import SMTPSettings

/// Hides secret values in diffs by where they are in each file's syntax tree, never by searching for the
/// text: in config.toml every value under a key named `secret` (or `password`, which repair renames to it) that
/// is not exactly `${NAME}` (any quoting, `"""` strings over several lines, any length, also a number), in
/// `.env` every value.
enum SecretMask {
    /// What a masked TOML string shows.
    static let maskedTOMLValue = "\"***\""
    /// What a masked `.env` value, or a line inside a masked multi-line value, shows.
    static let maskedText = "***"

    /// The lines of config.toml as a diff shows them (split at `\n`, a final `\r` dropped). A file that
    /// does not parse has every line masked.
    static func configLines(_ bytes: [UInt8]) -> [String] {
        guard let document = try? TOMLDocument(parsing: bytes) else { return masked(bytes, ranges: [(0..<bytes.count, maskedText)]) }
        let ranges = secretPaths(in: document.root, under: []).compactMap { path -> (Range<Int>, String)? in
            guard let value = document.value(at: path), VariableReference.wholeReference(in: value.stringValue ?? "") == nil,
                let range = document.valueByteRange(at: path)
            else { return nil }
            return (range, maskedTOMLValue)
        }
        return masked(bytes, ranges: ranges)
    }

    /// The lines of a `.env` file as a diff shows them, every value masked; a file that does not parse has
    /// every line masked.
    static func envLines(_ bytes: [UInt8]) -> [String] {
        guard let document = try? DotEnvDocument(parsing: bytes) else { return masked(bytes, ranges: [(0..<bytes.count, maskedText)]) }
        return masked(bytes, ranges: document.entries.map { ($0.valueRange, maskedText) })
    }

    /// The key names whose values are secrets.
    static let secretKeys: Set<String> = ["secret", "password"]

    /// The paths of every key named as in `secretKeys`, in tables and inline tables.
    private static func secretPaths(in value: TOMLValue, under path: [String]) -> [[String]] {
        guard case .table(let table) = value else { return [] }
        return table.keys.flatMap { key -> [[String]] in
            guard let child = table[key] else { return [] }
            return secretKeys.contains(key) ? [path + [key]] : secretPaths(in: child, under: path + [key])
        }
    }

    /// `bytes` split into lines as the diff splits them, with each range replaced by its text on the line it
    /// starts on and by `***` on lines it continues onto.
    private static func masked(_ bytes: [UInt8], ranges: [(range: Range<Int>, replacement: String)]) -> [String] {
        let sorted = ranges.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var lines: [String] = []
        var start = 0
        while start < bytes.count {
            var end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let next = end + 1
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            var line: [UInt8] = []
            var cursor = start
            for (range, replacement) in sorted where range.upperBound > start && range.lowerBound < max(end, start + 1) {
                if range.lowerBound >= cursor {
                    line += bytes[cursor..<range.lowerBound]
                    line += Array(replacement.utf8)
                } else if cursor == start {
                    line += Array(maskedText.utf8)
                }
                cursor = max(cursor, min(range.upperBound, end))
            }
            line += bytes[min(cursor, end)..<end]
            lines.append(String(decoding: line, as: UTF8.self))
            start = next
        }
        return lines
    }
}
