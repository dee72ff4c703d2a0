/// Where the `secret` setting's value comes from.
public enum SecretSource: Sendable, Equatable {
    /// No `secret` key: the server does not authenticate.
    case none
    /// The value is written literally in config.toml (it may still contain `${VAR}` parts).
    case inline(String)
    /// The value is exactly `${NAME}`: the server takes it from the environment or `.env`.
    case variable(String)

    /// Classifies the raw string of a `secret` key.
    public init(configValue: String) {
        if let name = VariableReference.wholeReference(in: configValue) {
            self = .variable(name)
        } else {
            self = .inline(configValue)
        }
    }

    /// The string to write as the value of `secret`, or `nil` for no key.
    public var configValue: String? {
        switch self {
        case .none: return nil
        case .inline(let value): return value
        case .variable(let name): return "${\(name)}"
        }
    }
}
