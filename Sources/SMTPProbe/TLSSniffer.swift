import NIOCore

/// Finds out, on a separate connection, whether a port that stays silent speaks TLS from the first byte.
enum TLSSniffer {
    /// True when `address` completes a TLS handshake, or answers our ClientHello with TLS records, within `budget` seconds.
    static func speaksTLS(address: SocketAddress, serverName: String?, budget: Double) async -> Bool {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(budget * 1e9))
        guard let connection = try? await SMTPConnection.connect(
                to: address, timeout: .nanoseconds(Int64(budget * 1e9)),
                tls: { try TLSSetup.sniffingHandler(serverName: serverName) })
        else { return false }
        defer { connection.close() }
        do {
            try await connection.handshake(by: deadline)
            return true
        } catch {
            return await connection.firstBytes().looksLikeTLS
        }
    }
}
