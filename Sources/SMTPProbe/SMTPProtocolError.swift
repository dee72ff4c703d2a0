/// What can be wrong with the bytes a server sends, as found by the line and reply decoders.
public enum SMTPProtocolError: Error, Sendable, Equatable {
    /// A reply line longer than ``SMTPLimits/maxLineBytes`` bytes (or no line end within that many bytes).
    case lineTooLong(limit: Int)
    /// A reply of more than ``SMTPLimits/maxReplyBytes`` bytes in all.
    case replyTooLong(limit: Int)
    /// A line that does not start with a three-digit code followed by a space, a hyphen or the line end.
    case malformedLine(String)
    /// A continuation line of a multi-line reply whose code differs from the first line's.
    case inconsistentCode(expected: Int, got: Int)
    /// The connection closed in the middle of a line or a multi-line reply.
    case closedMidReply
}

/// The size limits of SPEC §7.
public enum SMTPLimits {
    /// The longest reply line accepted, in bytes without the line end (RFC 5321 allows 512 with CRLF).
    public static let maxLineBytes = 512
    /// The largest multi-line reply accepted, in bytes.
    public static let maxReplyBytes = 64 * 1024
}
