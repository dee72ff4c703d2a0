/// The failures of the probe's network steps; ``DiagnosisBuilder`` is the one place that turns them into text.
public enum ProbeError: Error, Sendable {
    /// The host name did not resolve; the associated text says why.
    case dnsFailed(String)
    /// The port refused the connection.
    case connectRefused
    /// No TCP answer within the timeout.
    case connectTimeout
    /// Another connection error (network unreachable, …).
    case connectFailed(String)
    /// No reply (or TLS handshake) within the timeout.
    case timeout
    /// The server closed the connection.
    case connectionClosed
    /// The server sent something that is not a valid SMTP reply.
    case protocolViolation(SMTPProtocolError)
    /// The TLS handshake failed; the text is the TLS library's reason.
    case tlsHandshake(String)
}
