import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to the mail server with the probe's pipeline:
/// first-bytes recorder → (ServerHello reader → TLS) → line decoder → reply decoder → ``ReplyHandler``.
final class SMTPConnection: @unchecked Sendable {
    let channel: Channel
    private let replies: ReplyHandler
    private let recorder: FirstBytesRecorder
    private let helloReader: ServerHelloReader

    private init(channel: Channel, replies: ReplyHandler, recorder: FirstBytesRecorder, helloReader: ServerHelloReader) {
        self.channel = channel
        self.replies = replies
        self.recorder = recorder
        self.helloReader = helloReader
    }

    /// Makes a TLS client handler on the channel's event loop.
    typealias TLSHandlerFactory = @Sendable () throws -> NIOSSLClientHandler

    /// Connects to `address`; with `tls`, the handshake starts as soon as the connection is up (implicit TLS).
    static func connect(
        to address: SocketAddress, timeout: TimeAmount, tls: TLSHandlerFactory? = nil
    ) async throws(ProbeError) -> SMTPConnection {
        let replies = ReplyHandler()
        let recorder = FirstBytesRecorder()
        let helloReader = ServerHelloReader()
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(recorder)
                    if let tls {
                        try pipeline.addHandler(helloReader)
                        try pipeline.addHandler(try tls())
                    }
                    try pipeline.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    try pipeline.addHandler(SMTPReplyDecoder())
                    try pipeline.addHandler(replies)
                }
            }
        do {
            let channel = try await bootstrap.connect(to: address).get()
            return SMTPConnection(channel: channel, replies: replies, recorder: recorder, helloReader: helloReader)
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            throw .connectRefused
        } catch ChannelError.connectTimeout {
            throw .connectTimeout
        } catch {
            throw .connectFailed(String(describing: error))
        }
    }

    /// The next reply, failing with ``ProbeError/timeout`` at `deadline`.
    func reply(by deadline: NIODeadline) async throws(ProbeError) -> SMTPReply {
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: SMTPReply.self)
        loop.execute { self.replies.nextReply(promise) }
        return try await wait(for: promise.futureResult, by: deadline)
    }

    /// Sends one command line and waits for its reply.
    func command(_ line: String, by deadline: NIODeadline) async throws(ProbeError) -> SMTPReply {
        try await send(line)
        return try await reply(by: deadline)
    }

    /// Sends raw text (with line ends already in it).
    func sendRaw(_ text: String) async throws(ProbeError) {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text)).get()
        } catch {
            throw .connectionClosed
        }
    }

    /// Sends one command line followed by CRLF.
    func send(_ line: String) async throws(ProbeError) {
        try await sendRaw(line + "\r\n")
    }

    /// Adds a TLS handler, with the ServerHello reader in front of it, at the front of the pipeline (STARTTLS);
    /// the handshake starts at once.
    func addTLS(_ makeHandler: @escaping TLSHandlerFactory) async throws(ProbeError) {
        do {
            try await channel.eventLoop.submit {
                let pipeline = self.channel.pipeline.syncOperations
                try pipeline.addHandler(try makeHandler(), position: .first)
                try pipeline.addHandler(self.helloReader, position: .first)
            }.get()
        } catch {
            throw .connectionClosed
        }
    }

    /// Waits until the TLS handshake of this connection has completed.
    func handshake(by deadline: NIODeadline) async throws(ProbeError) {
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: Void.self)
        loop.execute { self.replies.awaitHandshake(promise) }
        try await wait(for: promise.futureResult, by: deadline)
    }

    /// The negotiated TLS version, e.g. `TLSv1.3`.
    func tlsVersion() async -> String? {
        let version = try? await channel.eventLoop.submit {
            try self.channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).tlsVersion
        }.get()
        switch version {
        case .tlsv1: return "TLSv1.0"
        case .tlsv11: return "TLSv1.1"
        case .tlsv12: return "TLSv1.2"
        case .tlsv13: return "TLSv1.3"
        default: return nil
        }
    }

    /// The negotiated cipher suite's IANA name, read from the ServerHello; `nil` before one arrived.
    func tlsCipher() async -> String? {
        let code = try? await channel.eventLoop.submit { self.helloReader.cipherSuite }.get()
        return code.flatMap { $0 }.map(CipherSuiteName.of)
    }

    /// The first bytes the server sent, as recorded before any decoding.
    func firstBytes() async -> FirstBytes {
        (try? await channel.eventLoop.submit {
            FirstBytes(looksLikeSMTP: self.recorder.looksLikeSMTP, looksLikeTLS: self.recorder.looksLikeTLS,
                       bytes: self.recorder.firstBytes)
        }.get()) ?? FirstBytes(looksLikeSMTP: false, looksLikeTLS: false, bytes: [])
    }

    /// Closes the connection without waiting.
    func close() {
        channel.close(promise: nil)
    }

    private func wait<T: Sendable>(for future: EventLoopFuture<T>, by deadline: NIODeadline) async throws(ProbeError) -> T {
        let task = channel.eventLoop.scheduleTask(deadline: deadline) { self.replies.abandonWaiting() }
        future.whenComplete { _ in task.cancel() }
        do {
            return try await future.get()
        } catch let error as ProbeError {
            throw error
        } catch {
            throw .connectionClosed
        }
    }
}

/// What the server's first bytes looked like.
struct FirstBytes: Sendable {
    var looksLikeSMTP: Bool
    var looksLikeTLS: Bool
    var bytes: [UInt8]
}
