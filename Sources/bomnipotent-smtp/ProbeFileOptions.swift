import ArgumentParser

/// `--config` and `--env-file` as `probe` takes them (SPEC §3): the probe only reads `[smtp]` and `${VAR}`
/// values, so unlike ``ConfigOptions`` it has no `--schema`.
struct ProbeFileOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("The server's config.toml to read [smtp] from (default: \(ConfigOptions.defaultConfigPath); not read with --endpoint unless given).", valueName: "path"))
    var configOption: String?

    @Option(name: .customLong("env-file"), help: ArgumentHelp("The .env file for ${VAR} values (default: .env next to the config).", valueName: "path"))
    var envFile: String?

    /// The config path to use.
    var configPath: String { configOption ?? ConfigOptions.defaultConfigPath }

    /// True when `--config` was given on the command line.
    var configWasGiven: Bool { configOption != nil }
}
