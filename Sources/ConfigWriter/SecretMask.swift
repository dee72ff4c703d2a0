import LosslessTOML
import SMTPSettings

/// Hides secret values in diffs: known secrets become `***`, and so does any `secret` value that is not a `${VAR}`.
struct SecretMask {
    /// The secret values to hide, as typed and as TOML escapes them.
    private let needles: [String]

    init(secrets: [String]) {
        var needles: Set<String> = []
        for secret in secrets where secret.unicodeScalars.count >= 3 {
            needles.insert(secret)
            needles.insert(String(TOMLStringEscaping.basicString(secret).dropFirst().dropLast()))
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

    /// Every `secret = "…"` on the line (at the start, after `smtp.`, or inside an inline table; the key may be
    /// quoted) whose string is not exactly `${NAME}` gets `"***"` as its value.
    private static func maskSecretKey(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let (valueStart, valueEnd) = secretValue(in: scalars, keyAt: index) {
                output.append(contentsOf: scalars[index..<valueStart])
                let body = String(String.UnicodeScalarView(scalars[(valueStart + 1)..<max(valueStart + 1, valueEnd - 1)]))
                if VariableReference.wholeReference(in: body) != nil {
                    output.append(contentsOf: scalars[valueStart..<valueEnd])
                } else {
                    output.append(contentsOf: "\"***\"".unicodeScalars)
                }
                index = valueEnd
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }

    /// When a `secret` key starts at `start`, the range of its one-line string value (quotes included).
    private static func secretValue(in scalars: [Unicode.Scalar], keyAt start: Int) -> (Int, Int)? {
        if start > 0, !" \t{,.".unicodeScalars.contains(scalars[start - 1]) { return nil }
        var index = start
        var closingKeyQuote: Unicode.Scalar?
        if scalars[index] == "\"" || scalars[index] == "'" {
            closingKeyQuote = scalars[index]
            index += 1
        }
        let key = Array("secret".unicodeScalars)
        guard index + key.count <= scalars.count, Array(scalars[index..<(index + key.count)]) == key else { return nil }
        index += key.count
        if let closingKeyQuote {
            guard index < scalars.count, scalars[index] == closingKeyQuote else { return nil }
            index += 1
        }
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        guard index < scalars.count, scalars[index] == "=" else { return nil }
        index += 1
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" else { return nil }
        let quote = scalars[index]
        var end = index + 1
        while end < scalars.count, scalars[end] != quote {
            end += quote == "\"" && scalars[end] == "\\" ? 2 : 1
        }
        return end < scalars.count ? (index, end + 1) : (index, scalars.count)
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
