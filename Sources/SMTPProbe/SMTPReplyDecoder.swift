import NIOCore

/// Assembles lines into replies, joining multi-line replies (`250-…` continued until `250 …`).
public final class SMTPReplyDecoder: ChannelInboundHandler {
    /// Lines from ``SMTPLineDecoder``.
    public typealias InboundIn = String
    /// Complete replies.
    public typealias InboundOut = SMTPReply

    private var pending: SMTPReply?
    private var pendingBytes = 0
    private let maxReplyBytes: Int

    /// Creates a decoder with the given reply size limit.
    public init(maxReplyBytes: Int = SMTPLimits.maxReplyBytes) {
        self.maxReplyBytes = maxReplyBytes
    }

    /// Parses one line; forwards the reply when its last line arrived.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        do {
            if let reply = try consume(line) { context.fireChannelRead(wrapInboundOut(reply)) }
        } catch {
            context.fireErrorCaught(error)
        }
    }

    /// A connection that ends inside a multi-line reply is reported as ``SMTPProtocolError/closedMidReply``.
    public func channelInactive(context: ChannelHandlerContext) {
        if pending != nil {
            pending = nil
            context.fireErrorCaught(SMTPProtocolError.closedMidReply)
        }
        context.fireChannelInactive()
    }

    private func consume(_ line: String) throws -> SMTPReply? {
        let utf8 = Array(line.utf8)
        guard utf8.count >= 3, utf8[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
            (0x32...0x35).contains(utf8[0]),
            utf8.count == 3 || utf8[3] == UInt8(ascii: " ") || utf8[3] == UInt8(ascii: "-"),
            let code = Int(String(decoding: utf8[0...2], as: UTF8.self))
        else { throw SMTPProtocolError.malformedLine(String(line.prefix(80))) }
        let isLast = utf8.count == 3 || utf8[3] == UInt8(ascii: " ")
        let text = utf8.count > 4 ? String(decoding: utf8[4...], as: UTF8.self) : ""
        pendingBytes += utf8.count + 2
        if pendingBytes > maxReplyBytes {
            pending = nil
            pendingBytes = 0
            throw SMTPProtocolError.replyTooLong(limit: maxReplyBytes)
        }
        var reply = pending ?? SMTPReply(code: code, lines: [])
        if reply.code != code { throw SMTPProtocolError.inconsistentCode(expected: reply.code, got: code) }
        reply.lines.append(text)
        if isLast {
            pending = nil
            pendingBytes = 0
            return reply
        }
        pending = reply
        return nil
    }
}
