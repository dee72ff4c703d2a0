import ConfigWriter
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
    /// `${variable}` has no value inside the compose container that runs the server (SPEC §11): the service does
    /// not receive it (`SECRET_NOT_PASSED`), or receives it without a value.
    case unresolvedInContainer(variable: String, gap: ContainerSecretGap, compose: ComposeDeployment)

    /// The diagnosis code.
    public var code: DiagnosisCode {
        switch self {
        case .unresolvedSecret, .unresolvedInContainer: return .SECRET_UNRESOLVED
        case .noSection, .refusedFile, .invalidEndpoint, .invalidUser: return .CONFIG_INVALID
        }
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
        case .unresolvedInContainer(let name, .notPassed, let compose):
            return "The secret refers to ${\(name)}, but the compose service \(compose.service.name) does not receive \(name) (SECRET_NOT_PASSED), so the server in the container cannot resolve it."
        case .unresolvedInContainer(let name, .passedEmpty, let compose):
            return SettingsWarning.secretPassedEmpty(name, compose: compose).message
        }
    }

    /// What to change.
    public var hint: String {
        switch self {
        case .noSection: return "Run `bomnipotent-smtp wizard`, or give --endpoint and --user."
        case .refusedFile: return "Run `bomnipotent-smtp apply --config PATH --repair` (`--dry-run` shows the diff first) or the wizard to fix it, or correct config.toml by hand."
        case .invalidEndpoint: return "Change endpoint as the message says."
        case .invalidUser: return "Set user to the login at the mail server, usually an address."
        case .unresolvedSecret(let name, let envFilePath?):
            return "Export \(name) where the server runs, or add \(name)=… to \(envFilePath)."
        case .unresolvedSecret(let name, nil): return "Export \(name), or give --env-file PATH to read it from a .env file."
        case .unresolvedInContainer(let name, .notPassed, let compose):
            return "To pass it, " + compose.passVariableAdvice(name) + "."
        case .unresolvedInContainer(let name, .passedEmpty, let compose):
            return "Add \(name)=… to \(compose.project.envFilePath), then run `cd \(compose.project.directory) && docker compose up -d`."
        }
    }
}
