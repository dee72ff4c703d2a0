import SMTPSettings

/// The setting a diagnosis points at, so the wizard can jump back to that step.
public enum SettingsField: String, Sendable, CaseIterable {
    /// The `user` setting.
    case user
    /// The `endpoint` setting.
    case endpoint
    /// The TLS mode (`starttls`, or the URL's `tls=`).
    case security
    /// The `secret` setting.
    case secret
}

/// The stable diagnosis codes of SPEC §7.
public enum DiagnosisCode: String, CaseIterable, Sendable {
    /// Every stage passed.
    case OK
    /// The endpoint, user or options cannot describe a connection.
    case CONFIG_INVALID
    /// `${VAR}` is set neither in the environment nor in `.env`.
    case SECRET_UNRESOLVED
    /// The host name does not resolve.
    case DNS_FAILED
    /// The port is closed.
    case CONNECT_REFUSED
    /// No TCP answer within the timeout.
    case CONNECT_TIMEOUT
    /// Implicit TLS was used but the server speaks plain SMTP.
    case TLS_EXPECTED
    /// Plain SMTP was used but the server speaks TLS from the first byte.
    case PLAINTEXT_EXPECTED
    /// The TLS handshake failed for another reason (protocol version, cipher).
    case TLS_HANDSHAKE_FAILED
    /// The chain does not lead to a trusted root.
    case CERT_UNTRUSTED
    /// The certificate does not name the endpoint host.
    case CERT_HOSTNAME_MISMATCH
    /// The certificate is expired or not yet valid.
    case CERT_EXPIRED
    /// Connected, but no greeting within the timeout, and the port does not speak TLS either.
    case GREETING_TIMEOUT
    /// The server's first bytes are not an SMTP reply.
    case NOT_SMTP
    /// The greeting is 4xx/5xx.
    case SERVER_REJECTED
    /// EHLO answered with an error.
    case EHLO_REJECTED
    /// STARTTLS required but not advertised or refused.
    case STARTTLS_UNSUPPORTED
    /// A secret is configured but the server advertises no AUTH.
    case AUTH_NOT_OFFERED
    /// AUTH offered, but neither PLAIN nor LOGIN.
    case AUTH_UNSUPPORTED
    /// The server rejected the credentials.
    case AUTH_FAILED
    /// No secret configured and the server requires authentication.
    case AUTH_REQUIRED
    /// The server demands STARTTLS that the settings do not use.
    case TLS_REQUIRED
    /// The login succeeded but the server will not relay to other domains for it.
    case RELAY_DENIED
    /// The server refuses `user` as the sender.
    case SENDER_REJECTED
    /// `RCPT TO` of the test message was refused.
    case RECIPIENT_REJECTED
    /// The test message was refused at `DATA`.
    case DATA_REJECTED
    /// A `4xx` reply at `mail`, `rcpt` or `data`: try again later.
    case TEMPORARY_FAILURE
    /// A reply, or the implicit TLS handshake, did not arrive within the timeout.
    case TIMEOUT
    /// The server closed the connection unexpectedly.
    case CONNECTION_CLOSED
    /// A malformed or oversized reply.
    case PROTOCOL_ERROR

    /// The setting to change for this diagnosis, or `nil` when no single setting is at fault.
    public var settingsField: SettingsField? {
        switch self {
        case .OK, .TIMEOUT, .CONNECTION_CLOSED, .PROTOCOL_ERROR, .RECIPIENT_REJECTED, .DATA_REJECTED, .EHLO_REJECTED,
            .TEMPORARY_FAILURE:
            return nil
        case .CONFIG_INVALID, .DNS_FAILED, .CONNECT_REFUSED, .CONNECT_TIMEOUT, .GREETING_TIMEOUT, .NOT_SMTP,
            .SERVER_REJECTED, .CERT_UNTRUSTED, .CERT_HOSTNAME_MISMATCH, .CERT_EXPIRED:
            return .endpoint
        case .TLS_EXPECTED, .PLAINTEXT_EXPECTED, .TLS_HANDSHAKE_FAILED, .STARTTLS_UNSUPPORTED, .TLS_REQUIRED:
            return .security
        case .SECRET_UNRESOLVED, .AUTH_NOT_OFFERED, .AUTH_UNSUPPORTED, .AUTH_FAILED, .AUTH_REQUIRED:
            return .secret
        case .SENDER_REJECTED, .RELAY_DENIED:
            return .user
        }
    }
}

/// The one conclusion of a probe: code, message and what to change.
public struct Diagnosis: Sendable, Equatable {
    /// The stable code.
    public var code: DiagnosisCode
    /// One line saying what happened.
    public var message: String
    /// What to change (which setting, to which value), if anything.
    public var hint: String?
    /// The stage where the probe stopped, `nil` for OK and failures before the network.
    public var stage: StageID?

    /// Creates a diagnosis.
    public init(code: DiagnosisCode, message: String, hint: String? = nil, stage: StageID? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.stage = stage
    }
}

extension SettingsWarning {
    /// `AUTH_OVER_PLAINTEXT` when credentials go to `host` without TLS and `host` is not a loopback address.
    static func authOverPlaintext(host: String, usedTLS: Bool) -> SettingsWarning? {
        guard !usedTLS, !HostName.isLoopback(host) else { return nil }
        return SettingsWarning(
            code: .AUTH_OVER_PLAINTEXT,
            message: "The password is sent to \(host) without TLS: anyone on the network path can read it.")
    }

    /// `SENDER_NOT_ADDRESS` when `user` is not a mail address (a relay service's `apikey`, a server token).
    static func senderNotAddress(user: String) -> SettingsWarning? {
        guard Login.mailDomain(of: user) == nil else { return nil }
        return SettingsWarning(
            code: .SENDER_NOT_ADDRESS,
            message: "The login \(user) is not a mail address: BOMnipotent has no separate sender setting, so its mails would go out from <\(user)>, which most servers refuse or recipients distrust.")
    }

    /// `RELAY_CHECK_INCONCLUSIVE`: the relay-check recipient was refused as an address, not as a relay.
    static func relayCheckInconclusive(recipient: String, reply: SMTPReply) -> SettingsWarning {
        SettingsWarning(
            code: .RELAY_CHECK_INCONCLUSIVE,
            message: "The server refused the relay-check address <\(recipient)> itself (\(reply.text)), so whether it relays for this login is unknown: try --relay-check-to with a real outside address.")
    }
}
