import SMTPSettings

/// The security modes the wizard offers (SPEC §8 step 4), each a way of writing `endpoint` and `starttls`.
public enum SecurityChoice: Int, Sendable, Equatable, CaseIterable {
    /// A relay host with implicit TLS on port 465 (recommended).
    case smtps
    /// A relay host with STARTTLS on port 587.
    case starttls
    /// A relay on another port with STARTTLS required: `smtp://host:port?tls=required`.
    case starttlsURL
    /// A relay on another port with STARTTLS when offered: `smtp://host:port?tls=opportunistic`.
    case opportunisticURL
    /// A local relay without TLS: `smtp://host:port`.
    case plain

    /// The label in the choice list.
    public var label: String {
        switch self {
        case .smtps: return "SMTPS, port 465 (recommended)"
        case .starttls: return "STARTTLS, port 587"
        case .starttlsURL: return "STARTTLS on another port (smtp://host:port?tls=required)"
        case .opportunisticURL: return "STARTTLS if offered (smtp://host:port?tls=opportunistic)"
        case .plain: return "Local relay without TLS (smtp://host:port)"
        }
    }

    /// Whether the choice is written as a `smtp://` URL with a port.
    public var isURL: Bool { self == .starttlsURL || self == .opportunisticURL || self == .plain }

    /// The port the server uses when the URL names none.
    var defaultPort: Int {
        switch self {
        case .smtps: return 465
        case .starttls, .starttlsURL, .opportunisticURL: return 587
        case .plain: return 25
        }
    }

    /// The choice that `settings` already express, or `nil` when none does (an `smtps://` URL, or an invalid endpoint).
    public init?(_ settings: SMTPSettings) {
        guard let endpoint = try? Endpoint(parsing: settings.endpoint) else { return nil }
        switch endpoint {
        case .relay: self = settings.starttls == true ? .starttls : .smtps
        case .url(_, _, .none): self = .plain
        case .url(_, _, .required): self = .starttlsURL
        case .url(_, _, .opportunistic): self = .opportunisticURL
        case .smtpsURL: return nil
        }
    }

    /// The port text the Security screen shows for `settings`: the URL's port, or the default of the choice.
    static func portText(_ settings: SMTPSettings, choice: SecurityChoice) -> String {
        if case .url(_, let port?, _)? = try? Endpoint(parsing: settings.endpoint) { return String(port) }
        return String(choice.defaultPort)
    }

    /// `settings` written with this choice and `port` (for URL choices). When the settings already express this
    /// choice with this port, they come back unchanged, byte for byte; otherwise only `endpoint` (and, for relay
    /// hosts, `starttls`) are rewritten.
    public func applied(to settings: SMTPSettings, port: String) -> SMTPSettings {
        if SecurityChoice(settings) == self, !isURL || Self.portText(settings, choice: self) == port { return settings }
        let host = (try? Endpoint(parsing: settings.endpoint))?.host ?? settings.endpoint
        var result = settings
        switch self {
        case .smtps:
            result.endpoint = host
            result.starttls = settings.starttls == nil ? nil : false
        case .starttls:
            result.endpoint = host
            result.starttls = true
        case .starttlsURL, .opportunisticURL, .plain:
            let bracketed = HostName.isIPv6Literal(host) ? "[\(host)]" : host
            let query = self == .starttlsURL ? "?tls=required" : self == .opportunisticURL ? "?tls=opportunistic" : ""
            result.endpoint = "smtp://\(bracketed):\(port)\(query)"
        }
        return result
    }
}
