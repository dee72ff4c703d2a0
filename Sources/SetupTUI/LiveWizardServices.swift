import ConfigWriter
import SMTPProbe
import SMTPSettings

/// The wizard's effects done for real: SMTPProbe probes and discovers, ConfigWriter plans and writes.
public final class LiveWizardServices: WizardServices {
    private let configPath: String
    private let envFilePath: String?
    private let state: ConfigState
    private let environment: [String: String]
    private let caFilePath: String?
    private let timeout: Double

    private init(
        configPath: String, envFilePath: String?, state: ConfigState, environment: [String: String], caFilePath: String?,
        timeout: Double
    ) {
        self.configPath = configPath
        self.envFilePath = envFilePath
        self.state = state
        self.environment = environment
        self.caFilePath = caFilePath
        self.timeout = timeout
    }

    /// Reads config.toml and the `.env` file; the summary is what the Start screen shows.
    /// `schema` is `auto`, `legacy` or `current` (SPEC §3 `--schema`).
    public static func load(
        configPath: String, envFilePath: String?, schema: String, caFilePath: String?, timeout: Double,
        environment: [String: String]
    ) throws(WizardServiceError) -> (summary: ConfigSummary, services: LiveWizardServices) {
        let state: ConfigState
        do {
            state = try ConfigState.load(
                configPath: configPath, envFilePath: envFilePath, schema: SchemaChoice(rawValue: schema) ?? .auto,
                environment: environment)
        } catch {
            throw Self.failure(error)
        }
        let summary = ConfigSummary(
            configPath: configPath, envFilePath: state.envFilePath, exists: state.configExists, smtp: state.smtp,
            skipVerification: state.skipVerification, layout: state.layout, layoutWasDetected: state.layoutWasDetected)
        let services = LiveWizardServices(
            configPath: configPath, envFilePath: envFilePath, state: state, environment: environment,
            caFilePath: caFilePath, timeout: timeout)
        return (summary, services)
    }

    /// A ConfigWriter error as text with its SPEC §3 exit status.
    static func failure(_ error: ConfigWriterError) -> WizardServiceError {
        WizardServiceError(message: error.description, exitCode: error.kind.rawValue)
    }

    /// Runs SMTPProbe with the request, resolving a `${VAR}` secret from the environment, then `.env`.
    /// `${VAR}` in the user and endpoint is substituted as the server does (environment, then `.env`).
    public func probe(_ request: ProbeRequest, progress: @escaping @Sendable (ProbeProgressEvent) -> Void) async -> ProbeOutcome {
        let report: ProbeReport
        let plan: ConnectionPlan
        let endpoint = state.resolve(request.endpoint)
        let user = state.resolve(request.user)
        do {
            plan = try ConnectionPlan(endpoint: endpoint, starttls: request.starttls)
        } catch {
            report = ProbeReport.beforeNetwork(
                endpoint: endpoint.redactingUserInfo, plan: nil, code: .CONFIG_INVALID, message: error.description, hint: nil)
            return Self.outcome(report)
        }
        var secret: String?
        switch request.secret {
        case .none: secret = nil
        case .value(let value): secret = value
        case .variable(let name):
            secret = environment[name] ?? resolvedFromDotEnv(name)
            if secret == nil {
                report = ProbeReport.beforeNetwork(
                    endpoint: endpoint, plan: plan, code: .SECRET_UNRESOLVED,
                    message: "${\(name)} is set neither in the environment nor in \(state.envFilePath).",
                    hint: "Set \(name) for the server, or choose the .env file as the secret's source.")
                return Self.outcome(report)
            }
        }
        let options = ProbeOptions(
            endpoint: endpoint, plan: plan, user: user, secret: secret, caFilePath: caFilePath,
            timeout: timeout, sendTestTo: request.sendTestTo)
        report = await Prober.run(options) { event in
            switch event {
            case .stageStarted(let id): progress(.started(id: id.rawValue))
            case .stageFinished(let result): progress(.finished(Self.row(result)))
            }
        }
        return Self.outcome(report)
    }

    private func resolvedFromDotEnv(_ name: String) -> String? {
        let value = state.resolve("${\(name)}")
        return value == "${\(name)}" ? nil : value
    }

    /// Runs `probe --discover` for the host.
    public func discover(host: String, user: String, secret: ProbeSecret) async -> DiscoveryOutcome {
        var value: String?
        switch secret {
        case .none: value = nil
        case .value(let text): value = text
        case .variable(let name): value = environment[name] ?? resolvedFromDotEnv(name)
        }
        let report = await Discovery.run(host: host, user: user, secret: value, caFilePath: caFilePath, timeout: timeout)
        let attempts = report.attempts.map { attempt -> DiscoveryAttempt in
            let kind: String
            switch attempt.plan.security {
            case .smtps: kind = "SMTPS"
            case .starttls, .starttlsOpportunistic: kind = "STARTTLS"
            case .none: kind = "plain"
            }
            return DiscoveryAttempt(label: "\(kind) \(attempt.plan.port)", code: attempt.diagnosis.code.rawValue)
        }
        let recommended = report.recommended.map { $0.starttls ? SecurityChoice.starttls : SecurityChoice.smtps }
        return DiscoveryOutcome(attempts: attempts, recommended: recommended)
    }

    /// Plans the change with ConfigWriter, in the layout the wizard chose.
    public func plan(_ change: WizardChange) throws(WizardServiceError) -> any PlannedChange {
        let configChange: ConfigChange
        let layout: SkipFlagLayout
        switch change {
        case .skipVerification(let chosen):
            configChange = .skipVerification
            layout = chosen
        case .smtp(let user, let endpoint, let starttls, let secret, let chosen):
            configChange = .smtp(user: user, endpoint: endpoint, starttls: starttls, secret: secret)
            layout = chosen
        }
        do {
            var current = state
            if layout != state.layout {
                current = try ConfigState.load(
                    configPath: configPath, envFilePath: envFilePath, schema: layout == .legacy ? .legacy : .current,
                    environment: environment)
            }
            let plan = try current.plan(configChange)
            return LivePlannedChange(plan: plan)
        } catch {
            throw Self.failure(error)
        }
    }

    static func row(_ result: StageResult) -> StageRow {
        let status: StageStatus
        switch result.status {
        case .ok: status = .ok
        case .failed: status = .failed
        case .skipped: status = .skipped
        }
        return StageRow(
            id: result.id.rawValue, status: status, milliseconds: result.status == .skipped ? nil : result.milliseconds,
            detail: result.detail)
    }

    static func outcome(_ report: ProbeReport) -> ProbeOutcome {
        let step: WizardStep?
        switch report.diagnosis.code.settingsField {
        case .user?: step = .user
        case .endpoint?: step = .endpoint
        case .security?: step = .security
        case .secret?: step = .secret
        case nil: step = nil
        }
        return ProbeOutcome(
            code: report.diagnosis.code.rawValue, message: report.diagnosis.message, hint: report.diagnosis.hint,
            step: step, stages: report.stages.map(row), warnings: report.warnings.map { "\($0.code.rawValue): \($0.message)" })
    }
}

/// A ConfigWriter plan the wizard reviews and writes.
struct LivePlannedChange: PlannedChange {
    let plan: ChangePlan

    var preview: PlanPreview {
        PlanPreview(diff: plan.diff(), notes: plan.notes + plan.warnings.map(\.message))
    }

    func write() throws(WizardServiceError) -> WriteOutcome {
        do {
            let result = try plan.write(backup: true)
            return WriteOutcome(writtenFiles: result.writtenFiles, backupFiles: result.backupFiles)
        } catch {
            throw LiveWizardServices.failure(error)
        }
    }
}
