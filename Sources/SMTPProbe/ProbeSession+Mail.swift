import NIOCore

/// The `mail`, `rcpt` and `data` stages.
extension ProbeSession {
    func mailTransaction(_ connection: SMTPConnection) async throws {
        try await stage(.mail) { note, deadline in
            let reply = try await connection.command("MAIL FROM:<\(options.user)>", by: deadline)
            note.reply = reply
            guard reply.code == 250 else {
                let text = reply.text.lowercased()
                let wantsAuth = options.secret == nil
                    && (reply.code == 530 || reply.enhancedStatus == "5.7.0" && text.contains("auth")
                        || text.contains("authentication required"))
                note.detail = "MAIL FROM:<\(options.user)> refused"
                throw fail(wantsAuth ? .AUTH_REQUIRED : .SENDER_REJECTED, .mail, note)
            }
            note.detail = "sender <\(options.user)> accepted"
            if options.sendTestTo == nil {
                let reset = try await connection.command("RSET", by: deadline)
                note.detail += reset.code == 250 ? "; RSET, nothing sent" : "; RSET answered \(reset.code)"
            }
        }
        guard let recipient = options.sendTestTo else {
            skip(.rcpt, "no test message (--send-test-to)")
            skip(.data, "no test message (--send-test-to)")
            return
        }
        try await stage(.rcpt) { note, deadline in
            let reply = try await connection.command("RCPT TO:<\(recipient)>", by: deadline)
            note.reply = reply
            guard reply.code == 250 || reply.code == 251 else { throw fail(.RECIPIENT_REJECTED, .rcpt, note) }
            note.detail = "recipient <\(recipient)> accepted"
        }
        try await stage(.data) { note, deadline in
            var reply = try await connection.command("DATA", by: deadline)
            note.reply = reply
            guard reply.code == 354 else { throw fail(.DATA_REJECTED, .data, note) }
            try await connection.sendRaw(TestMessage(from: options.user, to: recipient, ehloName: options.ehloName).wireText)
            reply = try await connection.reply(by: deadline)
            note.reply = reply
            guard reply.code == 250 else { throw fail(.DATA_REJECTED, .data, note) }
            note.detail = "test message accepted"
        }
    }
}
