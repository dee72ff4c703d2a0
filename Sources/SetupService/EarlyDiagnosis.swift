import SMTPProbe
import SMTPSettings

/// A diagnosis found before any network traffic: the one wording of each `CONFIG_INVALID` and
/// `SECRET_UNRESOLVED` case, for `probe`, `probe --discover` and the wizard alike.
public enum EarlyDiagnosis: Error, Sendable, Equatable {
    /// The config has no `[smtp]` section.
    case noSection(configPath: String)
    /// The file holds what the server refuses to load; `count` findings in all.
    case refusedFile(SettingsWarning, count: Int)
    /// The endpoint does not parse.
    case invalidEndpoint(SettingsError)
    /// The user is not a valid login.
    case invalidUser(SettingsError)
    /// `${variable}` is set neither in the environment nor in the `.env` file (`nil` when none is read).
    case unresolvedSecret(variable: String, envFilePath: String?)

    /// The diagnosis code.
    public var code: DiagnosisCode {
        if case .unresolvedSecret = self { return .SECRET_UNRESOLVED }
        return .CONFIG_INVALID
    }

    /// The one-line message.
    public var message: String {
        switch self {
        case .noSection(let path): return "\(path) has no [smtp] section."
        case .refusedFile(let warning, let count):
            let more = count > 1 ? " \(count - 1) more finding\(count > 2 ? "s" : ""): see `bomnipotent-smtp show`." : ""
            return warning.message + more
        case .invalidEndpoint(let error), .invalidUser(let error): return error.description
        case .unresolvedSecret(let name, let envFilePath?):
            return SettingsWarning.secretUnresolved(name, envFilePath: envFilePath).message
        case .unresolvedSecret(let name, nil):
            return "The secret refers to ${\(name)}, which is not set in the environment (without --config or --env-file no .env file is read)."
        }
    }

    /// What to change.
    public var hint: String {
        switch self {
        case .noSection: return "Run `bomnipotent-smtp wizard`, or give --endpoint and --user."
        case .refusedFile: return "Remove or correct that key in config.toml (`bomnipotent-smtp wizard` offers the repair)."
        case .invalidEndpoint: return "Change endpoint as the message says."
        case .invalidUser: return "Set user to the login at the mail server, usually an address."
        case .unresolvedSecret(let name, let envFilePath?):
            return "Export \(name) where the server runs, or add \(name)=… to \(envFilePath)."
        case .unresolvedSecret(let name, nil): return "Export \(name), or give --env-file PATH to read it from a .env file."
        }
    }
}
