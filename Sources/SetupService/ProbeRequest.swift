import SMTPProbe
import SMTPSettings

/// What a probe of some settings needs: the options to connect with, or the report of a failure found
/// before any network traffic (`CONFIG_INVALID`, `SECRET_UNRESOLVED`).
public enum ProbeRequest: Sendable {
    /// Everything checked: connect with these options.
    case ready(ProbeOptions)
    /// Stopped before connecting; every stage is skipped.
    case early(ProbeReport)

    /// The options, when the probe can run.
    public var options: ProbeOptions? {
        if case .ready(let options) = self { return options }
        return nil
    }
}

/// What the command line changes about a probe beyond the settings (SPEC §3 `probe`).
public struct ProbeOverrides: Sendable, Equatable {
    /// What-if: connect to this port instead of the server's (`--port`).
    public var port: Int?
    /// What-if: use this security instead of the server's (`--tls`).
    public var security: TransportSecurity?
    /// The EHLO name (`--ehlo`); `nil` for this machine's host name.
    public var ehloName: String?
    /// Send a test message to this address (`--send-test-to`).
    public var sendTestTo: String?
    /// The relay-check recipient (`--relay-check-to`); `nil` for the default.
    public var relayCheckTo: String?

    /// Creates overrides; none by default.
    public init(
        port: Int? = nil, security: TransportSecurity? = nil, ehloName: String? = nil, sendTestTo: String? = nil,
        relayCheckTo: String? = nil
    ) {
        self.port = port
        self.security = security
        self.ehloName = ehloName
        self.sendTestTo = sendTestTo
        self.relayCheckTo = relayCheckTo
    }
}
