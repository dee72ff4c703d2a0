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
    /// True when the connection is still in a state where `QUIT` can be sent (a complete reply was read, no TLS
    /// handshake broke off, nothing is pending).
    var connectionUsable = false
}

/// What a stage records besides its status: the deciding reply and a detail line.
struct StageNote {
    var reply: SMTPReply?
    var detail = ""
}

/// One run of the stage sequence of SPEC §7.
final class ProbeSession: @unchecked Sendable {
    let options: ProbeOptions
    let events: @Sendable (ProbeEvent) -> Void
    var report: ProbeReport
    var connection: SMTPConnection?
    var tlsSetup: TLSSetup?
    var usedTLS = false
    var loggedIn = false
    var stoppedAtGate = false

    init(options: ProbeOptions, events: @escaping @Sendable (ProbeEvent) -> Void) {
        self.options = options
        self.events = events
        self.report = ProbeReport(
            endpoint: options.endpoint, plan: options.plan, diagnosis: Diagnosis(code: .OK, message: ""),
            secret: options.secretProvenance)
    }

    var plan: ConnectionPlan { options.plan }
    var timeout: TimeAmount { .nanoseconds(Int64(options.timeout * 1e9)) }

    func context(_ stage: StageID?, note: StageNote = StageNote()) -> DiagnosisContext {
        DiagnosisContext(
            plan: plan, user: options.user, timeout: options.timeout, ehloName: options.ehloName, stage: stage,
            reply: note.reply, detail: note.detail, tls: report.tls, authOffered: report.authOffered,
            recipient: options.sendTestTo ?? options.relayCheckTo, loggedIn: loggedIn)
    }

    func run() async -> ProbeReport {
        if let invalid = DiagnosisBuilder.controlCharacterProblem(
            user: options.user, ehloName: options.ehloName, recipient: options.sendTestTo)
        {
            return ProbeReport.beforeNetwork(
                endpoint: options.endpoint, plan: plan, code: invalid.code, message: invalid.message, hint: invalid.hint,
                secret: options.secretProvenance)
        }
        if let warning = SettingsWarning.senderNotAddress(user: options.user) { report.warnings.append(warning) }
        if options.endpoint.hasPrefix("smtps://") {
            report.warnings.append(SettingsWarning(
                code: .SMTPS_URL,
                message: "smtps:// endpoints are not documented by BOMnipotent: write endpoint = \"\(plan.host)\" (SMTPS on 465) instead."))
        }
        do {
            try await conversation()
            report.diagnosis = DiagnosisBuilder.make(.OK, context(nil))
            if stoppedAtGate {
                report.diagnosis.message = "\(ReportFormat.hostPort(plan)) works up to EHLO (\(ReportFormat.securityName(plan.security))); AUTH was not tried here: --discover logs in on one candidate only."
            }
        } catch let failure as StageFailure {
            report.diagnosis = failure.diagnosis
            if failure.connectionUsable { await quitAfterFailure() }
        } catch {
            report.diagnosis = DiagnosisBuilder.make(.CONNECTION_CLOSED, context(nil))
        }
        connection?.close()
        return report
    }

    /// Sends `QUIT` after a failed stage so the server logs a clean end; the `quit` stage shows its answer.
    private func quitAfterFailure() async {
        guard let connection, connection.channel.isActive else { return }
        events(.stageStarted(.quit))
        let start = DispatchTime.now()
        guard let reply = try? await connection.command("QUIT", by: .now() + timeout) else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        let result = StageResult(
            id: .quit, status: reply.code == 221 ? .ok : .failed, milliseconds: elapsed, reply: reply,
            detail: "session closed after the failure")
        report.set(result)
        events(.stageFinished(result))
    }

    /// Runs one stage: times it, records the result, and turns errors into a ``StageFailure``.
    func stage<T>(_ id: StageID, _ body: (inout StageNote, NIODeadline) async throws -> T) async throws -> T {
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
            let failure = ProbeError.tlsHandshake(TLSFailureText.describe(error))
            note.detail = DiagnosisBuilder.detail(for: failure)
            finish(.failed)
            throw StageFailure(diagnosis: DiagnosisBuilder.make(DiagnosisBuilder.code(for: failure, at: id), context(id, note: note)))
        }
    }

    /// A failure at `id`; the connection counts as usable for `QUIT` when the stage read a complete reply,
    /// unless `usable` says otherwise.
    func fail(_ code: DiagnosisCode, _ id: StageID, _ note: StageNote, hint: String? = nil, usable: Bool? = nil) -> StageFailure {
        var context = context(id, note: note)
        context.ruleHint = hint
        return StageFailure(diagnosis: DiagnosisBuilder.make(code, context), connectionUsable: usable ?? (note.reply != nil))
    }

    /// The failure a refusing `reply` at `id` leads to, by the reply table (SPEC §7).
    func refusal(_ reply: SMTPReply, _ id: StageID, _ note: StageNote) -> StageFailure {
        let context = replyContext(id)
        let authOffered = !report.authOffered.isEmpty
        switch ReplyRules.classify(reply, context, authOffered: authOffered) {
        case .failure(let code, let hint): return fail(code, id, note, hint: hint)
        case .warning: return fail(ReplyRules.fallback(context, authOffered: authOffered), id, note)
        }
    }

    func replyContext(_ id: StageID) -> ReplyContext {
        ReplyContext(stage: id, usedTLS: usedTLS, loggedIn: loggedIn, relayCheck: options.sendTestTo == nil)
    }

    func skip(_ id: StageID, _ detail: String) {
        let result = StageResult.skipped(id, detail)
        report.set(result)
        events(.stageFinished(result))
    }

    func conversation() async throws {
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
        let implicitTLS = plan.security == .smtps ? tlsSetup.map(Self.handlerFactory) : nil
        let connection = try await stage(.connect) { note, deadline in
            var lastError = ProbeError.connectRefused
            for address in addresses {
                let remaining = deadline - .now()
                guard remaining > .zero else { throw ProbeError.connectTimeout }
                do {
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
        if options.secret != nil, let gate = options.authGate, !(await gate()) {
            stoppedAtGate = true
            for id in [StageID.auth, .mail, .rcpt, .data] { skip(id, ProbeSession.notChosenDetail) }
        } else {
            try await authenticate(connection)
            try await mailTransaction(connection)
        }
        try await stage(.quit) { note, deadline in
            let reply = try await connection.command("QUIT", by: deadline)
            note.reply = reply
            note.detail = "session closed"
            if reply.code != 221 {
                throw fail(.PROTOCOL_ERROR, .quit, StageNote(reply: reply, detail: "QUIT answered \(reply.code)"), usable: false)
            }
        }
    }

    /// The detail of the stages `--discover` did not run on a candidate it did not log in on.
    static let notChosenDetail = "not tried: --discover logs in on one candidate only"

    /// A factory for verifying TLS handlers, to be called on the channel's event loop.
    static func handlerFactory(_ setup: TLSSetup) -> SMTPConnection.TLSHandlerFactory {
        { try setup.verifyingHandler() }
    }
}
