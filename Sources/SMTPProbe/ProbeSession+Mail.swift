import NIOCore

/// The `mail`, `rcpt` and `data` stages. Without a test address, `rcpt` is the relay check (SPEC §7): `RCPT TO` an
/// address outside the server's domains, then `RSET`, so nothing is sent.
extension ProbeSession {
    func mailTransaction(_ connection: SMTPConnection) async throws {
        try await stage(.mail) { note, deadline in
            let reply = try await connection.command("MAIL FROM:<\(options.user)>", by: deadline)
            note.reply = reply
            guard reply.code == 250 else {
                note.detail = "MAIL FROM:<\(options.user)> refused"
                throw refusal(reply, .mail, note)
            }
            note.detail = "sender <\(options.user)> accepted"
        }
        let testRecipient = options.sendTestTo
        let recipient = testRecipient ?? options.relayCheckTo
        try await stage(.rcpt) { note, deadline in
            let reply = try await connection.command("RCPT TO:<\(recipient)>", by: deadline)
            note.reply = reply
            let what = testRecipient == nil ? "relay check: <\(recipient)>" : "recipient <\(recipient)>"
            if reply.code == 250 || reply.code == 251 {
                note.detail = "\(what) accepted"
            } else if case .warning = ReplyRules.classify(reply, replyContext(.rcpt), authOffered: !report.authOffered.isEmpty) {
                report.warnings.append(.relayCheckInconclusive(recipient: recipient, reply: reply))
                note.detail = "\(what) refused as an address: inconclusive"
            } else {
                note.detail = "\(what) refused"
                throw refusal(reply, .rcpt, note)
            }
            if testRecipient == nil {
                let reset = try await connection.command("RSET", by: deadline)
                note.detail += reset.code == 250 ? "; RSET, nothing sent" : "; RSET answered \(reset.code)"
            }
        }
        guard let testRecipient else {
            skip(.data, "no test message (--send-test-to)")
            return
        }
        try await stage(.data) { note, deadline in
            var reply = try await connection.command("DATA", by: deadline)
            note.reply = reply
            guard reply.code == 354 else { throw refusal(reply, .data, note) }
            try await connection.sendRaw(TestMessage(from: options.user, to: testRecipient, ehloName: options.ehloName).wireText)
            reply = try await connection.reply(by: deadline)
            note.reply = reply
            guard reply.code == 250 else { throw refusal(reply, .data, note) }
            note.detail = "test message accepted"
        }
    }
}
