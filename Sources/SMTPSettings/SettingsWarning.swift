/// A non-fatal remark about settings, their files or a probe: something the server accepts but that may not do
/// what is meant, or something it refuses (`code.serverRefusesFile`). The one warning type of config.toml, `.env`
/// and `[smtp]` checks and of the probe report (SPEC §7 `warnings`); never holds a secret.
public struct SettingsWarning: Sendable, Equatable {
    /// What the warning is about; its raw value is the stable upper-case code in text and JSON.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// `smtps://` endpoint, not documented by the server.
        case SMTPS_URL
        /// `starttls = true` next to a `smtp://` URL, where the server ignores it.
        case STARTTLS_IGNORED
        /// A secret sent without TLS to a host off this machine.
        case AUTH_OVER_PLAINTEXT
        /// The endpoint does not parse.
        case ENDPOINT_INVALID
        /// The user is not a valid login.
        case USER_INVALID
        /// `${VAR}` is set neither in the environment nor in `.env`.
        case SECRET_UNRESOLVED
        /// The secret is written into config.toml itself.
        case INLINE_SECRET
        /// A `${VAR}` value with a quote, backslash or control character.
        case SECRET_BREAKS_TOML
        /// `smtp` is not a table.
        case SMTP_NOT_TABLE
        /// `[smtp]` lacks `user` or `endpoint`.
        case SMTP_KEY_MISSING
        /// A known `[smtp]` key of the wrong type (`user = 42`, `starttls = "yes"`).
        case SMTP_KEY_TYPE
        /// A key in `[smtp]` the server does not know (`port = 465`).
        case SMTP_UNKNOWN_KEY
        /// The skip flag is not a boolean.
        case SKIP_FLAG_NOT_BOOLEAN
        /// The skip flag is also present in the other layout.
        case SKIP_FLAG_OTHER_LAYOUT
        /// Neither `[smtp]` nor the skip flag: the server does not start.
        case NO_SMTP_NO_SKIP
        /// The skip flag was set: no verification mails.
        case VERIFICATION_SKIPPED
        /// The previous config's backup keeps an inline secret.
        case BACKUP_HOLDS_SECRET
        /// config.toml holds the secret and is readable by group or others.
        case CONFIG_READABLE
        /// The environment's value wins over the one written to `.env`.
        case ENV_OVERRIDES_DOTENV
        /// A `.env` value ending in a backslash, which docker compose misreads.
        case ENV_TRAILING_BACKSLASH
        /// `.env` is readable by group or others.
        case ENV_FILE_READABLE
        /// `.env` lies in a git work tree and is not ignored.
        case ENV_NOT_IGNORED
        /// A `.env` line before the variable that the server's dotenvy reader refuses.
        case ENV_NOT_DOTENVY
        /// An inline secret contains `${…}`, which the server would substitute (SPEC §12).
        case INLINE_SECRET_HAS_VARIABLE
        /// An earlier run was interrupted between writing config.toml and `.env`; the pair was rolled back.
        case WRITE_INTERRUPTED
        /// The probe: the server certificate expires within 30 days.
        case CERT_EXPIRES_SOON
        /// The probe (`--discover`): STARTTLS works but SMTPS on 465 works too and is the RFC 8314 recommendation.
        case STARTTLS_NOT_RECOMMENDED
        /// The probe: the relay-check address was refused as an address (5.1.x), so the check says nothing about relaying.
        case RELAY_CHECK_INCONCLUSIVE
        /// The login is not a mail address, so the server's mails would go out from it.
        case SENDER_NOT_ADDRESS
        /// A `${VAR}` in `[smtp]` that the compose service running the server does not receive (SPEC §11).
        case SECRET_NOT_PASSED
        /// The endpoint means another host inside the server's container: `localhost` or a compose service name.
        case CONTAINER_NETWORK
        /// The compose service binds config.toml alone, not its directory: changes are not seen until recreated.
        case SINGLE_FILE_BIND
        /// The skip flag is in the layout that the server version the compose image names does not read.
        case SKIP_FLAG_LAYOUT_MISMATCH
        /// The settings are under `[smtp_config]` (the server's relay integration page), which the server does not read.
        case SMTP_CONFIG_TABLE

        /// True when the server refuses to load a file with this finding (SPEC §1): `probe` then ends with
        /// `CONFIG_INVALID` without connecting, `show` warns.
        public var serverRefusesFile: Bool {
            switch self {
            case .SMTP_NOT_TABLE, .SMTP_KEY_MISSING, .SMTP_KEY_TYPE, .SMTP_UNKNOWN_KEY, .SKIP_FLAG_NOT_BOOLEAN, .SMTP_CONFIG_TABLE: return true
            default: return false
            }
        }
    }

    /// What the warning is about.
    public var code: Code
    /// One sentence for the administrator.
    public var message: String

    /// Creates a warning from its parts.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `SECRET_UNRESOLVED`: the secret is `${name}`, which neither the environment nor the `.env` file at
    /// `envFilePath` sets; the one wording of `show`'s warning and the probe's diagnosis.
    public static func secretUnresolved(_ name: String, envFilePath: String) -> SettingsWarning {
        SettingsWarning(
            code: .SECRET_UNRESOLVED,
            message: "The secret refers to ${\(name)}, which is set neither in the environment nor in \(envFilePath).")
    }

    /// `smtps://` endpoints work with the server's mail library but are not documented by the server.
    public static func smtpsURL(_ endpoint: String, host: String) -> SettingsWarning {
        SettingsWarning(
            code: .SMTPS_URL,
            message: "The endpoint \"\(endpoint)\" uses smtps://, which the server does not document; endpoint = \"\(host)\" without starttls means the same (SMTPS on port 465).")
    }

    /// `starttls = true` next to a `smtp://` URL, where the server ignores it.
    public static func starttlsIgnored(_ endpoint: String) -> SettingsWarning {
        SettingsWarning(
            code: .STARTTLS_IGNORED,
            message: "starttls = true has no effect with the URL endpoint \"\(endpoint)\": add ?tls=required to the URL for STARTTLS.")
    }

    /// A secret that would be sent without TLS to a host off this machine.
    public static func authOverPlaintext(host: String) -> SettingsWarning {
        SettingsWarning(
            code: .AUTH_OVER_PLAINTEXT,
            message: "The secret would be sent without TLS to \(host), which is not a loopback address: use SMTPS or STARTTLS.")
    }

    /// The secret written into config.toml itself.
    public static let inlineSecret = SettingsWarning(
        code: .INLINE_SECRET,
        message: "The secret is written into config.toml itself: prefer secret = \"${SMTP_SECRET}\" with the value in the environment or .env.")

    /// True when `value` holds a character that may break the TOML string the server substitutes it into.
    public static func breaksTOMLString(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
    }
}

extension SMTPSettings {
    /// Warnings about settings the server accepts; empty when the endpoint does not parse.
    public var warnings: [SettingsWarning] {
        guard let parsed = try? Endpoint(parsing: endpoint) else { return [] }
        var result: [SettingsWarning] = []
        if case .url(let host, _, .smtps) = parsed.form { result.append(.smtpsURL(endpoint, host: host)) }
        if parsed.isURL, starttls == true { result.append(.starttlsIgnored(endpoint)) }
        let plan = parsed.plan(starttls: starttls ?? false)
        if secret != .none, plan.security == .none || plan.security == .starttlsOpportunistic, !HostName.isLoopback(plan.host) {
            result.append(.authOverPlaintext(host: plan.host))
        }
        return result
    }

    /// Checks everything a tool may write: the login, the endpoint (no `smtps://`) and the secret source.
    public func validateForWriting() throws(SettingsError) {
        try Login.validate(user)
        let parsed = try Endpoint(parsing: endpoint)
        if case .url(let host, let port, .smtps) = parsed.form { throw .endpointSMTPSNotWritable(endpoint, host: host, port: port) }
        try secret.validate()
    }
}

extension SettingsWarning {
    /// `{"code": …, "message": …}`, as `show --json` prints it.
    public var json: JSONValue { .object([("code", .string(code.rawValue)), ("message", .string(message))]) }

    /// `CODE: message`, as the text reports print it.
    public var text: String { "\(code.rawValue): \(message)" }
}
