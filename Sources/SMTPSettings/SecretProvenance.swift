/// Where the secret the server would use comes from, never its value (SPEC §2, §3 `secret`).
///
/// `show` and `probe` both report it: `{"source": "env", "variable": "SMTP_SECRET", "resolved_from": "dotenv"}`.
public struct SecretProvenance: Sendable, Equatable {
    /// The kind of `secret` setting.
    public enum Source: String, Sendable, Equatable {
        /// No secret: the server does not authenticate.
        case none
        /// A literal value in config.toml.
        case inline
        /// A `${VAR}` reference.
        case env
    }

    /// Where a `${VAR}` reference found its value.
    public enum ResolvedFrom: String, Sendable, Equatable {
        /// The process environment (or, in a compose deployment, the service's environment).
        case environment
        /// The `.env` file beside the config, or the one given with `--env-file`.
        case dotenv
    }

    /// The kind of setting.
    public var source: Source
    /// The variable name for `.env`; `nil` otherwise.
    public var variable: String?
    /// Where the variable was found; `nil` when it is not a variable or does not resolve.
    public var resolvedFrom: ResolvedFrom?

    /// Creates a provenance from its parts.
    public init(source: Source, variable: String? = nil, resolvedFrom: ResolvedFrom? = nil) {
        self.source = source
        self.variable = variable
        self.resolvedFrom = resolvedFrom
    }

    /// No secret configured.
    public static let none = SecretProvenance(source: .none)
}
