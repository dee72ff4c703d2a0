/// The `[smtp]` section of config.toml, as the server reads it (SPEC §1).
public struct SMTPSettings: Sendable, Equatable {
    /// The login at the mail server, usually an address.
    public var user: String
    /// A relay host name, or a `smtp://` URL.
    public var endpoint: String
    /// The `secret` key: absent, a literal value, or a `${VAR}` reference.
    public var secret: SecretSource
    /// The `starttls` key; `nil` when absent (the server then uses false).
    public var starttls: Bool?

    /// Creates settings from their parts.
    public init(user: String, endpoint: String, secret: SecretSource = .none, starttls: Bool? = nil) {
        self.user = user
        self.endpoint = endpoint
        self.secret = secret
        self.starttls = starttls
    }

    /// The connection plan the server derives from these settings.
    public func plan() throws(SettingsError) -> ConnectionPlan {
        try Endpoint(parsing: endpoint).plan(starttls: starttls ?? false)
    }
}
