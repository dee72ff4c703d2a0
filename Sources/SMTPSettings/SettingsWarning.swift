/// A non-fatal remark about settings that the server accepts but that may not do what is meant.
public struct SettingsWarning: Sendable, Equatable {
    /// A stable upper-case code, e.g. `SMTPS_URL`.
    public var code: String
    /// One sentence for the administrator.
    public var message: String

    /// Creates a warning from its parts.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// `smtps://` endpoints work with the server's mail library but are not documented by the server.
    public static func smtpsURL(_ endpoint: String, host: String) -> SettingsWarning {
        SettingsWarning(
            code: "SMTPS_URL",
            message: "The endpoint \"\(endpoint)\" uses smtps://, which the server does not document; endpoint = \"\(host)\" without starttls means the same (SMTPS on port 465).")
    }

    /// `starttls = true` next to a `smtp://` URL, where the server ignores it.
    public static func starttlsIgnored(_ endpoint: String) -> SettingsWarning {
        SettingsWarning(
            code: "STARTTLS_IGNORED",
            message: "starttls = true has no effect with the URL endpoint \"\(endpoint)\": add ?tls=required to the URL for STARTTLS.")
    }

    /// A secret that would be sent without TLS to a host off this machine.
    public static func authOverPlaintext(host: String) -> SettingsWarning {
        SettingsWarning(
            code: "AUTH_OVER_PLAINTEXT",
            message: "The secret would be sent without TLS to \(host), which is not a loopback address: use SMTPS or STARTTLS.")
    }
}

extension SMTPSettings {
    /// Warnings about settings the server accepts; empty when the endpoint does not parse.
    public var warnings: [SettingsWarning] {
        guard let parsed = try? Endpoint(parsing: endpoint) else { return [] }
        var result: [SettingsWarning] = []
        if case .smtpsURL(let host, _) = parsed { result.append(.smtpsURL(endpoint, host: host)) }
        if case .url = parsed, starttls == true { result.append(.starttlsIgnored(endpoint)) }
        let plan = parsed.plan(starttls: starttls ?? false)
        if secret != .none, plan.security == .none || plan.security == .starttlsOpportunistic, !HostName.isLoopback(plan.host) {
            result.append(.authOverPlaintext(host: plan.host))
        }
        return result
    }

    /// Checks everything a tool may write: the login, the endpoint (no `smtps://`) and a secret variable's name.
    public func validateForWriting() throws(SettingsError) {
        try Login.validate(user)
        let parsed = try Endpoint(parsing: endpoint)
        if case .smtpsURL(let host, let port) = parsed { throw .endpointSMTPSNotWritable(endpoint, host: host, port: port) }
        if case .variable(let name) = secret { try VariableReference.validateName(name) }
    }
}
