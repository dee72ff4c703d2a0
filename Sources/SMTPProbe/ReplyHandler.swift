import NIOCore
import NIOSSL
import NIOTLS

/// The last handler of the pipeline: hands each reply, and the end of each TLS handshake, to whoever waits for it.
///
/// Its state is an enum: open with replies waiting to be read and at most one reader waiting, or failed for good
/// (replies that arrived before the failure can still be read). Replies nobody asked for are kept up to
/// ``SMTPLimits/maxReplyBytes`` in all; a server that sends more fails with ``SMTPProtocolError/replyTooLong(limit:)``,
/// so a flood cannot fill the memory while the probe waits.
/// `@unchecked Sendable`: every access happens on the channel's event loop (``SMTPConnection`` goes through it).
final class ReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = SMTPReply

    private enum State {
        case open(buffered: [SMTPReply], waiting: EventLoopPromise<SMTPReply>?)
        case failed(ProbeError, buffered: [SMTPReply])
    }

    private var state = State.open(buffered: [], waiting: nil)
    private var bufferedBytes = 0
    private var handshake: EventLoopPromise<Void>?
    private var handshakeDone = false

    /// Completes `promise` with the next reply, now if one is buffered.
    func nextReply(_ promise: EventLoopPromise<SMTPReply>) {
        switch state {
        case .failed(let error, var buffered):
            if buffered.isEmpty {
                promise.fail(error)
            } else {
                promise.succeed(buffered.removeFirst())
                state = .failed(error, buffered: buffered)
            }
        case .open(var buffered, let waiting):
            if buffered.isEmpty {
                waiting?.fail(ProbeError.timeout)
                state = .open(buffered: [], waiting: promise)
            } else {
                let reply = buffered.removeFirst()
                bufferedBytes -= Self.size(of: reply)
                state = .open(buffered: buffered, waiting: waiting)
                promise.succeed(reply)
            }
        }
    }

    /// Fails the waiting reader and handshake waiter with ``ProbeError/timeout`` and forgets them.
    func abandonWaiting() {
        if case .open(let buffered, let waiting) = state {
            state = .open(buffered: buffered, waiting: nil)
            waiting?.fail(ProbeError.timeout)
        }
        handshake?.fail(ProbeError.timeout)
        handshake = nil
    }

    /// Completes `promise` when the TLS handshake has finished (or failed).
    func awaitHandshake(_ promise: EventLoopPromise<Void>) {
        if handshakeDone {
            promise.succeed(())
        } else if case .failed(let error, _) = state {
            promise.fail(error)
        } else {
            handshake = promise
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard case .open(var buffered, let waiting) = state else { return }
        if let waiting {
            state = .open(buffered: buffered, waiting: nil)
            waiting.succeed(reply)
        } else {
            bufferedBytes += Self.size(of: reply)
            guard bufferedBytes <= SMTPLimits.maxReplyBytes else {
                fail(.protocolViolation(.replyTooLong(limit: SMTPLimits.maxReplyBytes)))
                context.close(promise: nil)
                return
            }
            buffered.append(reply)
            state = .open(buffered: buffered, waiting: nil)
        }
    }

    /// The reply's size on the wire: code, separator, text and CRLF of each line.
    private static func size(of reply: SMTPReply) -> Int {
        reply.lines.reduce(0) { $0 + 6 + $1.utf8.count }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            handshakeDone = true
            handshake?.succeed(())
            handshake = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let failure: ProbeError
        switch error {
        case let error as SMTPProtocolError: failure = .protocolViolation(error)
        case let error as ProbeError: failure = error
        case NIOSSLError.uncleanShutdown: failure = .connectionClosed
        case let error as NIOSSLError: failure = .tlsHandshake(TLSFailureText.describe(error))
        case let error as BoringSSLError: failure = .tlsHandshake(TLSFailureText.describe(error))
        default: failure = .connectionClosed
        }
        fail(failure)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed)
        context.fireChannelInactive()
    }

    private func fail(_ error: ProbeError) {
        if case .open(let buffered, let waiting) = state {
            state = .failed(error, buffered: buffered)
            waiting?.fail(error)
        }
        handshake?.fail(error)
        handshake = nil
    }
}

/// Keeps the first bytes the server sent before any decoding, to tell plain SMTP from TLS records.
/// `@unchecked Sendable`: every access happens on the channel's event loop.
final class FirstBytesRecorder: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private(set) var firstBytes: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if firstBytes.count < 8 {
            let buffer = unwrapInboundIn(data)
            firstBytes += buffer.getBytes(at: buffer.readerIndex, length: min(8 - firstBytes.count, buffer.readableBytes)) ?? []
        }
        context.fireChannelRead(data)
    }

    /// True when the first bytes look like an SMTP reply (three digits).
    var looksLikeSMTP: Bool {
        firstBytes.count >= 3 && firstBytes.prefix(3).allSatisfy { (0x30...0x39).contains($0) }
    }

    /// True when the first byte is a TLS record header (handshake or alert).
    var looksLikeTLS: Bool {
        guard let first = firstBytes.first else { return false }
        return first == 0x16 || first == 0x15
    }
}
