import ArgumentParser
import ConfigWriter

/// The options every command that reads config.toml shares: `--config`, `--env-file`, `--schema`.
struct ConfigOptions: ParsableArguments {
    /// The default config path.
    static let defaultConfigPath = "./config.toml"

    @Option(name: .customLong("config"), help: ArgumentHelp("The server's config.toml (default: \(ConfigOptions.defaultConfigPath)).", valueName: "path"))
    var configOption: String?

    @Option(name: .customLong("env-file"), help: ArgumentHelp("The .env file holding secrets (default: .env next to the config).", valueName: "path"))
    var envFile: String?

    @Option(help: "Skip-flag layout: auto (decide from the file), legacy (server < 0.7) or current (server >= 0.7).")
    var schema: SchemaChoice = .auto

    /// The config path to use.
    var configPath: String { configOption ?? ConfigOptions.defaultConfigPath }

    /// True when `--config` was given on the command line.
    var configWasGiven: Bool { configOption != nil }
}

extension SchemaChoice: ExpressibleByArgument {}
