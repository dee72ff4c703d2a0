/// One complete SMTP reply: a three-digit code and the text of each of its lines.
public struct SMTPReply: Sendable, Equatable {
    /// The reply code, e.g. 250.
    public var code: Int
    /// The text of each line after the code and separator, in order, as the server sent it.
    public var lines: [String]

    /// Creates a reply from its code and line texts.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// True for 2xx and 3xx replies.
    public var isPositive: Bool { (200..<400).contains(code) }

    /// True for 4xx replies: a temporary refusal.
    public var isTemporary: Bool { (400..<500).contains(code) }

    /// The enhanced status code (RFC 3463) at the start of the first line, e.g. `5.7.0`, if any.
    public var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
            let klass = parts.first, ["2", "4", "5"].contains(klass)
        else { return nil }
        return String(first)
    }

    /// Every line without the enhanced status code the server repeats at its start (SPEC §7 `lines`).
    public var messageLines: [String] {
        guard let enhanced = enhancedStatus else { return lines }
        return lines.map { line in
            guard line == enhanced || line.hasPrefix(enhanced + " ") else { return line }
            return String(line.dropFirst(enhanced.count).drop { $0 == " " })
        }
    }

    /// The reply for people: code, enhanced status code and the lines, separated by ` | `.
    public var text: String {
        ([String(code)] + (enhancedStatus.map { [$0] } ?? []) + [messageLines.joined(separator: " | ")])
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// All lines, lowercased and joined, for matching known wordings.
    var searchText: String { lines.joined(separator: " ").lowercased() }
}
