import Foundation

/// What the TLS handshake showed (SPEC §7 `tls`).
public struct TLSReport: Sendable, Equatable {
    /// The negotiated protocol, e.g. `TLSv1.3`; `nil` when the handshake did not complete.
    public var version: String?
    /// The negotiated cipher suite's IANA name (read from the ServerHello), e.g. `TLS_AES_128_GCM_SHA256`;
    /// `nil` when no ServerHello arrived.
    public var cipher: String?
    /// The leaf certificate's subject (RFC 4514 form).
    public var subject: String?
    /// The leaf certificate's DNS names and IP addresses.
    public var subjectAlternativeNames: [String]
    /// The leaf certificate's issuer.
    public var issuer: String?
    /// Start of the validity period.
    public var notBefore: Date?
    /// End of the validity period.
    public var notAfter: Date?
    /// True when the chain leads to a trusted root, is in its validity period and names the host.
    public var verified: Bool
    /// True when verification succeeded only thanks to `--ca-file`.
    public var trustedViaCAFile: Bool
    /// Why verification failed, or `nil`.
    public var error: String?

    /// Creates an empty report (nothing known yet, not verified).
    public init(
        version: String? = nil, cipher: String? = nil, subject: String? = nil, subjectAlternativeNames: [String] = [],
        issuer: String? = nil, notBefore: Date? = nil, notAfter: Date? = nil, verified: Bool = false,
        trustedViaCAFile: Bool = false, error: String? = nil
    ) {
        self.version = version
        self.cipher = cipher
        self.subject = subject
        self.subjectAlternativeNames = subjectAlternativeNames
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.verified = verified
        self.trustedViaCAFile = trustedViaCAFile
        self.error = error
    }
}
