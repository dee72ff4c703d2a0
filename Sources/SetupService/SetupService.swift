import ConfigWriter
import SMTPProbe
import SMTPSettings

/// The one library service behind `probe`, `show`, `apply` and the wizard: it loads config.toml and `.env`,
/// resolves secrets as the server would (the environment first, then `.env`), builds probe requests and
/// change plans, and the `show` report. The executable only parses arguments and prints.
///
/// How the wizard uses it: load once with ``load(_:)`` and keep one ``SMTPSettings`` value (prefilled from
/// ``settings``; edited through the typed field values `Login`, `Endpoint`, `VariableName`, `PortNumber`,
/// ``ConnectionChoice`` and `KnownProvider.suggestion(forLogin:)`). Show it, probe it with
/// ``probeRequest(for:secret:overrides:)`` and ``run(_:events:)``, and write it with
/// ``changePlan(for:secret:layout:)``: the same value goes to the probe and to the file, so the wizard writes
/// exactly what it tested, and unchanged settings produce a plan that changes nothing. Pass `secret: nil` to
/// write `settings.secret` as it is, or a `SecretWrite` for a value typed in the wizard (`.dotenv`, `.inline`).
/// When writing ends with exit 75 (the file changed on disk), call ``reloaded()`` and plan the same settings
/// and secret again on the new service; the file's other changes are kept.
public struct SetupService: Sendable {
    /// What was loaded and how the probe connects.
    public let options: SetupOptions
    /// config.toml and `.env` as read.
    public let state: ConfigState

    /// Stands for "no config file": it reads as empty, so only `--env-file` is read.
    static let noFile = "/dev/null"

    private init(options: SetupOptions, state: ConfigState) {
        self.options = options
        self.state = state
    }

    /// Reads config.toml (a missing file is an empty document) and the `.env` file. Without a config path no
    /// file is read but the `--env-file` given.
    ///
    /// The deployment is detected once, here (SPEC §11): the compose file `options.compose` names, or the one beside
    /// the config or in its parent; without a config file only a `--compose FILE` given is read. A compose file that
    /// does not parse fails with `ConfigWriterError.composeSyntax`.
    public static func load(_ options: SetupOptions) throws(SetupError) -> SetupService {
        let configPath = options.configPath ?? noFile
        let envFilePath = options.envFilePath ?? (options.configPath == nil ? noFile : nil)
        do {
            let deployment: Deployment
            switch (options.configPath, options.compose) {
            case (nil, .file):
                deployment = try Deployment.detect(configPath: "./config.toml", choice: options.compose, environment: options.environment)
            case (nil, _): deployment = .standalone
            case (let path?, let choice): deployment = try Deployment.detect(configPath: path, choice: choice, environment: options.environment)
            }
            let state = try ConfigState.load(
                configPath: configPath, envFilePath: envFilePath, schema: options.schema, environment: options.environment,
                deployment: deployment)
            return SetupService(options: options, state: state)
        } catch {
            throw .files(error)
        }
    }

    /// Where the server runs, detected at load (SPEC §11).
    public var deployment: Deployment { state.deployment }

    /// False when nothing tells the skip-flag layout (SPEC §1 step 3): the wizard asks, and writing a skip flag
    /// without a layout fails with ``SetupError/layoutUnknown``.
    public var layoutIsKnown: Bool { state.layoutIsKnown }

    /// How the layout was decided: by the file, `--schema`, the image tag, or that it is unknown.
    public var layoutReason: String { state.layoutReason }

    /// The layout the deployment's server image reads, by its tag; `nil` when no image tag tells.
    public var serverLayout: SkipFlagLayout? { deployment.compose?.image?.layout }

    /// Where a new variable is written: `--env-file`, else the compose project's `.env` when a compose service runs
    /// the server, else `.env` beside the config. Plans write there.
    public var defaultEnvFilePath: String { state.envFilePath }

    /// The same service read again from disk, e.g. after exit 75 to plan the same change on the new content.
    public func reloaded() throws(SetupError) -> SetupService {
        try SetupService.load(options)
    }

    /// True when a config file is read (not `probe --endpoint` without `--config`).
    public var readsConfig: Bool { options.configPath != nil }

    /// True when the config file exists.
    public var configExists: Bool { readsConfig && state.configExists }

    /// The file's `[smtp]` settings as written (no `${VAR}` substituted); `nil` without a section or file.
    public var settings: SMTPSettings? { readsConfig ? state.smtp : nil }

    /// What in the file the server refuses to load (unknown `[smtp]` keys, keys of the wrong type, SPEC §1):
    /// `probe` ends with `CONFIG_INVALID` on these without connecting, `show` lists them as warnings.
    public var refusals: [SettingsWarning] {
        readsConfig ? state.warnings.filter(\.code.serverRefusesFile) : []
    }

    /// Fails with ``SetupError/configMissing(path:remedy:)`` when the config file does not exist.
    public func requireConfig(remedy: String) throws(SetupError) {
        guard configExists else { throw .configMissing(path: options.configPath ?? SetupService.noFile, remedy: remedy) }
    }

    /// What the server would use as the secret for `settings` when `secret` is written: `nil` means
    /// `settings.secret` as it is; `.keep` means the file's secret; a `.dotenv` value counts as written to
    /// ``defaultEnvFilePath`` (the environment wins over it; in a compose deployment it counts where the container
    /// would see it).
    public func resolveSecret(for settings: SMTPSettings, secret: SecretWrite? = nil) -> SecretResolution {
        switch secret {
        case nil: return state.resolveSecret(settings.secret)
        case .keep?: return readsConfig ? state.resolveSecret() : .none
        case .remove?: return .none
        case .variable(let name)?: return state.resolveVariable(name)
        case .dotenv(let name, let value)?: return state.resolveVariable(name, writing: value)
        case .inline(let value)?: return .inline(state.resolve(value))
        }
    }

    /// `show`'s report, naming the config as `absolutePath`.
    public func settingsReport(absolutePath: String) -> SettingsReport {
        SettingsReport(state: state, absolutePath: absolutePath)
    }
}
