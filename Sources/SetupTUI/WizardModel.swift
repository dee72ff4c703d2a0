import ConfigWriter
import SMTPProbe
import SMTPSettings

/// The wizard's steps, in the order of SPEC §8.
public enum WizardStep: Int, Sendable, Equatable, CaseIterable, Comparable {
    case start, user, endpoint, security, secret, probe, review, done

    /// The name shown in the step bar and in "Change …" actions.
    public var title: String {
        switch self {
        case .start: return "Start"
        case .user: return "User"
        case .endpoint: return "Endpoint"
        case .security: return "Security"
        case .secret: return "Secret"
        case .probe: return "Probe"
        case .review: return "Review"
        case .done: return "Done"
        }
    }

    /// What the step is for, shown by F1.
    public var help: String {
        switch self {
        case .start:
            return "Choose what to do with the config file: configure SMTP so that new users are verified by mail, set the skip flag instead (the server then starts without a mail server), or probe the settings already in the file. The skip-flag layout depends on the server version: before 0.7 legacy, 0.7 and later current; when neither the file nor the compose image tells, the wizard asks."
        case .user:
            return "The login at the mail server, usually your full mail address. Relay services use their own: SendGrid the word apikey, Postmark the server token."
        case .endpoint:
            return "The mail server: a host name such as smtp.example.org (the server connects with TLS), or smtp://host:port for a relay you run yourself. A host with a port (host:587) is not valid: use smtp://host:587?tls=required. Ctrl-P takes the known provider's endpoint."
        case .security:
            return "How the connection is secured. SMTPS (465) and STARTTLS (587) are for mail providers; STARTTLS on another port needs a smtp:// URL; a relay without TLS sends everything, the password too, in plain text. Auto-detect tries the usual ports and selects what worked."
        case .secret:
            return "Where the server finds the password: a variable you set for it, a .env file next to config.toml (the wizard writes it, mode 0600), or inline in config.toml (readable by anyone who can read the file). Typing here never triggers a hotkey."
        case .probe:
            return "The probe connects exactly as the server will and reports each stage. On failure it names the setting to change; Retry tests again, Send test mail sends a message to the address below, d shows the full report with the TLS details and the server's replies."
        case .review:
            return "The changes to config.toml and .env as a diff, secrets as ***. Repairs of what the server would refuse or misread are part of it, one line each; Without repairs leaves them out. Write saves with a backup; comments and the rest of the file stay as they are."
        case .done:
            return "What was written, the backups, and what to do next."
        }
    }

    /// Steps are ordered as the wizard walks them.
    public static func < (lhs: WizardStep, rhs: WizardStep) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What the config file holds when the wizard starts (read through ConfigWriter).
public struct ConfigSummary: Sendable, Equatable {
    /// The config.toml path as given.
    public var configPath: String
    /// The `.env` path the wizard writes a secret to.
    public var envFilePath: String
    /// Whether config.toml exists yet.
    public var exists: Bool
    /// The `[smtp]` section, if any.
    public var smtp: SMTPSettings?
    /// The skip flag, `nil` when absent.
    public var skipVerification: Bool?
    /// The skip-flag layout the server reads, `nil` when neither the file nor the deployment tells (SPEC §1 step
    /// 3): the wizard then asks when it matters, nothing preselected.
    public var layout: SkipFlagLayout?
    /// How the layout was decided, in words (the file's content, `--schema`, the compose image's tag).
    public var layoutReason: String
    /// The layout the compose service's server image reads by its tag, `nil` when no image tag tells.
    public var serverLayout: SkipFlagLayout?
    /// Where the server runs, as the service detected it at load; the Done screen's next step follows it.
    public var deployment: Deployment = .standalone
    /// What in the file the server would refuse (`serverRefusesFile`) or misread (a skip flag in the layout its
    /// version does not read, an inline secret with `${…}`), as the service reports it.
    public var problems: [SettingsWarning] = []
    /// The repairs the service offers for the file (SPEC §12); the wizard puts them into the reviewed diff.
    public var repairs: [Repair] = []
    /// The `[smtp]` settings as they read after the repairs (e.g. those of `[smtp_config]`): the fields are
    /// prefilled from these; `nil` when the repairs do not touch them.
    public var repairedSMTP: SMTPSettings?

    /// Whether any repair changes the file (others are only reported).
    public var offersRepairs: Bool { repairs.contains(where: \.changesFile) }
}

/// Everything the probe needs: the settings exactly as the wizard would write them, and the secret as it would
/// be written. `SetupService.probeRequest(for:secret:overrides:)` turns it into the same request `probe` builds.
public struct WizardProbeRequest: Sendable, Equatable {
    /// The settings to test, as written (`${VAR}` is substituted by the service as the server does).
    public var settings: SMTPSettings
    /// The secret as it will be written; `nil` for `settings.secret` as it is (the file's own, in test mode).
    public var secret: SecretWrite?
    /// A recipient for a test message, or `nil` for no message.
    public var sendTestTo: String?

    /// Creates a request.
    public init(settings: SMTPSettings, secret: SecretWrite?, sendTestTo: String? = nil) {
        self.settings = settings
        self.secret = secret
        self.sendTestTo = sendTestTo
    }
}

/// The status of one probe stage as the wizard shows it.
public enum StageStatus: String, Sendable, Equatable {
    /// Not started yet.
    case pending
    /// Started, not finished.
    case running
    /// Passed.
    case ok
    /// Failed.
    case failed
    /// Did not apply or was not reached.
    case skipped
}

/// One row of the live stage list.
public struct StageRow: Sendable, Equatable {
    /// The stage id of SPEC §7 (`resolve`, `connect`, …).
    public var id: String
    /// The status.
    public var status: StageStatus
    /// Milliseconds the stage took, when finished.
    public var milliseconds: Double?
    /// The detail line (never a secret).
    public var detail: String

    /// Creates a row.
    public init(id: String, status: StageStatus = .pending, milliseconds: Double? = nil, detail: String = "") {
        self.id = id
        self.status = status
        self.milliseconds = milliseconds
        self.detail = detail
    }

    /// The stage ids of SPEC §7, in order.
    public static let stageIDs = [
        "resolve", "connect", "tls", "greeting", "ehlo", "starttls", "ehlo2", "auth", "mail", "rcpt", "data", "quit",
    ]
}

/// The end of a probe run: the diagnosis and the step it points at.
public struct ProbeOutcome: Sendable, Equatable {
    /// The diagnosis code of SPEC §7 (`OK`, `AUTH_FAILED`, …).
    public var code: DiagnosisCode
    /// The one-line message.
    public var message: String
    /// What to change, if anything.
    public var hint: String?
    /// The wizard step that holds the setting to change, if the diagnosis names one.
    public var step: WizardStep?
    /// The final stage rows.
    public var stages: [StageRow]
    /// Non-fatal warnings (e.g. `CERT_EXPIRES_SOON`).
    public var warnings: [SettingsWarning] = []
    /// The whole report as `probe` prints it (stages with replies, TLS, extensions, AUTH), for the details view.
    public var details: [String] = []

    /// Whether every stage passed.
    public var ok: Bool { code == .OK }
}

/// One attempt of auto-detection.
public struct DiscoveryAttempt: Sendable, Equatable {
    /// What was tried, e.g. "SMTPS 465".
    public var label: String
    /// The diagnosis code of the attempt.
    public var code: DiagnosisCode

    /// Whether the attempt worked.
    public var ok: Bool { code == .OK }
}

/// The result of auto-detection (`probe --discover`).
public struct DiscoveryOutcome: Sendable, Equatable {
    /// What auto-detection recommends: the `endpoint` and `starttls` to write.
    public struct Recommendation: Sendable, Equatable {
        /// The endpoint, e.g. `smtp.example.org` or `smtp://localhost`.
        public var endpoint: String
        /// The starttls setting (only meaningful for a relay host).
        public var starttls: Bool
    }

    /// Each attempt with its diagnosis.
    public var attempts: [DiscoveryAttempt]
    /// The recommended settings, exactly as `probe --discover` recommends them, or `nil` when nothing worked.
    public var recommended: Recommendation?

    /// Creates an outcome.
    public init(attempts: [DiscoveryAttempt], recommended: Recommendation?) {
        self.attempts = attempts
        self.recommended = recommended
    }
}

/// The change the wizard is about to write.
public enum WizardChange: Sendable, Equatable {
    /// Write the `[smtp]` section: `settings` as the wizard shows and probed them, the secret as `secret` says; a
    /// skip flag is turned off in `layout` (`nil`: the one the service decided). With `repair`, the file's repairs
    /// go into the same plan.
    case smtp(SMTPSettings, secret: SecretWrite, layout: SkipFlagLayout?, repair: Bool = false)
    /// Set the skip flag in the given layout, with the file's repairs when `repair`.
    case skipVerification(layout: SkipFlagLayout, repair: Bool = false)
    /// Make only the file's repairs (after testing a file the server refuses).
    case repairOnly
}

/// A computed change, ready to write.
public struct PlanPreview: Sendable, Equatable {
    /// The unified diff of config.toml and `.env`, secrets as `***`.
    public var diff: String
    /// Warnings and notes to show beside the diff.
    public var notes: [String]
    /// One line per repair the diff makes (SPEC §12).
    public var repairs: [String]

    /// Creates a preview.
    public init(diff: String, notes: [String], repairs: [String] = []) {
        self.diff = diff
        self.notes = notes
        self.repairs = repairs
    }
}

/// What writing did.
public struct WriteOutcome: Sendable, Equatable {
    /// The files written.
    public var writtenFiles: [String]
    /// The backups made.
    public var backupFiles: [String]
    /// Whether config.toml changed.
    public var configChanged: Bool
    /// Whether the `.env` file changed.
    public var envChanged: Bool
    /// The warnings as they stand after the write (backups holding a secret, files git would commit).
    public var warnings: [String]
    /// One line per repair made.
    public var repairs: [String]

    /// Creates an outcome.
    public init(
        writtenFiles: [String], backupFiles: [String], configChanged: Bool = true, envChanged: Bool = false,
        warnings: [String] = [], repairs: [String] = []
    ) {
        self.repairs = repairs
        self.writtenFiles = writtenFiles
        self.backupFiles = backupFiles
        self.configChanged = configChanged
        self.envChanged = envChanged
        self.warnings = warnings
    }
}
