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
        func early(_ diagnosis: EarlyDiagnosis, plan: ConnectionPlan? = nil) -> ProbeRequest {
            .early(ProbeReport.beforeNetwork(
                endpoint: shownEndpoint, plan: plan, code: diagnosis.code, message: diagnosis.message, hint: diagnosis.hint))
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
        let resolution = resolveSecret(for: settings, secret: secret)
        if case .unresolved(let name) = resolution {
            return early(.unresolvedSecret(variable: name, envFilePath: readsDotEnv ? state.envFilePath : nil), plan: plan)
        }
        return .ready(ProbeOptions(
            endpoint: effective.endpoint, plan: plan, user: effective.user, secret: resolution.value,
            ehloName: overrides.ehloName ?? ProbeOptions.defaultEHLOName, caFilePath: options.caFilePath,
            timeout: options.timeout, sendTestTo: overrides.sendTestTo,
            relayCheckTo: overrides.relayCheckTo ?? ProbeOptions.defaultRelayCheckTo, secretProvenance: resolution.provenance))
    }

    /// The request for the file's own `[smtp]`; `CONFIG_INVALID` without a section.
    public func probeRequest(overrides: ProbeOverrides = ProbeOverrides()) -> ProbeRequest {
        guard let settings else {
            let diagnosis = EarlyDiagnosis.noSection(configPath: options.configPath ?? SetupService.noFile)
            return .early(ProbeReport.beforeNetwork(
                endpoint: "", plan: nil, code: diagnosis.code, message: diagnosis.message, hint: diagnosis.hint))
        }
        return probeRequest(for: settings, overrides: overrides)
    }

    /// Runs the request: the probe itself, or the early report at once. `events` sees each stage as it runs.
    public func run(_ request: ProbeRequest, events: @escaping @Sendable (ProbeEvent) -> Void = { _ in }) async -> ProbeReport {
        switch request {
        case .early(let report): return report
        case .ready(let options): return await Prober.run(options, events: events)
        }
    }

    /// The secret for `probe --discover --secret-env NAME`, or the early diagnosis when it resolves nowhere.
    public func discoverySecret(variable: String) -> Result<String, EarlyDiagnosis> {
        switch state.resolveVariable(variable) {
        case .resolved(_, let value, _): return .success(value)
        case .none, .inline, .unresolved:
            return .failure(.unresolvedSecret(variable: variable, envFilePath: readsDotEnv ? state.envFilePath : nil))
        }
    }

    /// True when a `.env` file is read: beside the config, or the one given with `--env-file`.
    var readsDotEnv: Bool { readsConfig || options.envFilePath != nil }
}
