import ConfigWriter
import SMTPProbe
import SMTPSettings

extension SetupService {
    /// The probe request for `settings` (as written, `${VAR}` substituted here as the server does) with the
    /// secret `secret` would give (see ``resolveSecret(for:secret:)``). Stops early with `CONFIG_INVALID` when
    /// the file holds what the server refuses to load, or the endpoint or user is invalid, and with
    /// `SECRET_UNRESOLVED` when `${VAR}` resolves nowhere. The plan is `settings.plan()`, changed only by
    /// what-if overrides.
    public func probeRequest(
        for settings: SMTPSettings, secret: SecretWrite? = nil, overrides: ProbeOverrides = ProbeOverrides()
    ) -> ProbeRequest {
        let effective = state.substituted(settings)
        let shownEndpoint = effective.endpoint.redactingUserInfo
        let resolution = resolveSecret(for: settings, secret: secret)
        func early(_ diagnosis: EarlyDiagnosis, plan: ConnectionPlan? = nil) -> ProbeRequest {
            let report = ProbeReport.beforeNetwork(
                endpoint: shownEndpoint, plan: plan, code: diagnosis.code, message: diagnosis.message, hint: diagnosis.hint,
                secret: resolution.provenance)
            return .early(plan == nil ? report : fromDeployment(report))
        }
        if let refusal = refusals.first { return early(.refusedFile(refusal, count: refusals.count)) }
        let plan: ConnectionPlan
        do {
            plan = try effective.plan().overriding(port: overrides.port, security: overrides.security)
        } catch {
            return early(.invalidEndpoint(error))
        }
        do {
            try Login.validate(effective.user)
        } catch {
            return early(.invalidUser(error), plan: plan)
        }
        if case .unresolved(let name) = resolution {
            return early(unresolvedDiagnosis(name, secret: secret), plan: plan)
        }
        return .ready(ProbeOptions(
            endpoint: effective.endpoint, plan: plan, user: effective.user, secret: resolution.value,
            ehloName: overrides.ehloName ?? ProbeOptions.defaultEHLOName, caFilePath: options.caFilePath,
            timeout: options.timeout, sendTestTo: overrides.sendTestTo,
            relayCheckTo: overrides.relayCheckTo ?? ProbeOptions.defaultRelayCheckTo, secretProvenance: resolution.provenance))
    }

    /// The request for the file's own `[smtp]`; `CONFIG_INVALID` without a section (naming what the server
    /// refuses, such as settings under `[smtp_config]`, when the file has that).
    public func probeRequest(overrides: ProbeOverrides = ProbeOverrides()) -> ProbeRequest {
        guard let settings else {
            let refusal = refusals.first.map { EarlyDiagnosis.refusedFile($0, count: refusals.count) }
            let diagnosis = refusal ?? EarlyDiagnosis.noSection(configPath: options.configPath ?? SetupService.noFile)
            return .early(ProbeReport.beforeNetwork(
                endpoint: "", plan: nil, code: diagnosis.code, message: diagnosis.message, hint: diagnosis.hint))
        }
        return probeRequest(for: settings, overrides: overrides)
    }

    /// Runs the request: the probe itself (seen from the deployment, ``fromDeployment(_:)``), or the early report
    /// at once. `events` sees each stage as it runs.
    public func run(_ request: ProbeRequest, events: @escaping @Sendable (ProbeEvent) -> Void = { _ in }) async -> ProbeReport {
        switch request {
        case .early(let report): return report
        case .ready(let options): return fromDeployment(await Prober.run(options, events: events))
        }
    }

    /// The early diagnosis for `${name}` that resolves nowhere: in the compose container when a compose service runs
    /// the server, else in the environment and the `.env` read.
    private func unresolvedDiagnosis(_ name: String, secret: SecretWrite?) -> EarlyDiagnosis {
        var written: String?
        if case .dotenv(_, let value)? = secret { written = value }
        if let compose = deployment.compose, let gap = state.containerGap(of: name, writing: written) {
            return .unresolvedInContainer(variable: name, gap: gap, compose: compose)
        }
        return .unresolvedSecret(variable: name, envFilePath: readsDotEnv ? state.envFilePath : nil)
    }

    /// The secret for `probe --discover --secret-env NAME`, or the early diagnosis when it resolves nowhere.
    public func discoverySecret(variable: String) -> Result<String, EarlyDiagnosis> {
        switch state.resolveVariable(variable) {
        case .resolved(_, let value, _): return .success(value)
        case .none, .inline, .unresolved:
            return .failure(unresolvedDiagnosis(variable, secret: nil))
        }
    }

    /// True when a `.env` file is read: beside the config, or the one given with `--env-file`.
    var readsDotEnv: Bool { readsConfig || options.envFilePath != nil }
}
