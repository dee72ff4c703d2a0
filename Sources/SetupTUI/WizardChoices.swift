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
    case continueAnyway, next, retry, change(WizardStep), sendTest, write, reread, back, cancel, quit

    /// The label.
    public var label: String {
        switch self {
        case .continueAnyway: return "Continue anyway"
        case .next: return "Continue"
        case .retry: return "Retry"
        case .change(let step): return "Change \(step.title.lowercased())"
        case .sendTest: return "Send test mail"
        case .write: return "Write"
        case .reread: return "Retry: read the file again"
        case .back: return "Back"
        case .cancel: return "Cancel"
        case .quit: return "Quit"
        }
    }
}

/// The things on a screen that take the focus.
public enum FocusItem: Sendable, Hashable {
    case startActions, layout, user, endpoint, relayService, security, port, autoDetect
    case secretChoice, secretName, secretValue, testRecipient, buttons

    /// Whether this item is a text field (hotkeys such as `?` are off while typing in it).
    public var isTextField: Bool {
        switch self {
        case .user, .endpoint, .port, .secretName, .secretValue, .testRecipient: return true
        default: return false
        }
    }
}
