/// A docker compose file, as far as the server's deployment matters (SPEC §11).
///
/// Values are kept as written (before interpolation) so messages can quote them; `interpolated(_:)` gives what
/// compose makes of them.
public struct ComposeProject: Sendable, Equatable {
    /// The compose file, as an absolute path.
    public var path: String
    /// The project directory: relative paths in the file and the project `.env` are taken from here.
    public var directory: String
    /// The services, in file order.
    public var services: [ComposeService]
    /// The variables compose interpolates with: the shell environment first, then the project `.env`.
    var interpolationValues: [String: String]
    /// The names the shell environment sets: their project `.env` values are not used.
    var shellVariableNames: Set<String> = []

    /// The project's `.env` file, which compose reads for interpolation.
    public var envFilePath: String { directory + "/.env" }

    /// `text` with compose's variable interpolation applied.
    public func interpolated(_ text: String) -> String {
        ComposeInterpolation.interpolate(text) { interpolationValues[$0] }
    }
}

/// One service of a compose file.
public struct ComposeService: Sendable, Equatable {
    /// The service name (the key under `services:`), also its host name on the compose network.
    public var name: String
    /// `image:` as written, `nil` when absent.
    public var image: String?
    /// `container_name:` and network aliases: further names other services reach it by.
    public var otherNames: [String]
    /// `volumes:` entries.
    public var mounts: [ComposeMount]
    /// `environment:` entries, in file order.
    public var environment: [ComposeEnvironmentEntry]
    /// True when `environment:` is written as a list (`- NAME=value`) rather than a mapping.
    public var environmentIsList: Bool
    /// `env_file:` entries, in file order.
    public var envFiles: [ComposeEnvFile]
    /// The 1-based line of the service's key in the compose file.
    public var line: Int
}

/// One `volumes:` entry of a service.
public struct ComposeMount: Sendable, Equatable {
    /// For a bind: the host path, absolute and normalised; for a named volume: its name.
    public var source: String
    /// The path inside the container.
    public var target: String
    /// True for a bind of a host path; false for a named volume.
    public var isBind: Bool
    /// True when mounted read-only (`:ro`, `read_only: true`).
    public var readOnly: Bool
}

/// One `environment:` entry of a service.
public struct ComposeEnvironmentEntry: Sendable, Equatable {
    /// The variable name inside the container.
    public var name: String
    /// The value as written, `nil` for a bare name (the value then comes from the shell or the project `.env`).
    public var value: String?
    /// The 1-based line in the compose file.
    public var line: Int
}

/// One `env_file:` entry of a service.
public struct ComposeEnvFile: Sendable, Equatable {
    /// The file, absolute.
    public var path: String
    /// False for `required: false` entries, which compose skips when the file is missing.
    public var required: Bool
}
