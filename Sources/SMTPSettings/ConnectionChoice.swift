/// How the server connects, apart from the host: the wizard's Security step (SPEC §8 step 4).
///
/// The four offered choices are `.smtps` (relay, port 465), `.starttls` (relay, port 587),
/// `.relaySTARTTLS(port:required:)` (`smtp://host:port?tls=required|opportunistic`) and `.plain(port:)`
/// (`smtp://host:port`, a local relay without TLS). Every endpoint a file can hold maps to one value
/// (`SMTPSettings.connectionChoice`), and `SMTPSettings.choosing(_:host:)` maps it back, so settings →
/// choice → settings is the identity for every endpoint form.
public struct ConnectionChoice: Sendable, Equatable {
    /// The transport security.
    public var security: TransportSecurity
    /// True for a `smtp://` (or, read from a file only, `smtps://`) URL; false for a relay host name.
    public var isURL: Bool
    /// The URL's port; `nil` for a relay, or a URL that names no port (its default then applies).
    public var port: Int?

    /// Creates a choice from its parts; a relay has no port and is SMTPS or STARTTLS.
    public init(security: TransportSecurity, isURL: Bool, port: Int? = nil) {
        self.security = security
        self.isURL = isURL
        self.port = isURL ? port : nil
    }

    /// SMTPS on port 465 to a relay host (`starttls` false or absent), the RFC 8314 recommendation.
    public static let smtps = ConnectionChoice(security: .smtps, isURL: false)
    /// STARTTLS on port 587 to a relay host (`starttls = true`).
    public static let starttls = ConnectionChoice(security: .starttls, isURL: false)

    /// A relay on another port with STARTTLS: `smtp://host:port?tls=required`, or `?tls=opportunistic`.
    public static func relaySTARTTLS(port: Int?, required: Bool = true) -> ConnectionChoice {
        ConnectionChoice(security: required ? .starttls : .starttlsOpportunistic, isURL: true, port: port)
    }

    /// A local relay without TLS: `smtp://host:port`.
    public static func plain(port: Int?) -> ConnectionChoice {
        ConnectionChoice(security: .none, isURL: true, port: port)
    }

    /// The choice an endpoint and `starttls` setting stand for.
    public init(endpoint: Endpoint, starttls: Bool?) {
        switch endpoint.form {
        case .relay: self = starttls == true ? .starttls : .smtps
        case .url(_, let port, let security): self.init(security: security, isURL: true, port: port)
        }
    }

    /// The endpoint for this choice on `host`: a bare host for a relay, else the canonical URL.
    public func endpoint(host: String) throws(SettingsError) -> Endpoint {
        try Endpoint(isURL ? .url(host: host, port: port, security: security) : .relay(host: host))
    }

    /// The port the server connects to.
    public var effectivePort: Int {
        if let port { return port }
        switch security {
        case .smtps: return 465
        case .starttls, .starttlsOpportunistic: return 587
        case .none: return 25
        }
    }
}

extension SMTPSettings {
    /// The connection choice these settings stand for; `nil` when the endpoint does not parse.
    public var connectionChoice: ConnectionChoice? {
        (try? Endpoint(parsing: endpoint)).map { ConnectionChoice(endpoint: $0, starttls: starttls) }
    }

    /// These settings with `choice` on `host`. When nothing changes (same choice, same host) the settings come
    /// back exactly as they are, endpoint text and `starttls` included; otherwise the endpoint is the canonical
    /// one for the choice and `starttls` is what it needs: true for STARTTLS to a relay, and false (or absent,
    /// when it was absent) otherwise. User and secret stay.
    public func choosing(_ choice: ConnectionChoice, host: String) throws(SettingsError) -> SMTPSettings {
        if let parsed = try? Endpoint(parsing: endpoint), parsed.host == host,
            ConnectionChoice(endpoint: parsed, starttls: starttls) == choice
        {
            return self
        }
        var copy = self
        copy.endpoint = try choice.endpoint(host: host).text
        copy.setStarttls(!choice.isURL && choice.security == .starttls)
        return copy
    }
}
