/// The `[smtp]` section of config.toml, as the server reads it (SPEC §1): the one settings value the
/// wizard shows, probes and writes, and the CLI reads and reports.
public struct SMTPSettings: Sendable, Equatable {
    /// The login at the mail server, usually an address (as written; it may hold `${VAR}`).
    public var user: String
    /// A relay host name, or a `smtp://` URL, exactly as written (it may hold `${VAR}`).
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

    /// The connection plan the server derives from these settings: the one place settings become a plan
    /// (SPEC §2); `${VAR}` must have been substituted first.
    public func plan() throws(SettingsError) -> ConnectionPlan {
        try Endpoint(parsing: endpoint).plan(starttls: starttls ?? false)
    }

    /// These settings with the known provider's suggestion for the login taken (endpoint and `starttls`).
    public func taking(_ suggestion: KnownProvider.Suggestion) -> SMTPSettings {
        var copy = self
        copy.endpoint = suggestion.endpoint
        copy.setStarttls(suggestion.starttls)
        return copy
    }

    /// Sets `starttls` to `value`; false leaves an absent key absent (false is the server's default), so
    /// nothing is written that was not there.
    public mutating func setStarttls(_ value: Bool) {
        starttls = value ? true : (starttls == nil ? nil : false)
    }
}
