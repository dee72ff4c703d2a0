/// What the administrator runs after a write so the running server uses it (SPEC §8, §11).
public enum DeploymentNextStep: Sendable, Equatable {
    /// Nothing: the server watches its config directory and reloads the changed config by itself.
    case nothing
    /// The server reads `.env` and its environment only at start: restart it.
    case restartServer
    /// `docker compose restart SERVICE`: the container keeps its environment, the server re-reads the config's `.env`.
    case composeRestart(service: String, directory: String)
    /// `docker compose up -d`: compose sees the changed project `.env` and recreates the container with it.
    case composeUp(directory: String)
    /// `docker compose up -d --force-recreate SERVICE`: a single-file bind still shows the old config.toml.
    case composeRecreate(service: String, directory: String)

    /// The step for `deployment` after a write that changed config.toml (`configChanged`) and/or the `.env` file at
    /// `envFilePath`.
    public init(deployment: Deployment, configChanged: Bool, envFilePath: String?) {
        let envFile = envFilePath.map { PathNormal.absolute($0) }
        guard let compose = deployment.compose else {
            self = envFile != nil ? .restartServer : .nothing
            return
        }
        let directory = compose.project.directory
        if let envFile, envFile == PathNormal.absolute(compose.project.envFilePath)
            || compose.service.envFiles.contains(where: { $0.path == envFile }) {
            self = .composeUp(directory: directory)
        } else if configChanged, compose.configBind?.isDirectory == false {
            self = .composeRecreate(service: compose.service.name, directory: directory)
        } else if envFile != nil {
            self = .composeRestart(service: compose.service.name, directory: directory)
        } else {
            self = .nothing
        }
    }

    /// The command to run, `nil` for ``nothing``.
    public var command: String? {
        switch self {
        case .nothing: return nil
        case .restartServer: return "restart BOMnipotent Server"
        case .composeRestart(let service, let directory): return "cd \(directory) && docker compose restart \(service)"
        case .composeUp(let directory): return "cd \(directory) && docker compose up -d"
        case .composeRecreate(let service, let directory): return "cd \(directory) && docker compose up -d --force-recreate \(service)"
        }
    }

    /// One sentence saying why, then the test mail command for `address`.
    public func explanation(testAddress: String) -> [String] {
        let why: String
        switch self {
        case .nothing: why = "The server reloads a changed config.toml by itself; nothing to restart."
        case .restartServer: why = "The server reads the secret's variable only when it starts: restart it."
        case .composeRestart: why = "The server reads the .env beside its config only when it starts: restart the container."
        case .composeUp: why = "Compose passes the project .env into the container when it creates it: recreate it."
        case .composeRecreate: why = "config.toml is bound as a single file, so the container still sees the old one: recreate it."
        }
        var lines = [why]
        if let command { lines.append("  \(command)") }
        lines.append("Then check delivery: bomnipotent_client test-email \(testAddress)   (client 1.1.0 or later)")
        return lines
    }
}
