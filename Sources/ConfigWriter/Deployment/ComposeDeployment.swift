/// The compose service that runs BOMnipotent Server for a config (SPEC §11), and what follows from it.
///
/// The server sees what its container sees: the variables compose passes to the service, the config directory
/// through its bind, and the compose network. Each question the tool asks about the deployment is a method here.
public struct ComposeDeployment: Sendable, Equatable {
    /// The compose file and its services.
    public var project: ComposeProject
    /// The service that runs the server.
    public var service: ComposeService
    /// The server image, when the service runs the official one.
    public var image: ServerImage?
    /// The bind that brings the config into the container, `nil` when none does.
    public var configBind: ConfigBind?
    /// The config's directory on the host, absolute.
    public var configDirectory: String

    /// How the config reaches the container.
    public struct ConfigBind: Sendable, Equatable {
        /// The `volumes:` entry.
        public var mount: ComposeMount
        /// True for a bind of the config's directory (hot reload works); false for a bind of config.toml alone.
        public var isDirectory: Bool
    }

    /// Where a new variable belongs: the compose project's `.env`, which compose reads and passes on.
    public var defaultEnvFilePath: String { project.envFilePath }

    /// How `variable` reaches the service's environment.
    public enum Passing: Sendable, Equatable {
        /// An `environment:` entry names it.
        case environment(ComposeEnvironmentEntry)
        /// An `env_file:` file assigns it.
        case envFile(ComposeEnvFile)
        /// Compose does not pass it.
        case notPassed
    }

    /// How `variable` reaches the container; `envFileValues` gives the assignments of an `env_file:` file.
    public func passing(of variable: String, envFileValues: (String) -> [String: String]) -> Passing {
        if let entry = service.environment.last(where: { $0.name == variable }) { return .environment(entry) }
        if let file = service.envFiles.last(where: { envFileValues($0.path)[variable] != nil }) { return .envFile(file) }
        return .notPassed
    }

    /// The value the container's environment holds for `variable`: `environment:` wins over `env_file:`.
    /// `nil` when compose does not set it.
    public func containerEnvironmentValue(of variable: String, envFileValues: (String) -> [String: String]) -> String? {
        switch passing(of: variable, envFileValues: envFileValues) {
        case .environment(let entry):
            guard let value = entry.value else { return project.interpolationValues[variable] }
            return project.interpolated(value)
        case .envFile(let file):
            return envFileValues(file.path)[variable].map(project.interpolated)
        case .notPassed:
            return nil
        }
    }

    /// True when an `environment:` entry for `variable` interpolates a variable that compose has no value for,
    /// so the container gets an empty string (compose only warns "variable is not set").
    public func passesEmpty(_ variable: String) -> Bool {
        guard let entry = service.environment.last(where: { $0.name == variable }), let value = entry.value else { return false }
        let names = ComposeInterpolation.referencedNames(in: value)
        return !names.isEmpty && names.allSatisfy { project.interpolationValues[$0] == nil } && project.interpolated(value).isEmpty
    }

    /// What to add to compose.yaml so the service receives `variable` from the project `.env`: the line, and the
    /// place it goes (`services › NAME › environment`). The tool never edits compose.yaml itself.
    public func lineToAdd(for variable: String) -> (line: String, under: String) {
        let line = service.environmentIsList ? "- \(variable)=${\(variable)}" : "\(variable): ${\(variable)}"
        return (line, "services › \(service.name) › environment")
    }

    /// True when the server in the container can read the `.env` beside the config (only a directory bind brings it).
    public var containerSeesConfigDotenv: Bool { configBind?.isDirectory ?? false }

    /// Why `host` means something else inside the container, or `nil` when host and container agree.
    public func networkDifference(for host: String) -> NetworkDifference? {
        let lowered = host.lowercased()
        if ["localhost", "::1", "[::1]"].contains(lowered) || lowered.hasPrefix("127.") || lowered.hasSuffix(".localhost") {
            return .loopback
        }
        let names = project.services.flatMap { [$0.name] + $0.otherNames }
        if let name = names.first(where: { $0.lowercased() == lowered }) { return .composeService(name) }
        return nil
    }

    /// How an endpoint host differs between the host (where the probe runs) and the container (where the server runs).
    public enum NetworkDifference: Sendable, Equatable {
        /// `localhost` or a loopback address: inside the container that is the container itself.
        case loopback
        /// The name of a compose service (or its container name or alias): it resolves only on the compose network.
        case composeService(String)
    }
}
