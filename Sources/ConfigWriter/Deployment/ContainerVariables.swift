import SMTPSettings

/// Why a `${NAME}` has no usable value inside the server's compose container (SPEC §11).
public enum ContainerSecretGap: Sendable, Equatable {
    /// The service does not receive the variable (`SECRET_NOT_PASSED`), and the config directory's `.env`, if the
    /// container sees it, does not set it either.
    case notPassed
    /// The service receives the name, but compose has no value for it (or for what it interpolates): the container
    /// gets it empty or not at all.
    case passedEmpty
}

/// The variables the server sees inside its compose container, as the files on disk say (SPEC §11): the service's
/// environment as compose sets it (`environment:` over `env_file:`, interpolated from the shell and the project
/// `.env`), then the `.env` beside config.toml when the container sees it (a directory bind).
struct ContainerVariables: Sendable {
    /// The service that runs the server.
    var compose: ComposeDeployment
    /// The assignments of each `env_file:` file of the service, by absolute path.
    var envFileValues: [String: [String: String]]
    /// The assignments of the `.env` beside config.toml, `nil` when there is none.
    var configDotenv: [String: String]?
    /// The config directory's `.env`, absolute.
    var configDotenvPath: String

    /// Reads the service's `env_file:` files and the config directory's `.env`.
    static func read(_ compose: ComposeDeployment, environment: [String: String]) throws(ConfigWriterError) -> ContainerVariables {
        var envFileValues: [String: [String: String]] = [:]
        for file in compose.service.envFiles {
            envFileValues[file.path] = try Deployment.readEnvValues(file.path, environment: environment) ?? [:]
        }
        let configDotenvPath = (compose.configDirectory == "/" ? "" : compose.configDirectory) + "/.env"
        return ContainerVariables(
            compose: compose, envFileValues: envFileValues,
            configDotenv: try Deployment.readEnvValues(configDotenvPath, environment: environment), configDotenvPath: configDotenvPath)
    }

    /// The value the container's environment holds for `name` (`nil` when unset or passed empty).
    func environmentValue(of name: String) -> String? {
        guard !compose.passesEmpty(name) else { return nil }
        return compose.containerEnvironmentValue(of: name) { envFileValues[$0] ?? [:] }
    }

    /// `${name}` as the server in the container resolves it, and where from.
    func value(of name: String) -> (value: String, from: SecretProvenance.ResolvedFrom)? {
        if let value = environmentValue(of: name) { return (value, .environment) }
        if compose.containerSeesConfigDotenv, let value = configDotenv?[name] { return (value, .dotenv) }
        return nil
    }

    /// Why `name` has no value in the container, `nil` when it has one.
    func gap(of name: String) -> ContainerSecretGap? {
        guard value(of: name) == nil else { return nil }
        return compose.passing(of: name) { envFileValues[$0] ?? [:] } == .notPassed ? .notPassed : .passedEmpty
    }

    /// These variables once `value` is written as `name` into the `.env`-style file at `path`: the project `.env`
    /// (compose interpolates it unless the shell sets the name), an `env_file:`, or the config directory's `.env`.
    func writing(_ value: String, as name: String, into path: String) -> ContainerVariables {
        var copy = self
        let target = PathNormal.absolute(path)
        if target == PathNormal.absolute(compose.project.envFilePath), !compose.project.shellVariableNames.contains(name) {
            copy.compose.project.interpolationValues[name] = value
        }
        if let file = compose.service.envFiles.first(where: { PathNormal.absolute($0.path) == target }) {
            copy.envFileValues[file.path, default: [:]][name] = value
        }
        if target == PathNormal.absolute(configDotenvPath) {
            copy.configDotenv = (configDotenv ?? [:]).merging([name: value]) { $1 }
        }
        return copy
    }
}
