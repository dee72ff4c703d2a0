/// Where a `${VAR}` reference found its value.
public enum SecretOrigin: String, Sendable {
    /// The process environment (it wins over `.env`).
    case environment
    /// The `.env` file next to the config, or the one given with `--env-file`.
    case dotenv
}

/// What the server would use as the secret.
public enum SecretResolution: Sendable, Equatable {
    /// No `secret` key.
    case none
    /// A literal value in config.toml (with any `${VAR}` parts substituted).
    case inline(String)
    /// `${VAR}` with the value found for it and where.
    case resolved(variable: String, value: String, from: SecretOrigin)
    /// `${VAR}` that is set neither in the environment nor in `.env`.
    case unresolved(variable: String)
}
