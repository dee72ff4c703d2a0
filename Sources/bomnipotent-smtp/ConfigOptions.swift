import ArgumentParser
import ConfigWriter
import SMTPSettings
import SetupService

/// The options every command that reads config.toml shares: `--config` and `--env-file`.
struct ConfigOptions: ParsableArguments {
    /// The default config path.
    static let defaultConfigPath = "./config.toml"

    @Option(name: .customLong("config"), help: ArgumentHelp("The server's config.toml (default: \(ConfigOptions.defaultConfigPath)).", valueName: "path"))
    var configOption: String?

    @Option(name: .customLong("env-file"), help: ArgumentHelp("The .env file holding secrets (default: .env next to the config).", valueName: "path"))
    var envFile: String?

    /// The config path to use.
    var configPath: String { configOption ?? ConfigOptions.defaultConfigPath }

    /// True when `--config` was given on the command line.
    var configWasGiven: Bool { configOption != nil }

    /// The service options; `readsConfig` false reads no config file (only `--env-file`).
    func setupOptions(readsConfig: Bool = true, schema: SchemaOptions? = nil, network: NetworkOptions? = nil) -> SetupOptions {
        SetupOptions(
            configPath: readsConfig ? configPath : nil, envFilePath: envFile, schema: schema?.schema ?? .auto,
            caFilePath: network?.caFile, timeout: network?.timeout ?? NetworkOptions.defaultTimeout)
    }
}

/// `--schema`: the skip-flag layout, for the commands that write or show it (`wizard`, `apply`, `show`).
struct SchemaOptions: ParsableArguments {
    @Option(help: "Skip-flag layout: auto (decide from the file), legacy (server < 0.7) or current (server >= 0.7).")
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
