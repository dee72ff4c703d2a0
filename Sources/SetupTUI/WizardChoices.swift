import SMTPSettings

/// The actions offered on the Start screen.
public enum StartAction: Int, Sendable, Equatable, CaseIterable {
    case configure, skip, test, quit

    /// The label in the choice list.
    public var label: String {
        switch self {
        case .configure: return "Configure SMTP (user verification by mail)"
        case .skip: return "Skip user verification (no mail server)"
        case .test: return "Test the current settings"
        case .quit: return "Quit without changes"
        }
    }
}

/// Where the secret lives (SPEC §8 step 5).
public enum SecretChoice: Int, Sendable, Equatable, CaseIterable {
    case none, environment, dotenv, inline

    /// The label in the choice list.
    public var label: String {
        switch self {
        case .none: return "None (the server does not log in)"
        case .environment: return "Environment variable (you set it for the server)"
        case .dotenv: return ".env file next to the config"
        case .inline: return "Inline in config.toml (not recommended)"
        }
    }

    /// Whether this choice has a variable name field.
    var hasName: Bool { self == .environment || self == .dotenv }
    /// Whether this choice has a value field.
    var hasValue: Bool { self == .dotenv || self == .inline }
}

/// The buttons of the Probe, Review and Done screens.
public enum WizardButton: Sendable, Equatable {
    case continueAnyway, next, retry, change(WizardStep), sendTest, repair, write, withoutRepairs, withRepairs, reread, back, cancel, quit

    /// The label.
    public var label: String {
        switch self {
        case .continueAnyway: return "Continue anyway"
        case .next: return "Continue"
        case .retry: return "Retry"
        case .change(let step): return "Change \(step.title.lowercased())"
        case .sendTest: return "Send test mail"
        case .repair: return "Repair the file"
        case .write: return "Write"
        case .withoutRepairs: return "Without repairs"
        case .withRepairs: return "With repairs"
        case .reread: return "Retry: read the file again"
        case .back: return "Back"
        case .cancel: return "Cancel"
        case .quit: return "Quit"
        }
    }
}

/// The things on a screen that take the focus.
public enum FocusItem: Sendable, Hashable {
    case startActions, layout, layoutQuestion, user, endpoint, relayService, security, port, autoDetect
    case secretChoice, secretName, secretValue, testRecipient, buttons

    /// Whether this item is a text field (hotkeys such as `?` are off while typing in it).
    public var isTextField: Bool {
        switch self {
        case .user, .endpoint, .port, .secretName, .secretValue, .testRecipient: return true
        default: return false
        }
    }
}

/// The Start screen's question when the skip-flag layout is unknown and the chosen action needs it (SPEC §1 step 3):
/// both answers explained by server version, nothing preselected.
public struct LayoutQuestion: Sendable, Equatable {
    /// The answer highlighted, `nil` until the administrator picks one.
    public var selected: SkipFlagLayout?

    /// The question.
    static let title = "Which BOMnipotent Server version reads this config?"
    /// Why it is asked.
    static let reason = "Neither the file nor the deployment shows it, and the versions read the skip flag in different places."

    /// The answer for `layout`: the server versions, then what is written.
    static func label(_ layout: SkipFlagLayout) -> String {
        switch layout {
        case .legacy: return "Server before 0.7 (legacy layout)"
        case .current: return "Server 0.7 or later (current layout)"
        }
    }

    /// What `layout` writes, and where it is documented.
    static func detail(_ layout: SkipFlagLayout) -> String {
        switch layout {
        case .legacy: return "skip_user_verification = true at the top of the file, as on the server's SMTP settings page"
        case .current: return "[user] skip_verification = true, as servers since July 2025 read it"
        }
    }
}
