/// How the connection to the mail server is secured (SPEC §2, §7 `security`).
public enum TransportSecurity: String, Sendable, Equatable, CaseIterable {
    /// Implicit TLS from the first byte (SMTPS).
    case smtps
    /// STARTTLS, required: the connection fails if the server does not offer it.
    case starttls
    /// STARTTLS when the server offers it, plain text otherwise.
    case starttlsOpportunistic = "starttls-opportunistic"
    /// Plain text, no TLS at all.
    case none

    /// Whether this mode ever sends credentials protected by TLS.
    public var usesTLS: Bool { self != .none }
}
