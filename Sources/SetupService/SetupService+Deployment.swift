import ConfigWriter
import SMTPProbe
import SMTPSettings

extension SetupService {
    /// What the deployment means for `change` once written (SPEC §11): `SECRET_NOT_PASSED` (or `SECRET_UNRESOLVED`)
    /// when the compose service would not get the secret's variable, `CONTAINER_NETWORK` for the endpoint,
    /// `SINGLE_FILE_BIND`, a config-directory `.env` value that compose overrides, and `SKIP_FLAG_LAYOUT_MISMATCH`.
    /// Empty without a compose deployment.
    public func deploymentWarnings(for change: ConfigChange) -> [SettingsWarning] {
        guard deployment.compose != nil else { return [] }
        let mismatch = state.warnings.filter { $0.code == .SKIP_FLAG_LAYOUT_MISMATCH }
        guard case .smtp(let user, let endpoint, let starttls, let secret) = change else {
            return state.deploymentWarnings(for: nil, secretVariable: nil) + mismatch
        }
        let variable: String?
        var written: String?
        switch secret {
        case .keep: variable = state.smtp?.secret.variableName
        case .remove, .inline: variable = nil
        case .variable(let name): variable = name
        case .dotenv(let name, let value):
            variable = name
            written = value
        }
        let settings = SMTPSettings(user: user, endpoint: endpoint, secret: variable.map(SecretSource.variable) ?? .none, starttls: starttls)
        var warnings: [SettingsWarning] = []
        if let variable {
            let resolution = written.map { state.resolveVariable(variable, writing: $0) } ?? state.resolveVariable(variable)
            if case .unresolved = resolution { warnings.append(state.unresolvedSecretWarning(variable, writing: written)) }
        }
        return warnings + state.deploymentWarnings(for: settings, secretVariable: variable, writing: written) + mismatch
    }

    /// `report` as seen from where the server runs: `CONTAINER_NETWORK` when the probed host means another host
    /// inside the compose container, and a DNS failure on a compose service name explained as such (it resolves
    /// only inside the compose network), not as a wrong host. Unchanged without a compose deployment.
    public func fromDeployment(_ report: ProbeReport) -> ProbeReport {
        guard let compose = deployment.compose, let difference = compose.networkDifference(for: report.plan.host) else { return report }
        var adjusted = report
        let warning = SettingsWarning.containerNetwork(host: report.plan.host, difference, compose: compose)
        if !adjusted.warnings.contains(warning) { adjusted.warnings.append(warning) }
        if report.diagnosis.code == .DNS_FAILED, case .composeService(let name) = difference {
            adjusted.diagnosis.message = "\(report.plan.host) resolves only inside the compose network of \(compose.project.path), where it is the service \(name): this machine, where the probe runs, cannot resolve it. That is not a wrong host."
            adjusted.diagnosis.hint = "The server in \(compose.service.name) reaches \(report.plan.host) by that name. To test the relay from here, probe the port it publishes on this machine: --endpoint smtp://localhost:PORT."
        }
        return adjusted
    }
}
