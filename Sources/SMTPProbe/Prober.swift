import Foundation
import NIOCore
import SMTPSettings

/// Runs a probe: connects exactly as the server would and reports every stage.
public enum Prober {
    /// Probes with `options`, reporting progress through `events`; never throws, every outcome is a report.
    public static func run(
        _ options: ProbeOptions, events: @escaping @Sendable (ProbeEvent) -> Void = { _ in }
    ) async -> ProbeReport {
        await ProbeSession(options: options, events: events).run()
    }
}

/// A stage that ended the probe, with the diagnosis it leads to.
struct StageFailure: Error {
    var diagnosis: Diagnosis
}

/// What a stage records besides its status: the deciding reply and a detail line.
struct StageNote {
    var reply: SMTPReply?
    var detail = ""
}

/// One run of the stage sequence of SPEC §7.
final class ProbeSession: @unchecked Sendable {
    private let options: ProbeOptions
    private let events: @Sendable (ProbeEvent) -> Void
    private var report: ProbeReport
    private var connection: SMTPConnection?
    private var tlsSetup: TLSSetup?
    private var usedTLS = false

    init(options: ProbeOptions, events: @escaping @Sendable (ProbeEvent) -> Void) {
        self.options = options
        self.events = events
        self.report = ProbeReport(
            endpoint: options.endpoint, plan: options.plan, diagnosis: Diagnosis(code: .OK, message: ""))
    }

    private var plan: ConnectionPlan { options.plan }
    private var timeout: TimeAmount { .nanoseconds(Int64(options.timeout * 1e9)) }

    private func context(_ stage: StageID?, note: StageNote = StageNote()) -> DiagnosisContext {
        DiagnosisContext(
            plan: plan, user: options.user, timeout: options.timeout, ehloName: options.ehloName, stage: stage,
            reply: note.reply, detail: note.detail, tls: report.tls, authOffered: report.authOffered,
            recipient: options.sendTestTo)
    }

    func run() async -> ProbeReport {
        if options.endpoint.hasPrefix("smtps://") {
            report.warnings.append(ProbeWarning(
                code: .SMTPS_URL,
                message: "smtps:// endpoints are not documented by BOMnipotent: write endpoint = \"\(plan.host)\" (SMTPS on 465) instead."))
        }
        do {
            try await conversation()
            report.diagnosis = DiagnosisBuilder.make(.OK, context(nil))
        } catch let failure as StageFailure {
            report.diagnosis = failure.diagnosis
        } catch {
            report.diagnosis = DiagnosisBuilder.make(.CONNECTION_CLOSED, context(nil))
        }
        connection?.close()
        return report
    }

    /// Runs one stage: times it, records the result, and turns errors into a ``StageFailure``.
    private func stage<T>(_ id: StageID, _ body: (inout StageNote, NIODeadline) async throws -> T) async throws -> T {
        events(.stageStarted(id))
        let start = DispatchTime.now()
        var note = StageNote()
        func finish(_ status: StageStatus) {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            let result = StageResult(id: id, status: status, milliseconds: elapsed, reply: note.reply, detail: note.detail)
            report.set(result)
            events(.stageFinished(result))
        }
        do {
            let value = try await body(&note, .now() + timeout)
            finish(.ok)
            return value
        } catch let failure as StageFailure {
            if note.detail.isEmpty { note.detail = failure.diagnosis.message }
            finish(.failed)
            throw failure
        } catch let error as ProbeError {
            note.detail = DiagnosisBuilder.detail(for: error)
            finish(.failed)
            throw StageFailure(diagnosis: DiagnosisBuilder.make(DiagnosisBuilder.code(for: error, at: id), context(id, note: note)))
        } catch {
            let failure = ProbeError.tlsHandshake(String(describing: error))
            note.detail = DiagnosisBuilder.detail(for: failure)
            finish(.failed)
            throw StageFailure(diagnosis: DiagnosisBuilder.make(DiagnosisBuilder.code(for: failure, at: id), context(id, note: note)))
        }
    }

    private func fail(_ code: DiagnosisCode, _ id: StageID, _ note: StageNote) -> StageFailure {
        StageFailure(diagnosis: DiagnosisBuilder.make(code, context(id, note: note)))
    }

    private func skip(_ id: StageID, _ detail: String) {
        let result = StageResult.skipped(id, detail)
        report.set(result)
        events(.stageFinished(result))
    }

    private func conversation() async throws {
        if plan.security.usesTLS { CertificateChecker.startLoadingSystemRoots() }
        let addresses = try await stage(.resolve) { note, _ in
            let addresses = try await HostResolver.resolve(host: plan.host, port: plan.port, timeout: options.timeout)
            note.detail = addresses.compactMap(\.ipAddress).joined(separator: ", ")
            return addresses
        }
        if plan.security.usesTLS {
            do {
                let extraRoots = try options.caFilePath.map(CertificateChecker.loadPEM) ?? []
                tlsSetup = try TLSSetup(host: plan.host, extraRoots: extraRoots)
            } catch {
                let detail = "cannot load --ca-file \(options.caFilePath ?? ""): \(error)"
                throw StageFailure(diagnosis: DiagnosisBuilder.make(.CONFIG_INVALID, context(nil, note: StageNote(detail: detail))))
            }
        }
        let connection = try await stage(.connect) { note, deadline in
            var lastError = ProbeError.connectRefused
            for address in addresses {
                let remaining = deadline - .now()
                guard remaining > .zero else { throw ProbeError.connectTimeout }
                do {
                    let implicitTLS = try plan.security == .smtps ? tlsSetup?.verifyingHandler() : nil
                    let connection = try await SMTPConnection.connect(to: address, timeout: remaining, tls: implicitTLS)
                    note.detail = "connected to \(address.ipAddress ?? plan.host) port \(plan.port)"
                    return connection
                } catch {
                    lastError = (error as? ProbeError) ?? .connectionClosed
                }
            }
            throw lastError
        }
        self.connection = connection
        if plan.security == .smtps {
            try await stage(.tls) { note, deadline in try await handshake(connection, deadline: deadline, note: &note, id: .tls) }
        } else {
            skip(.tls, plan.security == .none ? "no TLS (plain text)" : "not used: STARTTLS mode")
        }
        try await greeting(connection, address: addresses[0])
        let extensions = try await ehlo(.ehlo, connection)
        report.extensionsBeforeSTARTTLS = extensions
        report.authOffered = ProbeReport.mechanisms(in: extensions)
        try await startTLSIfNeeded(connection, extensions: extensions)
        try await authenticate(connection)
        try await mailTransaction(connection)
        try await stage(.quit) { note, deadline in
            let reply = try await connection.command("QUIT", by: deadline)
            note.reply = reply
            note.detail = "session closed"
            if reply.code != 221 { throw fail(.PROTOCOL_ERROR, .quit, StageNote(reply: reply, detail: "QUIT answered \(reply.code)")) }
        }
    }

    private func handshake(_ connection: SMTPConnection, deadline: NIODeadline, note: inout StageNote, id: StageID) async throws {
        do {
            try await connection.handshake(by: deadline)
        } catch {
            let outcome = tlsSetup?.recorder.outcome
            var tls = tlsReport(outcome)
            if let problem = outcome?.problem {
                let code: DiagnosisCode
                switch problem {
                case .expired(let reason): code = .CERT_EXPIRED; tls.error = reason
                case .untrusted(let reason): code = .CERT_UNTRUSTED; tls.error = reason
                case .hostnameMismatch(let reason): code = .CERT_HOSTNAME_MISMATCH; tls.error = reason
                }
                report.tls = tls
                note.detail = tls.error ?? ""
                throw fail(code, id, note)
            }
            tls.error = DiagnosisBuilder.detail(for: error)
            report.tls = tls
            if id == .tls, await connection.firstBytes().looksLikeSMTP {
                note.detail = "the server sent a plain SMTP greeting instead of a TLS handshake"
                throw fail(.TLS_EXPECTED, id, note)
            }
            throw error
        }
        usedTLS = true
        var tls = tlsReport(tlsSetup?.recorder.outcome)
        tls.version = await connection.tlsVersion()
        tls.verified = true
        report.tls = tls
        if let notAfter = tls.notAfter, notAfter.timeIntervalSinceNow < 30 * 86400 {
            report.warnings.append(ProbeWarning(
                code: .CERT_EXPIRES_SOON,
                message: "The server's certificate expires on \(ReportFormat.date(notAfter)), in less than 30 days."))
        }
        note.detail = "\(tls.version ?? "TLS"), certificate verified" + (tls.trustedViaCAFile ? " via --ca-file" : "")
    }

    private func tlsReport(_ outcome: CertificateOutcome?) -> TLSReport {
        var tls = TLSReport()
        if let leaf = outcome?.leaf {
            tls.subject = String(describing: leaf.subject)
            tls.issuer = String(describing: leaf.issuer)
            tls.subjectAlternativeNames = CertificateChecker.subjectAlternativeNames(of: leaf)
            tls.notBefore = leaf.notValidBefore
            tls.notAfter = leaf.notValidAfter
        }
        tls.trustedViaCAFile = outcome?.trustedViaCAFile ?? false
        return tls
    }

    private func greeting(_ connection: SMTPConnection, address: SocketAddress) async throws {
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

    private var tlsServerName: String? {
        HostName.isIPv4Literal(plan.host) || HostName.isIPv6Literal(plan.host) ? nil : plan.host
    }

    private func ehlo(_ id: StageID, _ connection: SMTPConnection) async throws -> [String] {
        try await stage(id) { note, deadline in
            let reply = try await connection.command("EHLO \(options.ehloName)", by: deadline)
            note.reply = SMTPReply(code: reply.code, lines: Array(reply.lines.prefix(1)))
            guard reply.code == 250 else {
                note.reply = reply
                throw fail(.EHLO_REJECTED, id, note)
            }
            let extensions = Array(reply.lines.dropFirst())
            note.detail = "\(extensions.count) extensions"
            return extensions
        }
    }

    private func startTLSIfNeeded(_ connection: SMTPConnection, extensions: [String]) async throws {
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
                throw fail(.STARTTLS_UNSUPPORTED, .starttls, note)
            }
            let reply = try await connection.command("STARTTLS", by: deadline)
            note.reply = reply
            guard reply.code == 220 else {
                note.detail = "the server refused STARTTLS"
                throw fail(.STARTTLS_UNSUPPORTED, .starttls, note)
            }
            guard let handler = try tlsSetup?.verifyingHandler() else { throw ProbeError.tlsHandshake("no TLS context") }
            try await connection.addTLS(handler)
            try await handshake(connection, deadline: deadline, note: &note, id: .starttls)
        }
        let after = try await ehlo(.ehlo2, connection)
        report.extensionsAfterSTARTTLS = after
        report.authOffered = ProbeReport.mechanisms(in: after)
    }

    private func authenticate(_ connection: SMTPConnection) async throws {
        guard let secret = options.secret else {
            skip(.auth, "no secret configured")
            return
        }
        try await stage(.auth) { note, deadline in
            let offered = report.authOffered
            guard !offered.isEmpty else {
                note.detail = "no AUTH advertised"
                throw fail(.AUTH_NOT_OFFERED, .auth, note)
            }
            let mechanism = offered.contains("PLAIN") ? "PLAIN" : offered.contains("LOGIN") ? "LOGIN" : nil
            guard let mechanism else {
                note.detail = "offered: \(offered.joined(separator: " "))"
                throw fail(.AUTH_UNSUPPORTED, .auth, note)
            }
            report.authUsed = mechanism
            if !usedTLS && !HostName.isLoopback(plan.host) {
                report.warnings.append(ProbeWarning(
                    code: .AUTH_OVER_PLAINTEXT,
                    message: "The password is sent to \(plan.host) without TLS: anyone on the path can read it."))
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
                throw fail(.AUTH_FAILED, .auth, note)
            }
            note.detail = "AUTH \(mechanism) as \(options.user) accepted"
        }
    }

    /// A reply as shown in the report: 334 challenges are base64 prompts and are not repeated.
    private static func redacted(_ reply: SMTPReply) -> SMTPReply {
        reply.code == 334 ? SMTPReply(code: 334, lines: ["(challenge redacted)"]) : reply
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    private func mailTransaction(_ connection: SMTPConnection) async throws {
        try await stage(.mail) { note, deadline in
            let reply = try await connection.command("MAIL FROM:<\(options.user)>", by: deadline)
            note.reply = reply
            guard reply.code == 250 else {
                let text = reply.text.lowercased()
                let wantsAuth = reply.code == 530 || reply.enhancedStatus == "5.7.0" && text.contains("auth")
                    || text.contains("authentication required")
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
