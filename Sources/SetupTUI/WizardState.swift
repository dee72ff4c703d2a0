import ConfigWriter
import SMTPSettings
import SetupService

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
        /// Making only the repairs the file needs (offered after testing it).
        case repair
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
    /// The skip-flag layout to write; `nil` while it is unknown and not chosen.
    public var layout: SkipFlagLayout?
    /// The question the Start screen asks when the layout is unknown and needed, or `nil`.
    public var layoutQuestion: LayoutQuestion?
    /// Whether the file's repairs go into the reviewed diff (on by default when there are any; Review can drop them).
    public var applyRepairs: Bool
    /// The login.
    public var user: TextField
    /// The endpoint exactly as it will be written: a host name or a `smtp://` URL.
    public var endpoint: TextField
    /// The `starttls` setting as it will be written; `nil` keeps it absent.
    public var starttls: Bool?
    /// The endpoint the wizard itself filled in from a known provider; while the field still holds it, it follows
    /// a changed login.
    var endpointPrefill: String?
    /// The relay service chosen on the Endpoint screen: 0 for none, else 1 + its index in `KnownProvider.relayServices`.
    public var relayService = 0
    /// The security selected on the Security screen (applied to the settings when the screen is left).
    public var security: SecurityChoice = .smtps
    /// The port of a `smtp://` URL choice.
    public var port: TextField
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
    /// The first line of the probe's outcome shown (it scrolls when it does not fit).
    public var outcomeScroll = 0
    /// The first line of the details view, or `nil` when it is closed.
    public var detailsScroll: Int?
    /// Whether the administrator continued after a failed probe (the review reminds of it).
    public var continuedAfterFailure: ProbeOutcome?
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
    /// The first line of the Done screen shown (it scrolls when it does not fit).
    public var doneScroll = 0
    /// The exit status to leave with on cancel after a failed write (otherwise 130).
    public var failureExitCode: Int32?

    /// The wizard at its Start screen, fields prefilled from the file as they are written there.
    public init(summary: ConfigSummary, columns: Int, rows: Int) {
        self.summary = summary
        self.columns = columns
        self.rows = rows
        layout = summary.layout
        applyRepairs = summary.offersRepairs
        let smtp = summary.repairedSMTP ?? summary.smtp
        user = TextField(smtp?.user ?? "")
        testRecipientPrefill = smtp?.user.contains("@") == true ? smtp?.user ?? "" : ""
        testRecipient = TextField(testRecipientPrefill)
        endpoint = TextField(smtp?.endpoint ?? "")
        starttls = smtp?.starttls
        port = TextField("")
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
        selectSecurityFromSettings()
    }

    /// Whether the terminal is too small to draw the wizard.
    public var tooSmall: Bool { columns < Self.minimumSize.columns || rows < Self.minimumSize.rows }

    /// The items that take the focus on the current screen, in Tab order.
    public var focusItems: [FocusItem] {
        switch step {
        case .start: return layoutQuestion == nil ? [.startActions, .layout] : [.layoutQuestion]
        case .user: return [.user]
        case .endpoint: return [.endpoint, .relayService]
        case .security: return security.isURL ? [.security, .port, .autoDetect] : [.security, .autoDetect]
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
                if summary.offersRepairs, !outcome.ok { list.append(.repair) }
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
            if case .ready = review {
                guard summary.offersRepairs, mode != .repair else { return [.write, .back, .cancel] }
                return [.write, applyRepairs ? .withoutRepairs : .withRepairs, .back, .cancel]
            }
            if failureExitCode == ExitStatus.changedOnDisk.rawValue { return [.reread, .back, .cancel] }
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

    /// The one settings value the wizard shows, probes and writes: the fields exactly as entered.
    public var settings: SMTPSettings {
        SMTPSettings(user: user.text, endpoint: endpoint.text, secret: secretSource, starttls: starttls)
    }

    /// The settings with the Security screen's selection applied (what leaving that screen will write).
    var settingsWithSelectedSecurity: SMTPSettings {
        security.applied(to: settings, port: port.text)
    }

    /// Selects the security and port that the current settings express.
    mutating func selectSecurityFromSettings() {
        let current = settings
        security = SecurityChoice(current) ?? .smtps
        port.set(SecurityChoice.portText(current, choice: security))
    }

    /// Makes the settings those of the Security screen's selection.
    mutating func applySelectedSecurity() {
        let applied = settingsWithSelectedSecurity
        endpoint.set(applied.endpoint)
        starttls = applied.starttls
    }

    /// The `secret` setting as it will be written (an inline value kept from the file when none was typed).
    var secretSource: SecretSource {
        switch secretChoice {
        case .none: return .none
        case .environment, .dotenv: return .variable(secretName.text)
        case .inline:
            if secretValue.text.isEmpty, case .inline(let value) = fileSMTP?.secret { return .inline(value) }
            return .inline(secretValue.text)
        }
    }

    /// Whether an inline secret in the file is kept when the value field stays empty.
    var keepsInlineSecret: Bool {
        guard secretChoice == .inline, case .inline = fileSMTP?.secret else { return false }
        return true
    }

    /// What to do with the secret when writing.
    var secretPlan: SecretWrite {
        switch secretChoice {
        case .none: return fileSMTP?.secret == SecretSource.none || fileSMTP == nil ? .keep : .remove
        case .environment: return .variable(secretName.text)
        case .dotenv: return .dotenv(name: secretName.text, value: secretValue.text)
        case .inline: return keepsInlineSecret && secretValue.text.isEmpty ? .keep : .inline(secretValue.text)
        }
    }

    /// Whether the server must be restarted to pick up the secret: a `.env` value written, or a variable it
    /// did not read before.
    var secretChangeNeedsRestart: Bool {
        switch secretPlan {
        case .dotenv: return true
        case .variable(let name): return fileSMTP?.secret != .variable(name)
        case .keep, .remove, .inline: return false
        }
    }

    /// The `[smtp]` settings the fields start from: the file's, as they read after the repairs.
    var fileSMTP: SMTPSettings? { summary.repairedSMTP ?? summary.smtp }

    /// Whether the Start action needs the layout first: the skip flag is written in it, or (configuring) a skip
    /// flag that is true must be turned off in it.
    var actionNeedsLayout: Bool {
        switch startAction {
        case .skip: return true
        case .configure: return summary.skipVerification == true
        case .test, .quit: return false
        }
    }

    /// The probe request for the values entered so far, the secret as it will be written (in test mode: the
    /// file's settings and secret as they are).
    func probeRequest(sendTestTo: String? = nil) -> WizardProbeRequest {
        if mode == .test, let smtp = summary.smtp { return WizardProbeRequest(settings: smtp, secret: nil, sendTestTo: sendTestTo) }
        return WizardProbeRequest(settings: settings, secret: secretPlan, sendTestTo: sendTestTo)
    }

    /// The change to write.
    var change: WizardChange {
        if mode == .repair { return .repairOnly }
        let repair = applyRepairs && summary.offersRepairs
        if mode == .skip, let layout { return .skipVerification(layout: layout, repair: repair) }
        return .smtp(settings, secret: secretPlan, layout: layout, repair: repair)
    }
}

extension WizardState {
    /// Makes the test recipient the login just entered, unless the administrator typed another recipient.
    mutating func prefillTestRecipientFromUser() {
        guard testRecipient.text.isEmpty || testRecipient.text == testRecipientPrefill, user.text.contains("@") else { return }
        testRecipientPrefill = user.text
        testRecipient.set(user.text)
    }

    /// The known provider for the login's mail domain, if any.
    var suggestedProvider: KnownProvider? { KnownProvider.forUser(user.text) }

    /// Takes the known provider's endpoint and security.
    mutating func takeSuggestedProvider() {
        guard let provider = suggestedProvider else { return }
        endpoint.set(provider.endpoint)
        endpointPrefill = provider.endpoint
        starttls = provider.starttls ? true : (starttls == nil ? nil : false)
        errors[.endpoint] = nil
        selectSecurityFromSettings()
    }

    /// After the login changed: an empty endpoint, or one the wizard filled in from a provider, follows the
    /// new login's provider.
    mutating func followLoginWithEndpoint() {
        guard endpoint.text.isEmpty || endpoint.text == endpointPrefill else { return }
        if suggestedProvider != nil {
            takeSuggestedProvider()
        } else if endpointPrefill != nil {
            endpoint.set("")
            endpointPrefill = nil
        }
    }
}

extension WizardState {
    /// The Done screen's next step (both views), from ConfigWriter's `DeploymentNextStep`: how the running server
    /// picks up what was written (a changed secret is read only at start), then the test mail.
    var nextStepLines: [String] {
        let written = self.written ?? WriteOutcome(writtenFiles: [], backupFiles: [], configChanged: false)
        let readAtStart = written.envChanged || (written.configChanged && secretChangeNeedsRestart)
        let step = DeploymentNextStep(
            deployment: summary.deployment, configChanged: written.configChanged,
            envFilePath: readAtStart ? summary.envFilePath : nil)
        return step.explanation(testAddress: testRecipient.text.isEmpty ? "<address>" : testRecipient.text)
    }

    /// The Done screen's next step after writing the skip flag: nothing when the server reloads the config by itself,
    /// else the deployment's command (a single-file bind needs the container recreated); no test mail.
    var skipNextStepLines: [String] {
        let step = DeploymentNextStep(deployment: summary.deployment, configChanged: written?.configChanged ?? false, envFilePath: nil)
        guard step != .nothing else {
            return ["The server reloads config.toml by itself: it no longer verifies new users by mail."]
        }
        return Array(step.explanation(testAddress: "").dropLast())
    }
}
