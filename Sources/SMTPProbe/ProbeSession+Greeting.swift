import NIOCore
import SMTPSettings

/// The `greeting` stage, with the check for ports that expect TLS from the first byte.
extension ProbeSession {
    func greeting(_ connection: SMTPConnection, address: SocketAddress) async throws {
        try await stage(.greeting) { note, deadline in
            let sniff: Task<Bool, Never>? = plan.security == .smtps ? nil : Task {
                let budget = min(1.0, options.timeout)
                try? await Task.sleep(nanoseconds: UInt64(max(0, options.timeout - budget) * 1e9))
                if Task.isCancelled { return false }
                return await TLSSniffer.speaksTLS(address: address, serverName: tlsServerName, budget: budget)
            }
            defer { sniff?.cancel() }
            let reply: SMTPReply
            do {
                reply = try await connection.reply(by: deadline)
            } catch ProbeError.timeout {
                if let sniff, await sniff.value {
                    note.detail = "no greeting, but the port answers a TLS handshake"
                    throw fail(.PLAINTEXT_EXPECTED, .greeting, note)
                }
                note.detail = "no greeting within \(ReportFormat.seconds(options.timeout))"
                throw fail(.GREETING_TIMEOUT, .greeting, note)
            } catch ProbeError.protocolViolation(.malformedLine) {
                let bytes = await connection.firstBytes()
                note.detail = bytes.looksLikeTLS
                    ? "the server sent TLS records instead of an SMTP greeting"
                    : "first bytes \(bytes.bytes.map(ReportFormat.hex).joined(separator: " "))"
                throw fail(bytes.looksLikeTLS ? .PLAINTEXT_EXPECTED : .NOT_SMTP, .greeting, note)
            }
            note.reply = reply
            guard reply.code == 220 else {
                note.detail = "the server refused the session"
                throw fail(reply.code >= 400 ? .SERVER_REJECTED : .NOT_SMTP, .greeting, note)
            }
            note.detail = "server ready"
        }
    }

    var tlsServerName: String? {
        HostName.isIPv4Literal(plan.host) || HostName.isIPv6Literal(plan.host) ? nil : plan.host
    }
}
