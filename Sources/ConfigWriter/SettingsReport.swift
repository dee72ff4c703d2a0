import SMTPSettings

/// What `show` prints, as text or JSON: the settings, the connection plan, where the secret comes from
/// (never its value), the skip flag, the layout and every warning about them.
public struct SettingsReport: Sendable {
    /// The configuration the report describes.
    public let state: ConfigState
    /// The config file's absolute path, as printed.
    public let absolutePath: String
    /// The connection plan, or nil without a section or with an invalid endpoint.
    public let plan: ConnectionPlan?
    /// The file's warnings and those about the settings and the secret.
    public let warnings: [SettingsWarning]

    /// Builds the report for `state`, naming the file as `absolutePath`.
    public init(state: ConfigState, absolutePath: String) {
        self.state = state
        self.absolutePath = absolutePath
        var warnings = state.warnings
        var plan: ConnectionPlan?
        if let smtp = state.smtp {
            let effective = state.substituted(smtp)
            do {
                plan = try effective.plan()
            } catch {
                warnings.append(.init(code: .ENDPOINT_INVALID, message: error.description))
            }
            do {
                try Login.validate(effective.user)
            } catch {
                warnings.append(.init(code: .USER_INVALID, message: error.description))
            }
            switch state.resolveSecret() {
            case .unresolved(let variable):
                warnings.append(state.unresolvedSecretWarning(variable))
            case .inline:
                warnings.append(.inlineSecret)
            case .resolved(let variable, let value, _):
                if SettingsWarning.breaksTOMLString(value) {
                    warnings.append(.init(
                        code: .SECRET_BREAKS_TOML,
                        message: "The value of \(variable) contains a quote, backslash or control character: the server pastes variables into the file text, so it may break the TOML string."))
                }
            case .none:
                break
            }
            warnings += state.deploymentSecretStorageWarnings ?? state.secretStorageWarnings
        }
        warnings += state.deploymentWarnings(for: state.smtp, secretVariable: state.smtp?.secret.variableName)
        self.plan = plan
        self.warnings = warnings
    }

    private var secretSource: String {
        switch state.smtp?.secret ?? .none {
        case .none: return "none"
        case .inline: return "inline"
        case .variable: return "env"
        }
    }

    /// The JSON object of SPEC §3, keys in its order.
    public var json: JSONValue {
        var smtpJSON = JSONValue.null
        if let smtp = state.smtp {
            var variable: String?
            var resolved = false
            var origin: String?
            switch state.resolveSecret() {
            case .none: break
            case .inline: resolved = true
            case .resolved(let name, _, let from):
                variable = name
                resolved = true
                origin = from.rawValue
            case .unresolved(let name): variable = name
            }
            smtpJSON = .object([
                ("user", .string(smtp.user)), ("endpoint", .string(smtp.endpoint.redactingUserInfo)), ("starttls", .bool(smtp.starttls ?? false)),
                ("secret", .object([
                    ("source", .string(secretSource)), ("variable", .optional(variable)), ("resolved", .bool(resolved)),
                    ("resolved_from", .optional(origin)),
                ])),
            ])
        }
        let planJSON = plan.map { plan -> JSONValue in
            .object([("host", .string(plan.host)), ("port", .integer(plan.port)), ("security", .string(plan.security.rawValue)), ("url", .bool(plan.isURL))])
        } ?? .null
        return .object([
            ("config", .string(absolutePath)), ("layout", state.layoutIsKnown ? .string(state.layout.rawValue) : .null),
            ("skip_verification", .optional(state.skipVerification)), ("smtp", smtpJSON), ("plan", planJSON),
            ("deployment", deploymentJSON), ("warnings", .array(warnings.map(\.json))),
        ])
    }

    /// `"deployment"`: where the server runs (SPEC §11). The same keys in every form, `null` where they do not apply:
    /// `kind` is `compose` (a compose service runs the server), `compose_without_server` (a compose file, but
    /// none of its services runs the server for this config) or `standalone`; `env_file` is where a new variable goes.
    public var deploymentJSON: JSONValue {
        var kind = "standalone"
        var composeFile: String?
        var service: JSONValue = .null
        switch state.deployment {
        case .standalone: break
        case .composeWithoutServer(let path):
            kind = "compose_without_server"
            composeFile = path
        case .compose(let compose):
            kind = "compose"
            composeFile = compose.project.path
            let bind = compose.configBind.map { bind -> JSONValue in
                .object([
                    ("host", .string(bind.mount.source)), ("container", .string(bind.mount.target)),
                    ("directory", .bool(bind.isDirectory)), ("read_only", .bool(bind.mount.readOnly)),
                ])
            } ?? .null
            service = .object([
                ("name", .string(compose.service.name)), ("image", .optional(compose.image?.reference)),
                ("tag", .optional(compose.image?.tag)), ("server_layout", .optional(compose.image?.layout?.rawValue)),
                ("config_bind", bind),
            ])
        }
        return .object([
            ("kind", .string(kind)), ("compose_file", .optional(composeFile)), ("service", service),
            ("env_file", .string(FileSystem.absolute(state.envFilePath))),
        ])
    }

    /// The report as aligned text lines.
    public var text: String {
        var lines = ["Config:     \(absolutePath)"]
        lines += deploymentLines
        if state.layoutIsKnown {
            lines.append("Layout:     \(state.layout.rawValue) (\(state.layoutReason))")
            let flagName = state.layout == .legacy ? "skip_user_verification" : "[user] skip_verification"
            lines.append("Skip flag:  " + (state.skipVerification.map { "\(flagName) = \($0)" } ?? "\(flagName) not set"))
        } else {
            lines.append("Layout:     \(state.layoutReason)")
            lines.append("Skip flag:  not set")
        }
        if let smtp = state.smtp {
            lines.append("SMTP:")
            let effective = state.substituted(smtp)
            lines.append("  user:      \(Self.valueText(smtp.user, effective.user))")
            lines.append("  endpoint:  \(Self.valueText(smtp.endpoint.redactingUserInfo, effective.endpoint.redactingUserInfo))")
            lines.append("  starttls:  \(smtp.starttls.map(String.init) ?? "not set (false)")")
            if let plan { lines.append("  connects:  \(Self.describe(plan))") }
            lines.append("  secret:    \(secretText)")
        } else {
            lines.append("SMTP:       no [smtp] section")
        }
        if !warnings.isEmpty {
            lines.append("Warnings:")
            lines += warnings.map { "  " + $0.text }
        }
        return lines.joined(separator: "\n")
    }

    /// The `Deployment:` lines: the compose file and service, its image, the config bind and where new variables go.
    private var deploymentLines: [String] {
        switch state.deployment {
        case .standalone:
            return ["Deployment: standalone (no docker compose service runs the server for this config)"]
        case .composeWithoutServer(let path):
            return ["Deployment: \(path) found, but none of its services runs \(ServerImage.repository) or binds the config's directory; treated as standalone"]
        case .compose(let compose):
            var lines = ["Deployment: docker compose, service \(compose.service.name) in \(compose.project.path)"]
            if let image = compose.image {
                let version = image.layout.map { image.isNewest ? "the newest release, \($0.rawValue) layout" : "\($0.rawValue) layout" }
                lines.append("  image:     \(image.reference) (tag \(image.tag ?? "none")\(version.map { ": " + $0 } ?? ""))")
            } else {
                lines.append("  image:     \(compose.service.image ?? "none") (not \(ServerImage.repository): the server version is unknown)")
            }
            if let bind = compose.configBind {
                let kind = bind.isDirectory ? "directory bind" : "SINGLE-FILE bind"
                lines.append("  config:    \(bind.mount.source) -> \(bind.mount.target) (\(kind)\(bind.mount.readOnly ? ", read-only" : ""))")
            } else {
                lines.append("  config:    no bind of \(compose.configDirectory) found")
            }
            lines.append("  new secrets go to: \(FileSystem.absolute(state.envFilePath))")
            return lines
        }
    }

    private var secretText: String {
        let compose = state.deployment.compose
        switch state.resolveSecret() {
        case .none: return "none (the server will not authenticate)"
        case .inline: return "inline in config.toml (value not shown)"
        case .resolved(let name, _, .environment):
            guard let compose else { return "${\(name)}, set in the environment" }
            return "${\(name)}, set in the container's environment by compose (service \(compose.service.name))"
        case .resolved(let name, _, .dotenv):
            guard compose != nil, let container = state.container else { return "${\(name)}, set in \(state.envFilePath)" }
            return "${\(name)}, set in \(container.configDotenvPath) (the container sees it through the directory bind)"
        case .unresolved(let name):
            guard let compose else { return "${\(name)}, NOT SET in the environment or \(state.envFilePath)" }
            return "${\(name)}, NOT SET in the container of \(compose.service.name)"
        }
    }

    /// The value as written, followed by what the server makes of it when it holds `${VAR}`.
    private static func valueText(_ written: String, _ substituted: String) -> String {
        written == substituted ? written : "\(written) = \(substituted)"
    }

    private static func describe(_ plan: ConnectionPlan) -> String {
        let security: String
        switch plan.security {
        case .smtps: security = "SMTPS (TLS from the first byte)"
        case .starttls: security = "STARTTLS (required)"
        case .starttlsOpportunistic: security = "STARTTLS if offered, else plain text"
        case .none: security = "plain text, no TLS"
        }
        let host = plan.host.contains(":") ? "[\(plan.host)]" : plan.host
        return "\(host):\(plan.port), \(security)" + (plan.isURL ? ", as a smtp:// URL" : ", as a relay")
    }
}
