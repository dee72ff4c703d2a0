import SMTPSettings

/// Hides secret values in diffs: known secrets become `***`, and so does any `secret` value that is not a `${VAR}`.
struct SecretMask {
    /// The secret values to hide, as typed and as TOML escapes them.
    private let needles: [String]

    init(secrets: [String]) {
        var needles: Set<String> = []
        for secret in secrets where secret.unicodeScalars.count >= 3 {
            needles.insert(secret)
            needles.insert(TOMLString.escapedBody(secret))
            needles.insert(String(DotEnvQuoting.quote(secret).dropFirst().dropLast()))
        }
        self.needles = needles.sorted { $0.count > $1.count }
    }

    /// A config.toml line as shown in a diff.
    func configLine(_ line: String) -> String {
        var text = line
        for needle in needles where text.contains(needle) { text = text.replacingAll(needle, with: "***") }
        return Self.maskSecretKey(text)
    }

    /// `secret = <value>` (also `smtp.secret`, quoted keys) with a value other than `"${NAME}"` becomes `secret = "***"`.
    private static func maskSecretKey(_ line: String) -> String {
        var rest = Substring(line)
        let indent = rest.prefix { $0 == " " || $0 == "\t" }
        rest = rest.dropFirst(indent.count)
        for prefix in ["smtp.", "\"smtp\".", "'smtp'."] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        guard let key = ["secret", "\"secret\"", "'secret'"].first(where: { rest.hasPrefix($0) }) else { return line }
        rest = rest.dropFirst(key.count)
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("=") else { return line }
        let value = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        for quote in ["\"", "'"] where value.hasPrefix(quote) {
            let body = value.dropFirst()
            if let close = body.firstIndex(of: Character(quote)), VariableReference.wholeReference(in: String(body[..<close])) != nil {
                return line
            }
        }
        let keyEnd = line.count - value.count
        return String(line.prefix(keyEnd)) + "\"***\""
    }

    /// For each line of a `.env` file: the line with its value masked, `***` for continuation lines of a
    /// multi-line value, or `nil` for lines without a value (comments, blanks).
    static func envLines(_ bytes: [UInt8]) -> [String?] {
        let lineCount = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        var result = [String?](repeating: nil, count: lineCount)
        guard let document = try? DotEnvDocument(parsing: bytes) else {
            return [String?](repeating: "***", count: lineCount)
        }
        for entry in document.entries {
            let lineStart = bytes[..<entry.valueRange.lowerBound].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            result[entry.lines.lowerBound] = String(decoding: bytes[lineStart..<entry.valueRange.lowerBound], as: UTF8.self) + "***"
            for line in entry.lines.dropFirst() { result[line] = "***" }
        }
        return result
    }
}

extension String {
    /// The string with every occurrence of `needle` replaced.
    func replacingAll(_ needle: String, with replacement: String) -> String {
        guard !needle.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
