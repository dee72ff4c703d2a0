import SMTPSettings

extension ProbeReport {
    /// The whole report for people: header, the stage list with timings, TLS and EHLO findings, warnings, diagnosis.
    /// Like every human rendering here, it holds no control characters: those a server sent are shown as `\x1b` escapes.
    public func humanText() -> String {
        ([humanHeader()] + stages.map(Self.stageLine) + [humanSummary()]).joined(separator: "\n")
    }

    /// The first lines: what is probed, and whether the connection differs from the server's (what-if).
    public func humanHeader() -> String {
        Self.header(endpoint: endpoint, plan: plan)
    }

    /// The header for a probe that has not run yet, for live output.
    public static func header(endpoint: String, plan: ConnectionPlan) -> String {
        guard plan.port > 0 else { return ReportFormat.printable("Probe of endpoint \"\(endpoint)\": not run") }
        var lines = ["Probe of endpoint \"\(endpoint)\": \(ReportFormat.hostPort(plan)), \(ReportFormat.securityName(plan.security))"]
        if plan.whatIf {
            lines.append("What-if: --port/--tls make this connection differ from what the server itself would do.")
        }
        return lines.map(ReportFormat.printable).joined(separator: "\n")
    }

    /// One stage as a fixed-width line: status, id, milliseconds, detail and the server's reply.
    public static func stageLine(_ stage: StageResult) -> String {
        let status = stage.status == .ok ? "ok" : stage.status == .failed ? "FAILED" : "skipped"
        let time = stage.status == .skipped ? "" : "\(ReportFormat.oneDecimal(stage.milliseconds)) ms"
        var line = "  " + status.padding(toLength: 8, withPad: " ", startingAt: 0)
            + stage.id.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            + String(repeating: " ", count: max(0, 10 - time.count)) + time + "  " + stage.detail
        if let reply = stage.reply { line += " [\(reply.text)]" }
        return ReportFormat.printable(line)
    }

    /// The lines after the stage list: TLS, extensions, AUTH, warnings, diagnosis and hint.
    public func humanSummary() -> String {
        var lines: [String] = []
        if let tls {
            lines.append("TLS:         \(tls.version ?? "handshake not completed")" + (tls.cipher.map { ", \($0)" } ?? ""))
            if let subject = tls.subject {
                lines.append("Certificate: \(subject), issued by \(tls.issuer ?? "?")")
                if !tls.subjectAlternativeNames.isEmpty {
                    lines.append("             names: \(tls.subjectAlternativeNames.joined(separator: ", "))")
                }
                if let notBefore = tls.notBefore, let notAfter = tls.notAfter {
                    lines.append("             valid \(ReportFormat.date(notBefore)) to \(ReportFormat.date(notAfter))")
                }
            }
            if tls.verified {
                lines.append("             verified" + (tls.trustedViaCAFile ? " only thanks to --ca-file (the server would not trust it)" : ""))
            } else if let error = tls.error {
                lines.append("             NOT verified: \(error)")
            }
        }
        if extensionsAfterSTARTTLS != nil {
            lines.append("Extensions before STARTTLS: \(Self.list(extensionsBeforeSTARTTLS))")
            lines.append("Extensions after STARTTLS:  \(Self.list(extensions))")
        } else if stage(.ehlo).status == .ok {
            lines.append("Extensions:  \(Self.list(extensions))")
        }
        if stage(.ehlo).status == .ok {
            lines.append("AUTH:        offered \(Self.list(authOffered)); used \(authUsed ?? "none")")
        }
        if let secretLine = Self.secretLine(secret) { lines.append(secretLine) }
        for warning in warnings {
            lines.append("Warning \(warning.code.rawValue): \(warning.message)")
        }
        lines.append("Diagnosis:   \(diagnosis.code.rawValue): \(diagnosis.message)")
        if let hint = diagnosis.hint { lines.append("Hint:        \(hint)") }
        return lines.map(ReportFormat.printable).joined(separator: "\n")
    }

    /// `Secret:      ${SMTP_SECRET}, from .env` and the like; `nil` when no secret is configured.
    static func secretLine(_ secret: SecretProvenance) -> String? {
        let origin: String
        switch secret.source {
        case .none: return nil
        case .inline: origin = "written in config.toml"
        case .env:
            let name = "${\(secret.variable ?? "")}"
            switch secret.resolvedFrom {
            case .environment: origin = "\(name), from the environment"
            case .dotenv: origin = "\(name), from .env"
            case nil: origin = "\(name), not set"
            }
        }
        return "Secret:      \(origin)"
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "none" : items.joined(separator: ", ")
    }
}
