import SMTPSettings

/// Everything one probe found (SPEC §7): every stage in order, TLS, extensions, AUTH, warnings and the diagnosis.
public struct ProbeReport: Sendable {
    /// The endpoint as configured.
    public var endpoint: String
    /// Where and how the probe connected.
    public var plan: ConnectionPlan
    /// One result per ``StageID``, in order.
    public var stages: [StageResult]
    /// The TLS findings, `nil` when no TLS was used.
    public var tls: TLSReport?
    /// Extensions advertised in answer to the first EHLO.
    public var extensionsBeforeSTARTTLS: [String]
    /// Extensions advertised after STARTTLS, `nil` when there was no second EHLO.
    public var extensionsAfterSTARTTLS: [String]?
    /// AUTH mechanisms advertised in the last EHLO.
    public var authOffered: [String]
    /// The mechanism used (`PLAIN` or `LOGIN`), `nil` when no AUTH was attempted.
    public var authUsed: String?
    /// Where the secret came from (SPEC §2), never its value.
    public var secret: SecretProvenance
    /// Non-fatal findings.
    public var warnings: [SettingsWarning]
    /// The conclusion.
    public var diagnosis: Diagnosis

    /// True when every stage passed.
    public var ok: Bool { diagnosis.code == .OK }

    /// The extensions of the last EHLO (after STARTTLS when it happened).
    public var extensions: [String] { extensionsAfterSTARTTLS ?? extensionsBeforeSTARTTLS }

    /// A report with every stage skipped, to be filled in.
    public init(endpoint: String, plan: ConnectionPlan, diagnosis: Diagnosis, secret: SecretProvenance = .none) {
        self.endpoint = endpoint
        self.plan = plan
        self.stages = StageID.allCases.map { StageResult.skipped($0) }
        self.tls = nil
        self.extensionsBeforeSTARTTLS = []
        self.extensionsAfterSTARTTLS = nil
        self.authOffered = []
        self.authUsed = nil
        self.secret = secret
        self.warnings = []
        self.diagnosis = diagnosis
    }

    /// A report for a failure found before any network traffic (`CONFIG_INVALID`, `SECRET_UNRESOLVED`):
    /// every stage is skipped. `plan` may be a best guess (host = endpoint, port 0) when the endpoint does not parse.
    public static func beforeNetwork(
        endpoint: String, plan: ConnectionPlan?, code: DiagnosisCode, message: String, hint: String?,
        secret: SecretProvenance = .none
    ) -> ProbeReport {
        let fallback = ConnectionPlan(host: endpoint, port: 0, security: .none, isURL: false)
        var report = ProbeReport(
            endpoint: endpoint, plan: plan ?? fallback, diagnosis: Diagnosis(code: code, message: message, hint: hint),
            secret: secret)
        report.stages = StageID.allCases.map { StageResult.skipped($0, "not run: \(code.rawValue)") }
        return report
    }

    /// The result of one stage.
    public func stage(_ id: StageID) -> StageResult {
        stages.first { $0.id == id } ?? StageResult.skipped(id)
    }

    mutating func set(_ result: StageResult) {
        if let index = stages.firstIndex(where: { $0.id == result.id }) { stages[index] = result }
    }
}
