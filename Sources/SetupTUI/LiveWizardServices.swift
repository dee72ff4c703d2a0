import ConfigWriter
import Foundation
import SMTPProbe
import SMTPSettings
import SetupService

/// The wizard's effects done for real, through the one `SetupService` that `probe`, `show` and `apply` use too:
/// it loads config.toml and `.env`, resolves secrets as the server would, builds probe requests and change plans.
public final class LiveWizardServices: WizardServices, @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: SetupService

    private init(service: SetupService) {
        loaded = service
    }

    /// Reads config.toml and the `.env` file, and the deployment the service detected beside them (honouring
    /// `--compose` and `--no-compose`); the summary is what the Start screen shows.
    public static func load(_ options: SetupOptions) throws(WizardServiceError) -> (summary: ConfigSummary, services: LiveWizardServices) {
        let service: SetupService
        do {
            service = try SetupService.load(options)
        } catch {
            throw failure(error)
        }
        return (summary(of: service), LiveWizardServices(service: service))
    }

    /// What the Start screen shows about the loaded files and deployment.
    static func summary(of service: SetupService) -> ConfigSummary {
        let state = service.state
        let repairs = service.repairs
        let repaired = service.repairedSettings
        return ConfigSummary(
            configPath: service.options.configPath ?? state.configPath, envFilePath: service.defaultEnvFilePath,
            exists: service.configExists, smtp: service.settings, skipVerification: state.skipVerification,
            layout: service.layoutIsKnown ? state.layout : nil, layoutReason: service.layoutReason,
            serverLayout: service.serverLayout, deployment: service.deployment, problems: state.warnings.filter(\.code.isWizardProblem), repairs: repairs,
            repairedSMTP: repairs.contains(where: \.changesFile) && repaired != service.settings ? repaired : nil)
    }

    /// The service as last loaded.
    var service: SetupService {
        lock.withLock { loaded }
    }

    /// Reads config.toml and `.env` again (after exit 75); later plans start from what they hold now.
    public func reload() throws(WizardServiceError) {
        let fresh: SetupService
        do {
            fresh = try service.reloaded()
        } catch {
            throw Self.failure(error)
        }
        lock.withLock { loaded = fresh }
    }

    /// A service error as text with its SPEC §3 exit status.
    static func failure(_ error: SetupError) -> WizardServiceError {
        WizardServiceError(message: error.description, exitCode: error.exitStatus.rawValue)
    }

    /// The probe request `probe` itself would build for these settings and secret.
    func probeRequest(_ request: WizardProbeRequest) -> ProbeRequest {
        service.probeRequest(for: request.settings, secret: request.secret, overrides: ProbeOverrides(sendTestTo: request.sendTestTo))
    }

    /// Probes the settings as `probe` does, reporting each stage through `progress`.
    public func probe(_ request: WizardProbeRequest, progress: @escaping @Sendable (ProbeProgressEvent) -> Void) async -> ProbeOutcome {
        let report = await service.run(probeRequest(request)) { event in
            switch event {
            case .stageStarted(let id): progress(.started(id: id.rawValue))
            case .stageFinished(let result): progress(.finished(Self.row(result)))
            }
        }
        return Self.outcome(report)
    }

    /// Runs `probe --discover` for the host, on the ports `probe --discover` uses.
    public func discover(host: String, settings: SMTPSettings, secret: SecretWrite?) async -> DiscoveryOutcome {
        let service = self.service
        let report = await service.discover(host: host, for: settings, secret: secret)
        let attempts = report.attempts.map { attempt in
            DiscoveryAttempt(label: "\(Self.kind(attempt.plan.security)) \(attempt.plan.port)", code: attempt.diagnosis.code)
        }
        let recommended = report.recommended.map { DiscoveryOutcome.Recommendation(endpoint: $0.endpoint, starttls: $0.starttls) }
        return DiscoveryOutcome(attempts: attempts, recommended: recommended)
    }

    private static func kind(_ security: TransportSecurity) -> String {
        switch security {
        case .smtps: return "SMTPS"
        case .starttls, .starttlsOpportunistic: return "STARTTLS"
        case .none: return "plain"
        }
    }

    /// Plans the change through the service, in the layout the wizard chose.
    public func plan(_ change: WizardChange) throws(WizardServiceError) -> any PlannedChange {
        let service = self.service
        do {
            switch change {
            case .skipVerification(let layout, let repair):
                return LivePlannedChange(plan: try service.skipVerificationPlan(layout: layout, repair: repair))
            case .smtp(let settings, let secret, let layout, let repair):
                return LivePlannedChange(plan: try service.changePlan(for: settings, secret: secret, layout: layout, repair: repair))
            case .repairOnly: return LivePlannedChange(plan: try service.repairPlan())
            }
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
            code: report.diagnosis.code, message: report.diagnosis.message, hint: report.diagnosis.hint,
            step: step, stages: report.stages.map(row), warnings: report.warnings,
            details: report.humanText().components(separatedBy: "\n"))
    }
}

extension SettingsWarning.Code {
    /// Whether the Start screen names this finding: the server refuses the file, or reads it other than meant.
    var isWizardProblem: Bool {
        serverRefusesFile || self == .SKIP_FLAG_LAYOUT_MISMATCH || self == .SKIP_FLAG_OTHER_LAYOUT || self == .INLINE_SECRET_HAS_VARIABLE
    }
}

/// A change planned by the service, which the wizard reviews and writes.
struct LivePlannedChange: PlannedChange {
    let plan: ChangePlan

    var preview: PlanPreview {
        PlanPreview(diff: plan.diff(), notes: plan.notes + plan.warnings.map(\.message), repairs: repairLines)
    }

    /// One line per repair the plan makes to the file.
    private var repairLines: [String] {
        plan.repairs.filter(\.changesFile).map(\.summary)
    }

    func write() throws(WizardServiceError) -> WriteOutcome {
        let result: WriteResult
        do {
            result = try plan.write(backup: true)
        } catch {
            throw LiveWizardServices.failure(.files(error))
        }
        return WriteOutcome(
            writtenFiles: result.writtenFiles, backupFiles: result.backupFiles,
            configChanged: plan.configAfter != plan.configBefore, envChanged: plan.envAfter.map { $0 != plan.envBefore } ?? false,
            warnings: plan.warnings(after: result).map(\.message), repairs: repairLines)
    }
}
