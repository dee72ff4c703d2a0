/// The probe's stages, in the order they run and are reported (SPEC §7).
public enum StageID: String, CaseIterable, Sendable {
    /// Host name lookup.
    case resolve
    /// TCP connection.
    case connect
    /// The implicit TLS handshake (SMTPS).
    case tls
    /// The server's 220 greeting.
    case greeting
    /// The first EHLO.
    case ehlo
    /// The STARTTLS command and its handshake.
    case starttls
    /// EHLO again after STARTTLS.
    case ehlo2
    /// AUTH PLAIN or LOGIN.
    case auth
    /// `MAIL FROM:<user>` (and `RSET` when no test message is sent).
    case mail
    /// `RCPT TO:` of the test message.
    case rcpt
    /// `DATA` and the test message.
    case data
    /// `QUIT`.
    case quit
}

/// The outcome of one stage.
public enum StageStatus: String, Sendable {
    /// The stage passed.
    case ok
    /// The stage failed; the diagnosis says why.
    case failed
    /// The stage did not apply or was not reached.
    case skipped
}

/// One stage of the report: status, duration, the server's last reply and a detail line.
public struct StageResult: Sendable, Equatable {
    /// Which stage.
    public var id: StageID
    /// Passed, failed or skipped.
    public var status: StageStatus
    /// Duration in milliseconds (0 when skipped).
    public var milliseconds: Double
    /// The server's reply that decided the stage; AUTH replies carry only the server's text, never credentials.
    public var reply: SMTPReply?
    /// A short human-readable line about the stage.
    public var detail: String

    /// Creates a stage result.
    public init(id: StageID, status: StageStatus, milliseconds: Double = 0, reply: SMTPReply? = nil, detail: String = "") {
        self.id = id
        self.status = status
        self.milliseconds = milliseconds
        self.reply = reply
        self.detail = detail
    }

    /// A skipped stage with a reason.
    public static func skipped(_ id: StageID, _ detail: String = "not reached") -> StageResult {
        StageResult(id: id, status: .skipped, detail: detail)
    }
}

/// Progress reported while a probe runs.
public enum ProbeEvent: Sendable {
    /// A stage began.
    case stageStarted(StageID)
    /// A stage ended: passed, failed, or skipped because it does not apply. Stages not reached after a failure
    /// are reported only in the final report.
    case stageFinished(StageResult)
}
