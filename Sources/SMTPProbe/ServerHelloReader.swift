import NIOCore

/// Reads the negotiated cipher suite from the server's TLS ServerHello, which travels in clear text in TLS 1.2
/// and 1.3 (swift-nio-ssl does not expose the negotiated cipher). It sits in front of the TLS handler and passes
/// every byte on unchanged.
/// `@unchecked Sendable`: every access happens on the channel's event loop.
final class ServerHelloReader: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The cipher suite's IANA code, once the ServerHello has been read.
    private(set) var cipherSuite: UInt16?
    private var bytes: [UInt8] = []
    private var finished = false

    /// Enough for the record and handshake headers, the random and the longest session id.
    private static let maxBytes = 5 + 4 + 2 + 32 + 1 + 32 + 2

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !finished {
            let buffer = unwrapInboundIn(data)
            bytes += buffer.readableBytesView.prefix(Self.maxBytes - bytes.count)
            read()
        }
        context.fireChannelRead(data)
    }

    /// Record: type 22 (handshake), version, length; handshake: type 2 (ServerHello), length (3 bytes),
    /// legacy version, random (32), session id (length-prefixed), then the cipher suite.
    private func read() {
        let sessionIDLength = 5 + 4 + 2 + 32
        guard bytes.count > sessionIDLength else {
            if bytes.count >= 6 && (bytes[0] != 22 || bytes[5] != 2) { stop() }
            return
        }
        if bytes[0] != 22 || bytes[5] != 2 { return stop() }
        let suite = sessionIDLength + 1 + Int(bytes[sessionIDLength])
        guard bytes.count >= suite + 2 else {
            if bytes.count >= Self.maxBytes { stop() }
            return
        }
        cipherSuite = UInt16(bytes[suite]) << 8 | UInt16(bytes[suite + 1])
        stop()
    }

    private func stop() {
        finished = true
        bytes = []
    }
}

/// IANA names of the cipher suites a TLS 1.2 or 1.3 client built on BoringSSL can negotiate.
enum CipherSuiteName {
    /// The IANA name of `code`, or its hexadecimal code when unknown, e.g. `0xc0ff`.
    static func of(_ code: UInt16) -> String {
        names[code] ?? "0x" + ReportFormat.hex(UInt8(code >> 8)) + ReportFormat.hex(UInt8(code & 0xFF))
    }

    private static let names: [UInt16: String] = [
        0x1301: "TLS_AES_128_GCM_SHA256", 0x1302: "TLS_AES_256_GCM_SHA384", 0x1303: "TLS_CHACHA20_POLY1305_SHA256",
        0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        0xC009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xC00A: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
        0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
    ]
}
