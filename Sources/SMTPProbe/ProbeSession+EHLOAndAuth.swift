import Foundation
import NIOCore
import SMTPSettings

/// The `ehlo`, `starttls`, `ehlo2` and `auth` stages.
extension ProbeSession {
    func ehlo(_ id: StageID, _ connection: SMTPConnection) async throws -> [String] {
        try await stage(id) { note, deadline in
            let reply = try await connection.command("EHLO \(options.ehloName)", by: deadline)
            note.reply = SMTPReply(code: reply.code, lines: Array(reply.lines.prefix(1)))
            guard reply.code == 250 else {
                note.reply = reply
                if case .failure(let code, let hint)? = ReplyRules.verdict(for: reply, replyContext(id)) {
                    throw fail(code, id, note, hint: hint)
                }
                throw fail(.EHLO_REJECTED, id, note)
            }
            let extensions = Array(reply.lines.dropFirst())
            note.detail = "\(extensions.count) extensions"
            return extensions
        }
    }

    func startTLSIfNeeded(_ connection: SMTPConnection, extensions: [String]) async throws {
        guard plan.security == .starttls || plan.security == .starttlsOpportunistic else {
            skip(.starttls, plan.security == .smtps ? "not used: implicit TLS" : "no TLS (plain text)")
            skip(.ehlo2, "no STARTTLS")
            return
        }
        let offered = extensions.contains { $0.uppercased() == "STARTTLS" || $0.uppercased().hasPrefix("STARTTLS ") }
        if !offered && plan.security == .starttlsOpportunistic {
            skip(.starttls, "not offered by the server: continuing in plain text (tls=opportunistic)")
            skip(.ehlo2, "no STARTTLS")
            return
        }
        try await stage(.starttls) { note, deadline in
            guard offered else {
                note.detail = "the server does not advertise STARTTLS"
                throw fail(.STARTTLS_UNSUPPORTED, .starttls, note, usable: true)
            }
            let reply = try await connection.command("STARTTLS", by: deadline)
            note.reply = reply
            guard reply.code == 220 else {
                note.detail = "the server refused STARTTLS"
                throw fail(.STARTTLS_UNSUPPORTED, .starttls, note)
            }
            guard let setup = tlsSetup else { throw ProbeError.tlsHandshake("no TLS context") }
            try await connection.addTLS(Self.handlerFactory(setup))
            try await handshake(connection, deadline: deadline, note: &note, id: .starttls)
        }
        let after = try await ehlo(.ehlo2, connection)
        report.extensionsAfterSTARTTLS = after
        report.authOffered = ProbeReport.mechanisms(in: after)
    }

    func authenticate(_ connection: SMTPConnection) async throws {
        guard let secret = options.secret else {
            skip(.auth, "no secret configured")
            return
        }
        try await stage(.auth) { note, deadline in
            let offered = report.authOffered
            guard !offered.isEmpty else {
                let startTLSOffered = report.extensions.contains { $0.uppercased() == "STARTTLS" }
                if !usedTLS && startTLSOffered {
                    note.detail = "no AUTH advertised before STARTTLS"
                    throw fail(.TLS_REQUIRED, .auth, note, usable: true)
                }
                note.detail = "no AUTH advertised"
                throw fail(.AUTH_NOT_OFFERED, .auth, note, usable: true)
            }
            let mechanism = offered.contains("PLAIN") ? "PLAIN" : offered.contains("LOGIN") ? "LOGIN" : nil
            guard let mechanism else {
                note.detail = "offered: \(offered.joined(separator: " "))"
                throw fail(.AUTH_UNSUPPORTED, .auth, note, usable: true)
            }
            report.authUsed = mechanism
            if let warning = SettingsWarning.authOverPlaintext(host: plan.host, usedTLS: usedTLS) {
                report.warnings.append(warning)
            }
            var reply: SMTPReply
            if mechanism == "PLAIN" {
                reply = try await connection.command("AUTH PLAIN " + Self.base64("\0\(options.user)\0\(secret)"), by: deadline)
            } else {
                reply = try await connection.command("AUTH LOGIN", by: deadline)
                if reply.code == 334 { reply = try await connection.command(Self.base64(options.user), by: deadline) }
                if reply.code == 334 { reply = try await connection.command(Self.base64(secret), by: deadline) }
            }
            note.reply = Self.redacted(reply)
            guard reply.code == 235 else {
                note.detail = "AUTH \(mechanism) as \(options.user) rejected"
                throw refusal(reply, .auth, note)
            }
            loggedIn = true
            note.detail = "AUTH \(mechanism) as \(options.user) accepted"
        }
    }

    /// A reply as shown in the report: 334 challenges are base64 prompts and are not repeated.
    static func redacted(_ reply: SMTPReply) -> SMTPReply {
        reply.code == 334 ? SMTPReply(code: 334, lines: ["(challenge redacted)"]) : reply
    }

    static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
