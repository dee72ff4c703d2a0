import SMTPSettings
/// A `.env` file, edited without disturbing anything but the value being set (SPEC §5).
///
/// Reading follows the Rust dotenvy parser the server uses (quotes, escapes, `$VAR`/`${VAR}` substitution,
/// multi-line quoted values, `export ` prefix), a little more lenient where docker compose is: an unquoted
/// value may contain spaces.
struct DotEnvDocument: Sendable {
    /// One `NAME=value` assignment.
    struct Entry: Equatable {
        /// The variable name.
        var name: String
        /// The value as a reader sees it (quotes and escapes removed, variables substituted).
        var value: String
        /// The physical lines (0-based) the assignment spans.
        var lines: ClosedRange<Int>
        /// The byte range of the value as written, quotes included.
        var valueRange: Range<Int>
    }

    /// A line that is neither blank, a comment nor an assignment, or an unterminated quote.
    struct SyntaxError: Error, Equatable {
        /// The 1-based line number.
        var line: Int
        /// What is wrong.
        var reason: String
    }

    /// The file's bytes.
    private(set) var bytes: [UInt8]
    /// The assignments, in file order.
    private(set) var entries: [Entry]
    /// The first line dotenvy refuses or reads differently, if any.
    private(set) var dotenvyIssue: DotenvyIssue?
    /// `\r\n` when the file uses CRLF line endings, otherwise `\n`.
    let lineEnding: [UInt8]

    /// Parses `bytes`; `environment` is used for substitutions inside values, as dotenvy does.
    init(parsing bytes: [UInt8], environment: [String: String] = [:]) throws(SyntaxError) {
        self.bytes = bytes
        self.lineEnding = DotEnvDocument.detectLineEnding(bytes)
        (entries, dotenvyIssue) = try DotEnvParser(bytes: bytes, environment: environment).parse()
    }

    /// A warning when the server would not see `name` as this parser does: dotenvy refuses or misreads a line
    /// before or at its first assignment. `path` names the file in the message.
    func dotenvyWarning(for name: String, path: String) -> SettingsWarning? {
        guard let issue = dotenvyIssue, let entry = entries.first(where: { $0.name == name }), issue.line <= entry.lines.upperBound + 1
        else { return nil }
        return SettingsWarning(
            code: .ENV_NOT_DOTENVY,
            message: "\(path) line \(issue.line) has \(issue.reason); the server's .env reader stops or misreads there, so it may not get \(name) as shown here.")
    }

    /// The value of the first assignment to `name`, or `nil`.
    func value(of name: String) -> String? {
        entries.first { $0.name == name }?.value
    }

    /// Every assignment's value, first assignment winning.
    var values: [String: String] {
        var result: [String: String] = [:]
        for entry in entries where result[entry.name] == nil { result[entry.name] = entry.value }
        return result
    }

    /// Sets `name` to `value`: every existing assignment gets its value replaced in place, else a line is appended.
    /// The value must not contain CR or NUL (checked by `DotEnvQuoting.check`).
    mutating func set(_ value: String, for name: String) {
        let quoted = Array(DotEnvQuoting.quote(value).utf8)
        let matching = entries.filter { $0.name == name }
        if matching.isEmpty {
            if !bytes.isEmpty, bytes.last != UInt8(ascii: "\n") { bytes += lineEnding }
            bytes += Array("\(name)=".utf8) + quoted + lineEnding
        } else {
            for entry in matching.reversed() {
                let beforeComment = entry.valueRange.isEmpty && entry.valueRange.lowerBound < bytes.count
                    && bytes[entry.valueRange.lowerBound] == UInt8(ascii: "#")
                bytes.replaceSubrange(entry.valueRange, with: beforeComment ? quoted + [UInt8(ascii: " ")] : quoted)
            }
        }
        if let reparsed = try? DotEnvDocument(parsing: bytes) {
            entries = reparsed.entries
            dotenvyIssue = reparsed.dotenvyIssue
        }
    }

    private static func detectLineEnding(_ bytes: [UInt8]) -> [UInt8] {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return [UInt8(ascii: "\n")] }
        return newline > 0 && bytes[newline - 1] == UInt8(ascii: "\r") ? Array("\r\n".utf8) : [UInt8(ascii: "\n")]
    }
}

/// How values are written into `.env` (SPEC §5).
enum DotEnvQuoting {
    /// `"…"` with `\` → `\\`, `"` → `\"`, `$` → `\$`, newline → `\n`: read back unchanged by dotenvy and docker compose.
    static func quote(_ value: String) -> String {
        var result = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "$": result += "\\$"
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(character)
            }
        }
        return result + "\""
    }
}
