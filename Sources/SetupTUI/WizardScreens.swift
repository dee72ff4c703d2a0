import ConfigWriter
import SMTPSettings

/// The content of each screen of SPEC §8.
extension Canvas {
    mutating func labelled(_ label: String, _ value: String, row: Int, style: CellStyle = .plain) {
        buffer.write(label, row: row, column: 2, style: Self.labelStyle)
        buffer.write(TextWrap.truncate(value, width: width - WizardLayout.fieldColumn - 1), row: row,
            column: WizardLayout.fieldColumn, style: style)
    }

    static func planText(_ smtp: SMTPSettings) -> String {
        guard let plan = try? smtp.plan() else { return "  (invalid)" }
        return "  → \(securityText(plan.security)), port \(plan.port)"
    }

    static func securityText(_ security: TransportSecurity) -> String {
        switch security {
        case .smtps: return "SMTPS"
        case .starttls: return "STARTTLS"
        case .starttlsOpportunistic: return "STARTTLS if offered"
        case .none: return "no TLS"
        }
    }

    static func secretText(_ secret: SecretSource) -> String {
        switch secret {
        case .none: return "none"
        case .inline: return "inline in config.toml (hidden)"
        case .variable(let name): return "${\(name)}"
        }
    }

    mutating func drawUser() {
        var row = paragraph("The login at the mail server: usually your full mail address. Relay services use their own (SendGrid: apikey).", row: WizardLayout.top)
        row += 1
        field("Login", state.user, item: .user, row: row)
    }

    mutating func drawEndpoint() {
        var row = paragraph(
            "The mail server: a host name such as smtp.example.org (the server connects with TLS), or smtp://host:port for a local relay without TLS.",
            row: WizardLayout.top)
        row += 1
        row = field("Endpoint", state.endpoint, item: .endpoint, row: row) + 1
        if let provider = state.suggestedProvider, let domain = Login.mailDomain(of: state.user.text) {
            let security = provider.starttls ? "STARTTLS (port 587)" : "SMTPS (port 465)"
            let taken = state.endpoint.text == provider.endpoint && state.starttls == (provider.starttls ? true : state.starttls)
            let action = taken ? "" : " Ctrl-P takes it."
            row = paragraph("Known provider for \(domain): \(provider.name), \(provider.endpoint) with \(security).\(action)", row: row, style: Self.okStyle, maxLines: 2)
            if let note = provider.note { row = paragraph(note, row: row, style: Self.warningStyle, maxLines: 2) }
            row += 1
        }
        let focused = state.focus == .relayService && !state.showingHelp
        if focused { buffer.write("›", row: row, column: 0, style: Self.focusStyle) }
        buffer.write("Relay service", row: row, column: 2, style: focused ? Self.focusStyle : Self.labelStyle)
        let relay = state.relayService == 0 ? nil : KnownProvider.relayServices[state.relayService - 1]
        let end = buffer.write("◀ \(relay?.name ?? "none") ▶", row: row, column: WizardLayout.fieldColumn,
            style: focused ? Self.selectedStyle : .plain)
        buffer.write(" ←/→: " + KnownProvider.relayServices.map(\.name).joined(separator: ", "), row: row, column: end, style: Self.dimStyle)
        row += 1
        if let note = relay?.note { row = paragraph(note, row: row, column: WizardLayout.fieldColumn, style: Self.warningStyle, maxLines: 2) }
    }

    mutating func drawSecurity() {
        let host = state.endpointHost ?? state.endpoint.text
        var row = paragraph("How the server secures the connection to \(host):", row: WizardLayout.top) + 1
        row = choices(SecurityChoice.allCases.map(\.label), selected: state.security.rawValue, item: .security, row: row)
        if state.security.isURL {
            row = field("  Port", state.port, item: .port, row: row, fieldWidth: 6)
        }
        row += 1
        let focused = state.focus == .autoDetect && !state.showingHelp
        if focused { buffer.write("›", row: row, column: 0, style: Self.focusStyle) }
        let end = buffer.write(
            state.discoveryRunning ? "[ Auto-detecting… ]" : "[ Auto-detect ]", row: row, column: 2,
            style: focused ? Self.selectedStyle : Self.labelStyle)
        buffer.write(" tries SMTPS 465, STARTTLS 587 and plain 25 at once", row: row, column: end, style: Self.dimStyle)
        row += 1
        if let error = state.errors[.autoDetect] {
            row = paragraph(error, row: row, column: 4, style: Self.errorStyle, maxLines: 2)
        }
        if let discovery = state.discovery {
            for attempt in discovery.attempts {
                let ok = attempt.ok
                buffer.write(ok ? "✓" : "✗", row: row, column: 4, style: ok ? Self.okStyle : Self.errorStyle)
                buffer.write(attempt.label, row: row, column: 6)
                buffer.write(attempt.code.rawValue, row: row, column: 22, style: ok ? Self.okStyle : Self.errorStyle)
                row += 1
            }
        }
        row += 1
        let settings = state.settingsWithSelectedSecurity
        var written = "Writes: endpoint = \"\(settings.endpoint)\""
        if let starttls = settings.starttls { written += ", starttls = \(starttls)" }
        paragraph(written, row: row, style: Self.dimStyle, maxLines: 2)
    }

    mutating func drawSecret() {
        var row = paragraph("Where the server finds the password or API key:", row: WizardLayout.top) + 1
        row = choices(SecretChoice.allCases.map(\.label), selected: state.secretChoice.rawValue, item: .secretChoice, row: row)
        row += 1
        if state.secretChoice.hasName { row = field("Variable", state.secretName, item: .secretName, row: row, fieldWidth: 30) }
        if state.secretChoice.hasValue { row = field("Value", state.secretValue, item: .secretValue, row: row, fieldWidth: 40) }
        row += 1
        let name = state.secretName.text
        let note: String
        switch state.secretChoice {
        case .none: note = "No secret: the server sends mail without logging in (fine for a local relay)."
        case .environment:
            note = "Writes secret = \"${\(name)}\". Set \(name) in the server's environment or in \(state.summary.envFilePath) yourself."
        case .dotenv:
            note = "Writes secret = \"${\(name)}\" and the value to \(state.summary.envFilePath) (created with mode 0600)."
        case .inline:
            var text = "Warning: an inline secret can be read by anyone who can read config.toml; prefer a variable."
            if case .inline = state.fileSMTP?.secret { text += " Leave the value empty to keep the current one." }
            note = text
        }
        paragraph(note, row: row, style: state.secretChoice == .inline ? Self.warningStyle : Self.dimStyle, maxLines: 3)
    }

    mutating func drawProbe() {
        let settings = state.probeRequest().settings
        let plan = try? settings.plan()
        let target = plan.map { "\($0.host):\($0.port) (\(Self.securityText($0.security)))" } ?? settings.endpoint
        buffer.write(TextWrap.truncate("Probing \(target) as \(settings.user)", width: width - 23), row: WizardLayout.top, column: 2, style: Self.labelStyle)
        let finished = state.probe.stages.filter { $0.status != .pending && $0.status != .running }.count
        let total = state.probe.stages.count
        let barWidth = 12
        let filled = total == 0 ? 0 : finished * barWidth / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        buffer.write("\(bar) \(finished)/\(total)", row: WizardLayout.top, column: width - barWidth - 7, style: Self.dimStyle)
        var row = WizardLayout.top + 1
        for stage in WizardLayout.listedStages(state) {
            drawStage(stage, row: row)
            row += 1
        }
        if let skipped = WizardLayout.skippedStagesLine(state) {
            buffer.write(TextWrap.truncate(skipped, width: width - 3), row: row, column: 2, style: Self.dimStyle)
            row += 1
        }
        if let outcome = state.probe.outcome {
            let lines = WizardLayout.outcomeLines(state)
            let room = WizardLayout.outcomeRows(state)
            let shown = lines.dropFirst(state.outcomeScroll).prefix(room)
            var line = row
            for entry in shown {
                let style: CellStyle
                switch entry.kind {
                case .diagnosis: style = outcome.ok ? CellStyle(bold: true, role: .ok) : Self.errorStyle
                case .hint: style = .plain
                case .warning: style = Self.warningStyle
                }
                buffer.write(entry.text, row: line, column: entry.column, style: style)
                line += 1
            }
            let buttons = row + room
            if lines.count > room {
                let last = state.outcomeScroll + shown.count
                let more = "lines \(state.outcomeScroll + 1)–\(last) of \(lines.count) · PgUp/PgDn scroll · d details"
                buffer.write(more, row: buttons, column: width - DisplayWidth.of(more) - 1, style: Self.dimStyle)
            } else if !outcome.details.isEmpty {
                buffer.write("d details", row: buttons, column: width - 10, style: Self.dimStyle)
            }
            buttonRow(row: buttons + 1)
            field("Test mail to", state.testRecipient, item: .testRecipient, row: buttons + 2, fieldWidth: 40)
        } else {
            buffer.write("Running… (each wait is bounded by the timeout)", row: row + 1, column: 2, style: Self.dimStyle)
        }
    }

    mutating func drawStage(_ stage: StageRow, row: Int) {
        let mark: String
        let style: CellStyle
        switch stage.status {
        case .pending: (mark, style) = ("·", Self.dimStyle)
        case .running: (mark, style) = ("…", CellStyle(bold: true, role: .accent))
        case .ok: (mark, style) = ("✓", Self.okStyle)
        case .failed: (mark, style) = ("✗", Self.errorStyle)
        case .skipped: (mark, style) = ("-", Self.dimStyle)
        }
        buffer.write(mark, row: row, column: 2, style: style)
        buffer.write(stage.id, row: row, column: 4, style: stage.status == .failed ? Self.errorStyle : .plain)
        let timing: String
        switch stage.status {
        case .pending: timing = ""
        case .running: timing = "running"
        case .skipped: timing = "skipped"
        case .ok, .failed: timing = stage.milliseconds.map { Self.milliseconds($0) } ?? stage.status.rawValue
        }
        buffer.write(timing, row: row, column: 14 + max(0, 9 - DisplayWidth.of(timing)), style: Self.dimStyle)
        buffer.write(TextWrap.truncate(stage.detail, width: width - 26), row: row, column: 25)
    }

    static func milliseconds(_ value: Double) -> String {
        value < 10 ? "\((value * 10).rounded() / 10) ms" : "\(Int(value.rounded())) ms"
    }

    mutating func drawReview() {
        let top = WizardLayout.top
        switch state.review {
        case .idle, .computing:
            buffer.write("Computing the changes…", row: top, column: 2, style: Self.dimStyle)
        case .failed(let message):
            buffer.write("Nothing was written.", row: top, column: 2, style: Self.labelStyle)
            paragraph("✗ \(message)", row: top + 2, style: Self.errorStyle, maxLines: 8)
        case .ready(let preview), .writing(let preview):
            drawDiff(preview)
        }
        buttonRow(row: state.rows - 4)
    }

    mutating func drawDiff(_ preview: PlanPreview) {
        let top = WizardLayout.top
        let lines = preview.diff.isEmpty ? [] : preview.diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let visible = WizardLayout.reviewDiffRows(state)
        let shown = lines.dropFirst(state.reviewScroll).prefix(visible)
        var header = "Review the changes (secrets as ***):"
        if lines.isEmpty { header = "No changes: the file already holds these settings." }
        if lines.count > visible {
            header += "  lines \(state.reviewScroll + 1)–\(state.reviewScroll + shown.count) of \(lines.count)"
        }
        buffer.write(header, row: top, column: 2, style: Self.labelStyle)
        for (offset, line) in shown.enumerated() {
            let style: CellStyle
            if line.hasPrefix("+++") || line.hasPrefix("---") {
                style = Self.labelStyle
            } else if line.hasPrefix("+") {
                style = CellStyle(role: .added)
            } else if line.hasPrefix("-") {
                style = CellStyle(role: .removed)
            } else if line.hasPrefix("@@") {
                style = CellStyle(role: .accent)
            } else {
                style = .plain
            }
            buffer.write(TextWrap.truncate(line, width: width - 3), row: top + 1 + offset, column: 2, style: style)
        }
        let notes = WizardLayout.reviewNotes(state)
        var row = state.rows - 4 - notes.count
        for note in notes {
            buffer.write(note, row: row, column: 2, style: Self.warningStyle)
            row += 1
        }
        if case .writing = state.review {
            buffer.write("Writing…", row: state.rows - 2, column: 1, style: Self.dimStyle)
        }
    }
}
