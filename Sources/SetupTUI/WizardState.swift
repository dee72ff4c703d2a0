import ConfigWriter
import SMTPSettings

/// The whole wizard as a value: which screen, every field, and what the effects reported.
/// Only `update(_:_:)` changes it; `render(_:)` draws it.
public struct WizardState: Sendable, Equatable {
    /// The smallest terminal the wizard draws in.
    public static let minimumSize = (columns: 80, rows: 24)

    /// What the wizard is doing overall.
    public enum Mode: Sendable, Equatable {
        /// Writing an `[smtp]` section.
        case configure
        /// Writing the skip flag.
        case skip
        /// Probing the settings already in the file.
        case test
    }

    /// The probe screen's progress.
    public struct ProbeProgress: Sendable, Equatable {
        /// The run number; events of older runs are ignored.
        public var run = 0
        /// Whether a run is under way.
        public var running = false
        /// The stage rows.
        public var stages: [StageRow] = StageRow.stageIDs.map { StageRow(id: $0) }
        /// The outcome of the last run.
        public var outcome: ProbeOutcome?
        /// Whether the last run sent a test message.
        public var sentTest = false
    }

    /// The review screen's content.
    public enum Review: Sendable, Equatable {
        /// Nothing computed yet.
        case idle
        /// The change is being computed.
        case computing
        /// The diff is ready.
        case ready(PlanPreview)
        /// The change cannot be made.
        case failed(String)
        /// The files are being written.
        case writing(PlanPreview)
    }

    /// What the config file holds.
    public var summary: ConfigSummary
    /// The terminal size.
    public var columns: Int
    /// The terminal size.
    public var rows: Int
    /// The current step.
    public var step: WizardStep = .start
    /// The overall mode.
    public var mode: Mode = .configure
    /// The focused item's index in `focusItems`.
    public var focusIndex = 0
    /// Whether the help overlay is shown.
    public var showingHelp = false
    /// Validation errors, shown as text beside their field.
    public var errors: [FocusItem: String] = [:]
    /// A one-line message for the status line.
    public var status: String?

    /// The selected Start action.
    public var startAction: StartAction = .configure
    /// The skip-flag layout to write.
    public var layout: SkipFlagLayout
    /// The login.
    public var user: TextField
    /// The endpoint as typed: a host name or a `smtp://` URL.
    public var endpoint: TextField
    /// The relay service chosen on the Endpoint screen: 0 for none, else 1 + its index in `KnownProvider.relayServices`.
    public var relayService = 0
    /// The selected security.
    public var security: SecurityChoice
    /// The port of a local relay without TLS.
    public var localPort: TextField
    /// Auto-detection: whether it is running, and its last result.
    public var discoveryRunning = false
    /// The last auto-detection result.
    public var discovery: DiscoveryOutcome?
    /// Where the secret lives.
    public var secretChoice: SecretChoice
    /// The variable name for an environment or `.env` secret.
    public var secretName: TextField
    /// The secret value (masked).
    public var secretValue: TextField
    /// The probe.
    public var probe = ProbeProgress()
    /// The test message recipient.
    public var testRecipient: TextField
    /// The address the wizard itself put into `testRecipient` (the login); while the field still holds it, the
    /// recipient follows the login when the administrator changes it.
    var testRecipientPrefill: String
    /// The selected button on screens with buttons.
    public var buttonIndex = 0
    /// The review screen.
    public var review: Review = .idle
    /// The first diff line shown.
    public var reviewScroll = 0
    /// What writing did.
    public var written: WriteOutcome?
    /// The exit status to leave with on cancel after a failed write (otherwise 130).
    public var failureExitCode: Int32?

    /// The wizard at its Start screen, fields prefilled from the file.
    public init(summary: ConfigSummary, columns: Int, rows: Int) {
        self.summary = summary
        self.columns = columns
        self.rows = rows
        layout = summary.layout
        let smtp = summary.smtp
        user = TextField(smtp?.user ?? "")
        testRecipientPrefill = smtp?.user.contains("@") == true ? smtp?.user ?? "" : ""
        testRecipient = TextField(testRecipientPrefill)
        var endpointText = smtp?.endpoint ?? ""
        var security = SecurityChoice.smtps
        var port = "25"
        if let smtp, let parsed = try? Endpoint(parsing: smtp.endpoint) {
            switch parsed.form {
            case .relay(let host):
                endpointText = host
                security = smtp.starttls == true ? .starttls : .smtps
            case .url(let host, _, .smtps):
                endpointText = host
            case .url(_, let urlPort, _):
                security = .plain
                port = String(urlPort ?? 25)
            }
        }
        endpoint = TextField(endpointText)
        self.security = security
        localPort = TextField(port)
        switch smtp?.secret ?? .none {
        case .none:
            secretChoice = .none
            secretName = TextField("SMTP_SECRET")
        case .variable(let name):
            secretChoice = .environment
            secretName = TextField(name)
        case .inline:
            secretChoice = .inline
            secretName = TextField("SMTP_SECRET")
        }
        secretValue = TextField("", masked: true)
    }

    /// Whether the terminal is too small to draw the wizard.
    public var tooSmall: Bool { columns < Self.minimumSize.columns || rows < Self.minimumSize.rows }

    /// The items that take the focus on the current screen, in Tab order.
    public var focusItems: [FocusItem] {
        switch step {
        case .start: return [.startActions, .layout]
        case .user: return [.user]
        case .endpoint: return [.endpoint, .relayService]
        case .security: return security == .plain ? [.security, .localPort, .autoDetect] : [.security, .autoDetect]
        case .secret:
            var items: [FocusItem] = [.secretChoice]
            if secretChoice.hasName { items.append(.secretName) }
            if secretChoice.hasValue { items.append(.secretValue) }
            return items
        case .probe: return probe.running ? [] : [.buttons, .testRecipient]
        case .review, .done: return [.buttons]
        }
    }

    /// The focused item, if any.
    public var focus: FocusItem? {
        let items = focusItems
        return items.indices.contains(focusIndex) ? items[focusIndex] : items.first
    }

    /// The buttons of the current screen.
    public var buttons: [WizardButton] {
        switch step {
        case .probe:
            guard let outcome = probe.outcome else { return [] }
            var list: [WizardButton] = []
            if mode == .test {
                if let step = outcome.step { list.append(.change(step)) }
                list += [.retry, .sendTest, .quit]
                return list
            }
            list.append(outcome.ok ? .next : .continueAnyway)
            list.append(.retry)
            if let step = outcome.step, !outcome.ok { list.append(.change(step)) }
            list.append(.sendTest)
            return list
        case .review:
            if case .ready = review { return [.write, .back, .cancel] }
            return [.back, .cancel]
        case .done: return [.quit]
        default: return []
        }
    }

    /// The selected button, if the screen has buttons.
    public var selectedButton: WizardButton? {
        let list = buttons
        return list.indices.contains(buttonIndex) ? list[buttonIndex] : list.first
    }

    /// The host part of the endpoint as typed, if it parses.
    var endpointHost: String? {
        (try? Endpoint(parsing: endpoint.text))?.host
    }

    /// The endpoint and starttls setting to write, from the endpoint and security choices.
    var settingsEndpoint: (endpoint: String, starttls: Bool) {
        let host = endpointHost ?? endpoint.text
        switch security {
        case .smtps: return (host, false)
        case .starttls: return (host, true)
        case .plain:
            let bracketed = host.contains(":") ? "[\(host)]" : host
            return ("smtp://\(bracketed):\(localPort.text)", false)
        }
    }

    /// The secret the probe uses, from the secret choice (or the file's value when kept).
    var probeSecret: ProbeSecret {
        switch secretChoice {
        case .none: return .none
        case .environment: return .variable(secretName.text)
        case .dotenv: return .value(secretValue.text)
        case .inline:
            if secretValue.text.isEmpty, case .inline(let value) = summary.smtp?.secret { return .value(value) }
            return .value(secretValue.text)
        }
    }

    /// What to do with the secret when writing.
    var secretPlan: SecretWrite {
        switch secretChoice {
        case .none: return summary.smtp?.secret == SecretSource.none || summary.smtp == nil ? .keep : .remove
        case .environment: return .variable(secretName.text)
        case .dotenv: return .dotenv(name: secretName.text, value: secretValue.text)
        case .inline:
            if secretValue.text.isEmpty, case .inline = summary.smtp?.secret { return .keep }
            return .inline(secretValue.text)
        }
    }

    /// The probe request for the values entered so far (or the file's values in test mode).
    func probeRequest(sendTestTo: String? = nil) -> ProbeRequest {
        if mode == .test, let smtp = summary.smtp {
            let secret: ProbeSecret
            switch smtp.secret {
            case .none: secret = .none
            case .variable(let name): secret = .variable(name)
            case .inline(let value): secret = .value(value)
            }
            return ProbeRequest(
                user: smtp.user, endpoint: smtp.endpoint, starttls: smtp.starttls ?? false, secret: secret,
                sendTestTo: sendTestTo)
        }
        let settings = settingsEndpoint
        return ProbeRequest(
            user: user.text, endpoint: settings.endpoint, starttls: settings.starttls, secret: probeSecret,
            sendTestTo: sendTestTo)
    }

    /// The change to write.
    var change: WizardChange {
        if mode == .skip { return .skipVerification(layout: layout) }
        let settings = settingsEndpoint
        return .smtp(
            user: user.text, endpoint: settings.endpoint, starttls: settings.starttls, secret: secretPlan, layout: layout)
    }
}

extension WizardState {
    /// Makes the test recipient the login just entered, unless the administrator typed another recipient.
    mutating func prefillTestRecipientFromUser() {
        guard testRecipient.text.isEmpty || testRecipient.text == testRecipientPrefill, user.text.contains("@") else { return }
        testRecipientPrefill = user.text
        testRecipient.set(user.text)
    }
}
