import ConfigWriter
import Foundation

/// What the service reads and how it probes: the options `wizard`, `probe`, `apply` and `show` share.
public struct SetupOptions: Sendable {
    /// config.toml; `nil` when no file is read (`probe --endpoint` without `--config`).
    public var configPath: String?
    /// The `.env` file (`--env-file`); `nil` for `.env` beside the config (none without a config).
    public var envFilePath: String?
    /// The skip-flag layout choice (`--schema`).
    public var schema: SchemaChoice
    /// Which compose file to read (`--compose FILE`, `--no-compose`; SPEC §11); `.auto` looks beside the config.
    public var compose: Deployment.Choice
    /// The process environment, which wins over `.env` as it does for the server.
    public var environment: [String: String]
    /// A PEM file of extra trust anchors for the probe (`--ca-file`).
    public var caFilePath: String?
    /// Seconds that bound every network wait (`--timeout`).
    public var timeout: Double

    /// Creates options; the environment defaults to this process's.
    public init(
        configPath: String?, envFilePath: String? = nil, schema: SchemaChoice = .auto, compose: Deployment.Choice = .auto,
        environment: [String: String] = ProcessInfo.processInfo.environment, caFilePath: String? = nil, timeout: Double = 10
    ) {
        self.configPath = configPath
        self.envFilePath = envFilePath
        self.schema = schema
        self.compose = compose
        self.environment = environment
        self.caFilePath = caFilePath
        self.timeout = timeout
    }
}
