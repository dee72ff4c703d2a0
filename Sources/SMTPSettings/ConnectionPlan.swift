/// Where and how the server connects for a given endpoint (SPEC §2).
public struct ConnectionPlan: Sendable, Equatable {
    /// The host name or IP address to connect to (also used for SNI and the certificate check).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The transport security mode.
    public var security: TransportSecurity
    /// True when the endpoint is a `smtp://` (or `smtps://`) URL rather than a relay host name.
    public var isURL: Bool
    /// True when `--port` or `--tls` changed what the server itself would do.
    public var whatIf: Bool

    /// Creates a plan from its parts.
    public init(host: String, port: Int, security: TransportSecurity, isURL: Bool, whatIf: Bool = false) {
        self.host = host
        self.port = port
        self.security = security
        self.isURL = isURL
        self.whatIf = whatIf
    }

    /// The plan the server follows for `endpoint` and the `starttls` setting (``SMTPSettings/plan()``).
    public init(endpoint: String, starttls: Bool) throws(SettingsError) {
        self = try SMTPSettings(user: "", endpoint: endpoint, starttls: starttls).plan()
    }

    /// A copy with what-if overrides applied; `whatIf` becomes true when anything changes.
    public func overriding(port newPort: Int?, security newSecurity: TransportSecurity?) -> ConnectionPlan {
        var copy = self
        if let newPort { copy.port = newPort }
        if let newSecurity { copy.security = newSecurity }
        copy.whatIf = whatIf || copy.port != port || copy.security != security
        return copy
    }
}
