import ConfigWriter
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
    /// The layout of the skip flag.
    public var layout: SkipFlagLayout
    /// Whether the layout was found in the file (false: the default was chosen).
    public var layoutWasDetected: Bool

    /// Creates a summary.
    public init(
        configPath: String, envFilePath: String, exists: Bool, smtp: SMTPSettings?, skipVerification: Bool?,
        layout: SkipFlagLayout, layoutWasDetected: Bool
    ) {
        self.configPath = configPath
        self.envFilePath = envFilePath
        self.exists = exists
        self.smtp = smtp
        self.skipVerification = skipVerification
        self.layout = layout
        self.layoutWasDetected = layoutWasDetected
    }
}

/// Where the probe gets the secret from.
public enum ProbeSecret: Sendable, Equatable {
    /// No secret: no AUTH.
    case none
    /// A `${NAME}` reference, resolved from the environment, then the `.env` file.
    case variable(String)
    /// A value typed into the wizard or written inline in the file.
    case value(String)
}

/// Everything the probe needs, as the wizard collected it.
public struct ProbeRequest: Sendable, Equatable {
    /// The login.
    public var user: String
    /// The endpoint setting.
    public var endpoint: String
    /// The starttls setting.
    public var starttls: Bool
    /// The secret.
    public var secret: ProbeSecret
    /// A recipient for a test message, or `nil` for no message.
    public var sendTestTo: String?

    /// Creates a request.
    public init(user: String, endpoint: String, starttls: Bool, secret: ProbeSecret, sendTestTo: String? = nil) {
        self.user = user
        self.endpoint = endpoint
        self.starttls = starttls
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
    public var code: String
    /// The one-line message.
    public var message: String
    /// What to change, if anything.
    public var hint: String?
    /// The wizard step that holds the setting to change, if the diagnosis names one.
    public var step: WizardStep?
    /// The final stage rows.
    public var stages: [StageRow]
    /// Non-fatal warnings, each as `CODE: message` (e.g. `CERT_EXPIRES_SOON: …`).
    public var warnings: [String]

    /// Whether every stage passed.
    public var ok: Bool { code == "OK" }

    /// Creates an outcome.
    public init(
        code: String, message: String, hint: String?, step: WizardStep?, stages: [StageRow], warnings: [String] = []
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.step = step
        self.stages = stages
        self.warnings = warnings
    }
}

/// The security modes the wizard offers (SPEC §8 step 4).
public enum SecurityChoice: Int, Sendable, Equatable, CaseIterable {
    /// Implicit TLS on port 465 (recommended).
    case smtps
    /// STARTTLS on port 587.
    case starttls
    /// A local relay without TLS: `smtp://host:port`.
    case plain

    /// The label in the choice list.
    public var label: String {
        switch self {
        case .smtps: return "SMTPS, port 465 (recommended)"
        case .starttls: return "STARTTLS, port 587"
        case .plain: return "Local relay without TLS (smtp://host:port)"
        }
    }
}

/// One attempt of auto-detection.
public struct DiscoveryAttempt: Sendable, Equatable {
    /// What was tried, e.g. "SMTPS 465".
    public var label: String
    /// The diagnosis code of the attempt.
    public var code: String

    /// Creates an attempt.
    public init(label: String, code: String) {
        self.label = label
        self.code = code
    }
}

/// The result of auto-detection (`probe --discover`).
public struct DiscoveryOutcome: Sendable, Equatable {
    /// Each attempt with its diagnosis.
    public var attempts: [DiscoveryAttempt]
    /// The recommended security, or `nil` when nothing worked.
    public var recommended: SecurityChoice?

    /// Creates an outcome.
    public init(attempts: [DiscoveryAttempt], recommended: SecurityChoice?) {
        self.attempts = attempts
        self.recommended = recommended
    }
}

/// The change the wizard is about to write.
public enum WizardChange: Sendable, Equatable {
    /// Write the `[smtp]` section.
    case smtp(user: String, endpoint: String, starttls: Bool, secret: SecretWrite, layout: SkipFlagLayout)
    /// Set the skip flag in the given layout.
    case skipVerification(layout: SkipFlagLayout)
}

/// A computed change, ready to write.
public struct PlanPreview: Sendable, Equatable {
    /// The unified diff of config.toml and `.env`, secrets as `***`.
    public var diff: String
    /// Warnings and notes to show beside the diff.
    public var notes: [String]

    /// Creates a preview.
    public init(diff: String, notes: [String]) {
        self.diff = diff
        self.notes = notes
    }
}

/// What writing did.
public struct WriteOutcome: Sendable, Equatable {
    /// The files written.
    public var writtenFiles: [String]
    /// The backups made.
    public var backupFiles: [String]

    /// Creates an outcome.
    public init(writtenFiles: [String], backupFiles: [String]) {
        self.writtenFiles = writtenFiles
        self.backupFiles = backupFiles
    }
}
