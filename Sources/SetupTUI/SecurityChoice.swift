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
        guard let choice = settings.connectionChoice else { return nil }
        switch (choice.isURL, choice.security) {
        case (false, .starttls): self = .starttls
        case (false, _): self = .smtps
        case (true, .starttls): self = .starttlsURL
        case (true, .starttlsOpportunistic): self = .opportunisticURL
        case (true, .none): self = .plain
        case (true, .smtps): return nil
        }
    }

    /// The port text the Security screen shows for `settings`: the URL's port, or the default of the choice.
    static func portText(_ settings: SMTPSettings, choice: SecurityChoice) -> String {
        String(settings.connectionChoice?.port ?? choice.defaultPort)
    }

    /// The library's connection choice for this list entry and `port` (for URL entries).
    func connectionChoice(port: Int?) -> ConnectionChoice {
        switch self {
        case .smtps: return .smtps
        case .starttls: return .starttls
        case .starttlsURL: return .relaySTARTTLS(port: port, required: true)
        case .opportunisticURL: return .relaySTARTTLS(port: port, required: false)
        case .plain: return .plain(port: port)
        }
    }

    /// `settings` written with this choice and `port` (for URL choices), through `SMTPSettings.choosing`: when
    /// the settings already express this choice with this port they come back unchanged, byte for byte (a URL
    /// without a port stays without one while the field shows the default); otherwise the endpoint is rewritten.
    /// An invalid port leaves the settings as they are (the Port field's check reports it).
    public func applied(to settings: SMTPSettings, port: String) -> SMTPSettings {
        let host = (try? Endpoint(parsing: settings.endpoint))?.host ?? settings.endpoint
        var number = Int(port)
        if SecurityChoice(settings) == self, settings.connectionChoice?.port == nil, port == String(defaultPort) { number = nil }
        return (try? settings.choosing(connectionChoice(port: number), host: host)) ?? settings
    }
}
