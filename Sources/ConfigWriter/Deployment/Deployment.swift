/// Where the server for a config runs, as far as the files beside it tell (SPEC §11).
public enum Deployment: Sendable, Equatable {
    /// No compose file (or `--no-compose`): a standalone server that reads the `.env` beside its config.
    case standalone
    /// A compose file was found, but none of its services runs the server for this config.
    case composeWithoutServer(path: String)
    /// A compose service runs the server.
    case compose(ComposeDeployment)

    /// The `--compose FILE` / `--no-compose` choice.
    public enum Choice: Sendable, Equatable {
        /// Look for a compose file in the config's directory and its parent.
        case auto
        /// Use this compose file.
        case file(String)
        /// Ignore any compose file.
        case ignore
    }

    /// The compose file names compose itself looks for, in its order of preference.
    public static let composeFileNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"]

    /// The compose deployment, `nil` otherwise.
    public var compose: ComposeDeployment? {
        if case .compose(let deployment) = self { return deployment }
        return nil
    }

    /// Finds the deployment of `configPath`: reads the compose file `choice` names or finds, with `environment`
    /// (the shell's) and the project `.env` for interpolation.
    public static func detect(
        configPath: String, choice: Choice, environment: [String: String]
    ) throws(ConfigWriterError) -> Deployment {
        let configFile = PathNormal.absolute(configPath)
        let configDirectory = PathNormal.directory(of: configFile)
        let composePath: String
        switch choice {
        case .ignore: return .standalone
        case .file(let path):
            composePath = PathNormal.absolute(path)
            guard FileSystem.attributes(composePath) != nil else { throw .cannotRead(path: path, reason: "no such file") }
        case .auto:
            guard let found = findComposeFile(near: configDirectory) else { return .standalone }
            composePath = found
        }
        guard let bytes = try FileSystem.readContents(composePath) else {
            throw .cannotRead(path: composePath, reason: "no such file")
        }
        let projectEnvPath = PathNormal.directory(of: composePath) + "/.env"
        let projectEnv = try readEnvValues(projectEnvPath, environment: environment) ?? [:]
        let project = try ComposeParser.parse(
            String(decoding: bytes, as: UTF8.self), path: composePath, environment: environment, projectEnv: projectEnv)
        guard let deployment = serverService(in: project, configFile: configFile, configDirectory: configDirectory) else {
            return .composeWithoutServer(path: composePath)
        }
        return .compose(deployment)
    }

    /// The assignments of the `.env`-style file at `path`, `nil` when it does not exist.
    static func readEnvValues(_ path: String, environment: [String: String]) throws(ConfigWriterError) -> [String: String]? {
        guard let bytes = try FileSystem.readContents(path) else { return nil }
        do {
            return try DotEnvDocument(parsing: bytes, environment: environment).values
        } catch {
            throw .envSyntax(path: path, line: error.line, reason: error.reason)
        }
    }

    private static func findComposeFile(near configDirectory: String) -> String? {
        for directory in [configDirectory, PathNormal.directory(of: configDirectory)] {
            for name in composeFileNames {
                let candidate = (directory == "/" ? "" : directory) + "/" + name
                if FileSystem.attributes(candidate) != nil { return candidate }
            }
        }
        return nil
    }

    private static func serverService(in project: ComposeProject, configFile: String, configDirectory: String) -> ComposeDeployment? {
        let candidates = project.services.map { service in
            ComposeDeployment(
                project: project, service: service,
                image: service.image.flatMap { ServerImage(reference: project.interpolated($0)) },
                configBind: configBind(of: service, configFile: configFile, configDirectory: configDirectory),
                configDirectory: configDirectory)
        }
        return candidates.first { $0.image != nil && $0.configBind != nil }
            ?? candidates.first { $0.image != nil }
            ?? candidates.first { $0.configBind != nil }
    }

    private static func configBind(of service: ComposeService, configFile: String, configDirectory: String) -> ComposeDeployment.ConfigBind? {
        for mount in service.mounts where mount.isBind {
            if mount.source == configFile { return .init(mount: mount, isDirectory: false) }
            if mount.source == configDirectory || configDirectory.hasPrefix(mount.source == "/" ? "/" : mount.source + "/") {
                return .init(mount: mount, isDirectory: true)
            }
        }
        return nil
    }
}
