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
                warnings.append(.secretUnresolved(variable, envFilePath: state.envFilePath))
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
            warnings += state.secretStorageWarnings
        }
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
            ("config", .string(absolutePath)), ("layout", .string(state.layout.rawValue)),
            ("skip_verification", .optional(state.skipVerification)), ("smtp", smtpJSON), ("plan", planJSON),
            ("warnings", .array(warnings.map(\.json))),
        ])
    }

    /// The report as aligned text lines.
    public var text: String {
        var lines = ["Config:     \(absolutePath)", "Layout:     \(state.layout.rawValue) (\(state.layoutReason))"]
        let flagName = state.layout == .legacy ? "skip_user_verification" : "[user] skip_verification"
        lines.append("Skip flag:  " + (state.skipVerification.map { "\(flagName) = \($0)" } ?? "\(flagName) not set"))
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

    private var secretText: String {
        switch state.resolveSecret() {
        case .none: return "none (the server will not authenticate)"
        case .inline: return "inline in config.toml (value not shown)"
        case .resolved(let name, _, .environment): return "${\(name)}, set in the environment"
        case .resolved(let name, _, .dotenv): return "${\(name)}, set in \(state.envFilePath)"
        case .unresolved(let name): return "${\(name)}, NOT SET in the environment or \(state.envFilePath)"
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
