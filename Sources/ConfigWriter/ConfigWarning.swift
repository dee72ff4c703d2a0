import SMTPSettings

/// A non-fatal remark shown to the administrator: a stable code and one sentence.
public struct ConfigWarning: Sendable, Equatable {
    /// A stable upper-case code, e.g. `INLINE_SECRET`.
    public var code: String
    /// One sentence for the administrator; never holds a secret.
    public var message: String

    /// Creates a warning from its parts.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The same warning as a settings warning from SMTPSettings.
    public init(_ warning: SettingsWarning) {
        self.init(code: warning.code, message: warning.message)
    }
}
