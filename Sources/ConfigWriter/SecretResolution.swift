import SMTPSettings

/// What the server would use as the secret, found as the server finds it: the environment first, then `.env` (in a
/// compose deployment, the container's environment, then the `.env` beside config.toml when the container sees it).
public enum SecretResolution: Sendable, Equatable {
    /// No `secret` key.
    case none
    /// A literal value in config.toml (with any `${VAR}` parts substituted).
    case inline(String)
    /// `${VAR}` with the value found for it and where.
    case resolved(variable: String, value: String, from: SecretProvenance.ResolvedFrom)
    /// `${VAR}` that is set neither in the environment nor in `.env`.
    case unresolved(variable: String)

    /// The value the server would send, `nil` for none or an unresolved variable.
    public var value: String? {
        switch self {
        case .none, .unresolved: return nil
        case .inline(let value), .resolved(_, let value, _): return value
        }
    }

    /// Where the secret comes from, never its value (SPEC §2).
    public var provenance: SecretProvenance {
        switch self {
        case .none: return .none
        case .inline: return SecretProvenance(source: .inline)
        case .resolved(let name, _, let from): return SecretProvenance(source: .env, variable: name, resolvedFrom: from)
        case .unresolved(let name): return SecretProvenance(source: .env, variable: name)
        }
    }
}
