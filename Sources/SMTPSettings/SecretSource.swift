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

extension SecretSource {
    /// Checks what a tool may write: a variable's name (`[A-Za-z_][A-Za-z0-9_]*`) and a non-empty inline value.
    public func validate() throws(SettingsError) {
        switch self {
        case .none: return
        case .inline(let value): try SecretSource.validateInlineValue(value)
        case .variable(let name): try VariableName.validate(name)
        }
    }

    /// Checks a secret value to be written into config.toml: it must not be empty.
    /// The error never quotes the value.
    public static func validateInlineValue(_ value: String) throws(SettingsError) {
        if value.isEmpty { throw .secretEmpty }
    }

    /// Checks a secret value to be written into `.env` as `NAME="…"` (SPEC §5): not empty, and without a
    /// carriage return or NUL character, which neither dotenvy nor docker compose can read back.
    /// The error never quotes the value.
    public static func validateDotEnvValue(_ value: String) throws(SettingsError) {
        if value.isEmpty { throw .secretEmpty }
        if value.unicodeScalars.contains("\r") { throw .secretUnwritable(character: "carriage return") }
        if value.unicodeScalars.contains("\0") { throw .secretUnwritable(character: "NUL character") }
    }

    /// Where a secret from this source would come from, before it is looked up: `resolvedFrom` is filled in
    /// by whoever resolves the variable.
    public var provenance: SecretProvenance {
        switch self {
        case .none: return .none
        case .inline: return SecretProvenance(source: .inline)
        case .variable(let name): return SecretProvenance(source: .env, variable: name)
        }
    }
}
