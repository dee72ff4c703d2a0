import ArgumentParser
import ConfigWriter
import SMTPSettings
import SetupService

/// The options every command that reads config.toml shares: `--config`, `--env-file`, `--compose` and `--no-compose`.
struct ConfigOptions: ParsableArguments {
    /// The default config path.
    static let defaultConfigPath = "./config.toml"

    @Option(name: .customLong("config"), help: ArgumentHelp("The server's config.toml (default: \(ConfigOptions.defaultConfigPath)).", valueName: "path"))
    var configOption: String?

    @Option(name: .customLong("env-file"), help: ArgumentHelp("The .env file holding secrets (default: the compose project's .env when a compose service runs the server, else .env next to the config).", valueName: "path"))
    var envFile: String?

    @Option(name: .customLong("compose"), help: ArgumentHelp("The docker compose file that runs the server (default: found beside the config or in its parent).", valueName: "file"))
    var composeFile: String?

    @Flag(name: .customLong("no-compose"), help: "Ignore any docker compose file: treat the server as standalone.")
    var noCompose = false

    func validate() throws {
        if composeFile != nil && noCompose { throw ValidationError("--compose and --no-compose exclude each other.") }
    }

    /// The `--compose FILE` / `--no-compose` choice.
    var composeChoice: Deployment.Choice {
        if noCompose { return .ignore }
        return composeFile.map(Deployment.Choice.file) ?? .auto
    }

    /// True when `--compose` or `--no-compose` was given.
    var composeWasGiven: Bool { composeFile != nil || noCompose }

    /// The config path to use.
    var configPath: String { configOption ?? ConfigOptions.defaultConfigPath }

    /// True when `--config` was given on the command line.
    var configWasGiven: Bool { configOption != nil }

    /// The service options; `readsConfig` false reads no config file (only `--env-file`).
    func setupOptions(readsConfig: Bool = true, schema: SchemaOptions? = nil, network: NetworkOptions? = nil) -> SetupOptions {
        SetupOptions(
            configPath: readsConfig ? configPath : nil, envFilePath: envFile, schema: schema?.schema ?? .auto,
            compose: composeChoice, caFilePath: network?.caFile, timeout: network?.timeout ?? NetworkOptions.defaultTimeout)
    }
}

/// `--schema`: the skip-flag layout, for the commands that write or show it (`wizard`, `apply`, `show`).
struct SchemaOptions: ParsableArguments {
    @Option(help: "Skip-flag layout: auto (from the file, else the compose image tag), legacy (server < 0.7) or current (server >= 0.7).")
    var schema: SchemaChoice = .auto
}

extension SchemaChoice: ExpressibleByArgument {}

extension TransportSecurity: ExpressibleByArgument {
    /// `--tls` takes the what-if modes of SPEC §3: `smtps`, `starttls` or `none`.
    public init?(argument: String) {
        guard let value = TransportSecurity(rawValue: argument), value != .starttlsOpportunistic else { return nil }
        self = value
    }

    /// The values `--tls` accepts, for help and completion.
    public static var allValueStrings: [String] { [TransportSecurity.smtps, .starttls, .none].map(\.rawValue) }
}
