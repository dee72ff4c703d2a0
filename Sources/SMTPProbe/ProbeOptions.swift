import Foundation
import SMTPSettings

/// Everything one probe needs.
public struct ProbeOptions: Sendable {
    /// The endpoint as configured (shown in the report).
    public var endpoint: String
    /// Where and how to connect.
    public var plan: ConnectionPlan
    /// The login, also the sender of `MAIL FROM`.
    public var user: String
    /// The secret; `nil` means no AUTH.
    public var secret: String?
    /// The EHLO name.
    public var ehloName: String
    /// A PEM file with extra trust anchors.
    public var caFilePath: String?
    /// Seconds that bound every network wait.
    public var timeout: Double
    /// When set, a test message is sent to this address.
    public var sendTestTo: String?
    /// The relay-check recipient used at `rcpt` when no test address is given (SPEC §7).
    public var relayCheckTo: String
    /// Where the secret came from, reported as `secret` (SPEC §2); never the value.
    public var secretProvenance: SecretProvenance
    /// Asked once EHLO (after TLS) has passed and before AUTH: `false` stops the probe there (`--discover` logs in
    /// on one candidate only, SPEC §7).
    var authGate: (@Sendable () async -> Bool)?

    /// The default relay-check recipient: outside the server's own domains, never delivered to.
    public static let defaultRelayCheckTo = "postmaster@example.com"

    /// Creates options; the EHLO name defaults to this machine's host name and the timeout to 10 s.
    public init(
        endpoint: String, plan: ConnectionPlan, user: String, secret: String? = nil,
        ehloName: String = ProbeOptions.defaultEHLOName, caFilePath: String? = nil, timeout: Double = 10,
        sendTestTo: String? = nil, relayCheckTo: String = ProbeOptions.defaultRelayCheckTo,
        secretProvenance: SecretProvenance = .none
    ) {
        self.endpoint = endpoint
        self.plan = plan
        self.user = user
        self.secret = secret
        self.ehloName = ehloName
        self.caFilePath = caFilePath
        self.timeout = timeout
        self.sendTestTo = sendTestTo
        self.relayCheckTo = relayCheckTo
        self.secretProvenance = secretProvenance
    }

    /// The machine's host name (what the server sends in EHLO), or `localhost` when it cannot be read.
    public static var defaultEHLOName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
