import NIOCore

/// Splits the inbound byte stream into lines ending in CRLF (a bare LF is accepted too).
///
/// A line longer than ``SMTPLimits/maxLineBytes`` is an error as soon as that many bytes arrived without a line end,
/// so an endless line never grows the buffer beyond the limit.
public struct SMTPLineDecoder: ByteToMessageDecoder {
    /// Each decoded line, without its line end.
    public typealias InboundOut = String

    private let maxLineBytes: Int

    /// Creates a decoder with the given line limit.
    public init(maxLineBytes: Int = SMTPLimits.maxLineBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Emits one line if a complete one is buffered.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maxLineBytes + 1 { throw SMTPProtocolError.lineTooLong(limit: maxLineBytes) }
            return .needMoreData
        }
        var length = newline - view.startIndex
        let hasCR = length > 0 && view[newline - 1] == UInt8(ascii: "\r")
        if hasCR { length -= 1 }
        if length > maxLineBytes { throw SMTPProtocolError.lineTooLong(limit: maxLineBytes) }
        let line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: hasCR ? 2 : 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    /// Emits the remaining complete lines; a partial line at the end of the stream is an error.
    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            throw SMTPProtocolError.closedMidReply
        }
        return .needMoreData
    }
}
