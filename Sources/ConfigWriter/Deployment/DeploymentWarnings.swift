import LosslessTOML
import SMTPSettings

extension ComposeDeployment {
    /// Where the service is named in messages: `bomnipotent_server in /srv/compose.yaml`.
    var serviceText: String { "the compose service \(service.name) (\(project.path))" }

    /// What to add so the service receives `variable` from the project `.env`, as one sentence.
    public func passVariableAdvice(_ variable: String) -> String {
        let addition = lineToAdd(for: variable)
        let newSection = service.environment.isEmpty ? " (add `environment:` to the service if it has none)" : ""
        return "add `\(addition.line)` to \(project.path) under \(addition.under)\(newSection), set \(variable)=… in \(project.envFilePath) if it is not there yet, then run `cd \(project.directory) && docker compose up -d`; this tool never edits the compose file"
    }

    /// The bind that would make hot reload work: the config's directory on the container directory of the file bind.
    var directoryBindAdvice: String {
        guard let bind = configBind else { return "" }
        let target = PathNormal.directory(of: bind.mount.target)
        return "bind the directory instead, e.g. `\(configDirectory):\(target)\(bind.mount.readOnly ? ":ro" : "")`"
    }
}

extension SettingsWarning {
    /// `SECRET_NOT_PASSED`: `${variable}` is used in `[smtp]`, but the compose service does not receive it.
    public static func secretNotPassed(_ variable: String, compose: ComposeDeployment) -> SettingsWarning {
        SettingsWarning(
            code: .SECRET_NOT_PASSED,
            message: "The secret refers to ${\(variable)}, but \(compose.serviceText) does not receive \(variable), so the server in the container cannot resolve it: \(compose.passVariableAdvice(variable)).")
    }

    /// `SECRET_UNRESOLVED` in a compose deployment: the service receives the name, but compose has no value for it.
    public static func secretPassedEmpty(_ variable: String, compose: ComposeDeployment) -> SettingsWarning {
        SettingsWarning(
            code: .SECRET_UNRESOLVED,
            message: "The secret refers to ${\(variable)}: \(compose.serviceText) receives \(variable), but neither this shell nor \(compose.project.envFilePath) sets it, so the container gets no value. Add \(variable)=… to \(compose.project.envFilePath) and run `cd \(compose.project.directory) && docker compose up -d`.")
    }

    /// `CONTAINER_NETWORK`: the endpoint host means something else inside the server's container.
    public static func containerNetwork(host: String, _ difference: ComposeDeployment.NetworkDifference, compose: ComposeDeployment) -> SettingsWarning {
        let message: String
        switch difference {
        case .loopback:
            message = "The endpoint host \(host) is the container itself for the server, which runs in \(compose.serviceText): a mail relay on this machine is not reachable there, and a probe from this machine says nothing about the container. Run the relay as a compose service and use its name (e.g. smtp://smtp_relay:2500), or the host's address as the container sees it."
        case .composeService:
            message = "The endpoint host \(host) is a name on the compose network of \(compose.project.path): it resolves only there, where the server in \(compose.service.name) reaches it, not on this machine where the probe runs. To test the relay from here, probe the port it publishes on this machine (--endpoint smtp://localhost:PORT)."
        }
        return SettingsWarning(code: .CONTAINER_NETWORK, message: message)
    }

    /// `SINGLE_FILE_BIND`: the compose service binds config.toml alone.
    public static func singleFileBind(_ compose: ComposeDeployment) -> SettingsWarning {
        let target = compose.configBind?.mount.target ?? ""
        return SettingsWarning(
            code: .SINGLE_FILE_BIND,
            message: "The compose service \(compose.service.name) (\(compose.project.path)) binds the single file config.toml (to \(target)), not its directory: the server does not see a changed config.toml until the container is recreated (a file replaced by rename stays the old one inside the container), nor the .env beside it; \(compose.directoryBindAdvice).")
    }

    /// `ENV_OVERRIDES_DOTENV` in a compose deployment: the config directory's `.env` sets `variable`, but the
    /// container's environment, which compose sets, wins.
    static func composeOverridesConfigDotenv(_ variable: String, dotenvPath: String, compose: ComposeDeployment) -> SettingsWarning {
        SettingsWarning(
            code: .ENV_OVERRIDES_DOTENV,
            message: "\(dotenvPath) sets \(variable), but \(compose.serviceText) receives \(variable) from compose, and the container's environment wins: the server does not use the value in \(dotenvPath). Keep the secret in \(compose.project.envFilePath).")
    }

    /// `SKIP_FLAG_LAYOUT_MISMATCH`: `document` has its skip flag, or another user setting that moved in server 0.7
    /// (`tmp_admin`, `user_expiration_period`), in the layout that `image`'s server version does not read; `nil`
    /// when it does not, or the tag does not tell.
    static func skipFlagLayoutMismatch(document: TOMLDocument, image: ServerImage) -> SettingsWarning? {
        guard let serverLayout = image.layout, let reason = image.layoutReason else { return nil }
        let fileLayout: SkipFlagLayout = serverLayout == .legacy ? .current : .legacy
        let misplaced = LayoutDetection.userKeys(in: document, layout: fileLayout)
        guard !misplaced.isEmpty else { return nil }
        let one = misplaced.count == 1
        let names = { (layout: SkipFlagLayout) in misplaced.map { $0.name(layout) }.joined(separator: " and ") }
        let reads = serverLayout == .current
            ? "which reads only \(names(.current)) and rejects the top-level \(one ? "key" : "keys") as unknown"
            : "which reads only the top-level \(names(.legacy)) and rejects the [user] table"
        return SettingsWarning(
            code: .SKIP_FLAG_LAYOUT_MISMATCH,
            message: "The file has \(names(fileLayout)) (the \(fileLayout.rawValue) layout), but \(reason), \(reads): move \(one ? "it" : "them") to \(names(serverLayout)) (`bomnipotent-smtp wizard` and `apply --repair` offer this).")
    }
}

extension ConfigState {
    /// What differs because the server runs in a compose container (SPEC §2, §11), for `settings` with the secret
    /// variable `secretVariable` (`nil`: none): `SINGLE_FILE_BIND`, `CONTAINER_NETWORK` for the endpoint host,
    /// and `ENV_OVERRIDES_DOTENV` when the config directory's `.env` sets the variable but compose's wins.
    /// An unresolved secret is ``unresolvedSecretWarning(_:writing:)``'s. With `value`, as it would be once
    /// `value` is written as `secretVariable` into ``envFilePath``. Empty without compose.
    public func deploymentWarnings(for settings: SMTPSettings?, secretVariable: String?, writing value: String? = nil) -> [SettingsWarning] {
        guard let compose = deployment.compose, var container else { return [] }
        if let value, let name = secretVariable { container = container.writing(value, as: name, into: envFilePath) }
        var warnings: [SettingsWarning] = []
        if compose.configBind?.isDirectory == false { warnings.append(.singleFileBind(compose)) }
        if let settings, let plan = try? substituted(settings).plan(), let difference = compose.networkDifference(for: plan.host) {
            warnings.append(.containerNetwork(host: plan.host, difference, compose: compose))
        }
        if let name = secretVariable, let fromCompose = container.environmentValue(of: name),
            let inConfigDotenv = container.configDotenv?[name], inConfigDotenv != fromCompose {
            warnings.append(.composeOverridesConfigDotenv(name, dotenvPath: container.configDotenvPath, compose: compose))
        }
        return warnings
    }

    /// The warning for `${name}` that resolves nowhere: `SECRET_NOT_PASSED` when the compose service does not receive
    /// it, `SECRET_UNRESOLVED` otherwise (naming the compose project's `.env`, or the `.env` the server reads).
    /// With `value`, as it would be once `value` is written as `name` into ``envFilePath``.
    public func unresolvedSecretWarning(_ name: String, writing value: String? = nil) -> SettingsWarning {
        guard let compose = deployment.compose, let gap = containerGap(of: name, writing: value) else {
            return .secretUnresolved(name, envFilePath: envFilePath)
        }
        switch gap {
        case .notPassed: return .secretNotPassed(name, compose: compose)
        case .passedEmpty: return .secretPassedEmpty(name, compose: compose)
        }
    }
}

extension ConfigState {
    /// In a compose deployment, the `.env` checks (mode, git) of the file the container's secret comes from: the
    /// project `.env` compose interpolates it from, or the config directory's `.env`; `nil` without compose.
    var deploymentSecretStorageWarnings: [SettingsWarning]? {
        guard let container, case .variable(let name)? = smtp?.secret else { return nil }
        switch resolveVariable(name) {
        case .resolved(_, _, .dotenv): return EnvFileChecks.warnings(envFilePath: container.configDotenvPath, exists: true)
        case .resolved(_, _, .environment):
            return projectDotenvHolding(name).map { EnvFileChecks.warnings(envFilePath: $0, exists: true) } ?? []
        case .none, .inline, .unresolved: return []
        }
    }

    /// The compose project's `.env` when the container's value of `name` comes from it (compose interpolates it from
    /// there, the shell does not set it); `nil` otherwise. The `.env` checks (mode, git) then apply to that file.
    func projectDotenvHolding(_ name: String) -> String? {
        guard let compose = deployment.compose, let container, container.environmentValue(of: name) != nil,
            case .environment(let entry) = compose.passing(of: name, envFileValues: { container.envFileValues[$0] ?? [:] })
        else { return nil }
        let project = compose.project
        let names = entry.value.map(ComposeInterpolation.referencedNames(in:)) ?? [name]
        guard names.contains(where: { !project.shellVariableNames.contains($0) && project.interpolationValues[$0] != nil }) else {
            return nil
        }
        return project.envFilePath
    }
}

extension SecretSource {
    /// The variable of a `${NAME}` secret, `nil` otherwise.
    public var variableName: String? {
        if case .variable(let name) = self { return name }
        return nil
    }
}
