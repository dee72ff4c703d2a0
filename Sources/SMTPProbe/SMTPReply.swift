/// One complete SMTP reply: a three-digit code and the text of each of its lines.
public struct SMTPReply: Sendable, Equatable {
    /// The reply code, e.g. 250.
    public var code: Int
    /// The text of each line after the code and separator, in order.
    public var lines: [String]

    /// Creates a reply from its code and line texts.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined with spaces, for reports.
    public var text: String { lines.joined(separator: " ") }

    /// True for 2xx and 3xx replies.
    public var isPositive: Bool { (200..<400).contains(code) }

    /// The enhanced status code (RFC 3463) at the start of the first line, e.g. `5.7.0`, if any.
    public var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }
}
