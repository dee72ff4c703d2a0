import ConfigWriter
import Foundation
import SMTPProbe
import SMTPSettings

/// The wizard's effects done for real: SMTPProbe probes and discovers, ConfigWriter plans and writes.
public final class LiveWizardServices: WizardServices, @unchecked Sendable {
    private let configPath: String
    private let envFilePath: String?
    private let lock = NSLock()
    private var loaded: ConfigState
    private let schema: SchemaChoice
    private let environment: [String: String]
    private let caFilePath: String?
    private let timeout: Double

    private init(
        configPath: String, envFilePath: String?, state: ConfigState, schema: SchemaChoice, environment: [String: String],
        caFilePath: String?, timeout: Double
    ) {
        self.configPath = configPath
        self.envFilePath = envFilePath
        loaded = state
        self.schema = schema
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
        let schemaChoice = SchemaChoice(rawValue: schema) ?? .auto
        do {
            state = try ConfigState.load(
                configPath: configPath, envFilePath: envFilePath, schema: schemaChoice, environment: environment)
        } catch {
            throw Self.failure(error)
        }
        let summary = ConfigSummary(
            configPath: configPath, envFilePath: state.envFilePath, exists: state.configExists, smtp: state.smtp,
            skipVerification: state.skipVerification, layout: state.layout, layoutWasDetected: state.layoutWasDetected)
        let services = LiveWizardServices(
            configPath: configPath, envFilePath: envFilePath, state: state, schema: schemaChoice, environment: environment,
            caFilePath: caFilePath, timeout: timeout)
        return (summary, services)
    }

    /// The files as last read.
    private var state: ConfigState {
        lock.lock()
        defer { lock.unlock() }
        return loaded
    }

    /// Reads config.toml and `.env` again.
    public func reload() throws(WizardServiceError) {
        let fresh: ConfigState
        do {
            fresh = try ConfigState.load(
                configPath: configPath, envFilePath: envFilePath, schema: schema, environment: environment)
        } catch {
            throw Self.failure(error)
        }
        lock.lock()
        loaded = fresh
        lock.unlock()
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
        let state = self.state
        let effective = state.substituted(request.settings)
        let endpoint = effective.endpoint
        let user = effective.user
        do {
            plan = try effective.plan()
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

    /// The ports auto-detection tries: the standard ones, or (for tests only, as `probe --discover` reads it)
    /// `BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS=smtps,starttls,plain`.
    private var discoveryPorts: DiscoveryPorts {
        let numbers = environment["BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS"]?.split(separator: ",").compactMap { Int($0) } ?? []
        guard numbers.count == 3 else { return .standard }
        return DiscoveryPorts(smtps: numbers[0], starttls: numbers[1], plain: numbers[2])
    }

    /// Runs `probe --discover` for the host.
    public func discover(host: String, user: String, secret: ProbeSecret) async -> DiscoveryOutcome {
        var value: String?
        switch secret {
        case .none: value = nil
        case .value(let text): value = text
        case .variable(let name): value = environment[name] ?? resolvedFromDotEnv(name)
        }
        let report = await Discovery.run(
            host: host, user: user, secret: value, caFilePath: caFilePath, timeout: timeout, ports: discoveryPorts)
        let attempts = report.attempts.map { attempt -> DiscoveryAttempt in
            let kind: String
            switch attempt.plan.security {
            case .smtps: kind = "SMTPS"
            case .starttls, .starttlsOpportunistic: kind = "STARTTLS"
            case .none: kind = "plain"
            }
            return DiscoveryAttempt(label: "\(kind) \(attempt.plan.port)", code: attempt.diagnosis.code.rawValue)
        }
        let recommended = report.recommended.map { DiscoveryOutcome.Recommendation(endpoint: $0.endpoint, starttls: $0.starttls) }
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
        case .smtp(let settings, let secret, let chosen):
            configChange = .smtp(
                user: settings.user, endpoint: settings.endpoint, starttls: settings.starttls ?? false, secret: secret)
            layout = chosen
        }
        let state = self.state
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
            step: step, stages: report.stages.map(row), warnings: report.warnings.map { "\($0.code.rawValue): \($0.message)" },
            details: report.humanText().components(separatedBy: "\n"))
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
