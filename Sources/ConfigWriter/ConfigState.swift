import LosslessTOML
import SMTPSettings

/// config.toml and its `.env` as read from disk; their content is remembered for change detection.
public struct ConfigState: Sendable {
    /// The config path as given.
    public var configPath: String
    /// The `.env` path: `--env-file`, or `.env` in the config's directory.
    public var envFilePath: String
    /// The `[smtp]` values as written (no substitution); `nil` without a section.
    public var smtp: SMTPSettings?
    /// The skip flag in the chosen layout; `nil` when absent.
    public var skipVerification: Bool?
    /// The skip-flag layout in use.
    public var layout: SkipFlagLayout
    /// True when the file's content decided the layout; false when `--schema` chose it or it defaulted.
    public var layoutWasDetected: Bool
    /// Why this layout: what the file holds, or how it was chosen.
    public var layoutReason: String
    /// Remarks about the file as it is (unknown keys in `[smtp]`, values of the wrong type).
    public var warnings: [SettingsWarning]
    /// False when config.toml does not exist yet (it is then treated as empty).
    public var configExists: Bool { configBytes != nil }
    /// False when the `.env` file does not exist.
    public var envFileExists: Bool { envBytes != nil }

    let environment: [String: String]
    let document: TOMLDocument
    let configBytes: [UInt8]?
    let envBytes: [UInt8]?
    let envDocument: DotEnvDocument

    /// The `[smtp]` keys the server knows.
    static let smtpKeys = ["user", "endpoint", "secret", "starttls"]

    /// Reads config.toml (a missing file is an empty document) and the `.env` file.
    public static func load(
        configPath: String, envFilePath: String? = nil, schema: SchemaChoice = .auto, environment: [String: String]
    ) throws(ConfigWriterError) -> ConfigState {
        let recovered = try ConfigLock.recoveryWarnings(configPath: configPath)
        let configBytes = try FileSystem.readContents(configPath)
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: configBytes ?? [])
        } catch {
            throw .configSyntax(path: configPath, line: error.line, column: error.column, reason: syntaxReason(error.reason))
        }
        let envPath = envFilePath ?? defaultEnvFilePath(forConfig: configPath)
        let envBytes = try FileSystem.readContents(envPath)
        let envDocument: DotEnvDocument
        do {
            envDocument = try DotEnvDocument(parsing: envBytes ?? [], environment: environment)
        } catch {
            throw .envSyntax(path: envPath, line: error.line, reason: error.reason)
        }
        var state = ConfigState(
            configPath: configPath, envFilePath: envPath, schema: schema, environment: environment, document: document,
            configBytes: configBytes, envBytes: envBytes, envDocument: envDocument)
        state.warnings = recovered + state.warnings
        return state
    }

    /// The reason as text, never quoting a malformed bare value: it may be an inline secret written without
    /// quotes (`secret = 1hunter2`), so such values are described, not shown. The engine itself quotes at most
    /// the two characters of a bad escape.
    static func syntaxReason(_ reason: TOMLError.Reason) -> String {
        switch reason {
        case .invalidNumber: return "invalid number or unquoted string (strings need quotes)"
        case .integerOutOfRange: return "integer does not fit in 64 bits"
        case .invalidDateTime: return "invalid date or time, or an unquoted string (strings need quotes)"
        default: return reason.text
        }
    }

    /// `.env` in the directory of `configPath`, where the server looks for it.
    public static func defaultEnvFilePath(forConfig configPath: String) -> String {
        let directory = FileSystem.directory(of: configPath)
        return directory == "." && !configPath.hasPrefix("./") ? ".env" : directory + "/.env"
    }

    private init(
        configPath: String, envFilePath: String, schema: SchemaChoice, environment: [String: String], document: TOMLDocument,
        configBytes: [UInt8]?, envBytes: [UInt8]?, envDocument: DotEnvDocument
    ) {
        self.configPath = configPath
        self.envFilePath = envFilePath
        self.environment = environment
        self.document = document
        self.configBytes = configBytes
        self.envBytes = envBytes
        self.envDocument = envDocument
        let decision = LayoutDetection.decide(schema, document: document)
        layout = decision.layout
        layoutWasDetected = decision.detected
        layoutReason = decision.reason
        var warnings: [SettingsWarning] = []
        smtp = ConfigState.readSMTP(document, warnings: &warnings)
        let flagPath = LayoutDetection.flagPath(layout)
        let flag = document.value(at: flagPath)
        skipVerification = flag?.boolValue
        if flag != nil, skipVerification == nil {
            warnings.append(.init(code: .SKIP_FLAG_NOT_BOOLEAN, message: "\(LayoutDetection.flagName(layout)) is not true or false; the server will refuse it."))
        }
        let otherLayout: SkipFlagLayout = layout == .legacy ? .current : .legacy
        if document.value(at: LayoutDetection.flagPath(otherLayout)) != nil {
            warnings.append(.init(
                code: .SKIP_FLAG_OTHER_LAYOUT,
                message: "The file also has \(LayoutDetection.flagName(otherLayout)), the \(otherLayout.rawValue) layout; a server that expects the \(layout.rawValue) layout rejects it as an unknown key."))
        }
        if let smtp { warnings += smtp.warnings }
        if smtp == nil, skipVerification != true {
            warnings.append(.init(
                code: .NO_SMTP_NO_SKIP,
                message: "The file has neither an [smtp] section nor \(LayoutDetection.flagName(layout)) = true: the server will not start."))
        }
        self.warnings = warnings
    }

    private static func readSMTP(_ document: TOMLDocument, warnings: inout [SettingsWarning]) -> SMTPSettings? {
        guard let value = document.value(at: ["smtp"]) else { return nil }
        guard case .table(let table) = value else {
            warnings.append(.init(code: .SMTP_NOT_TABLE, message: "`smtp` is not a table; the server will refuse the file."))
            return nil
        }
        func string(_ key: String, required: Bool) -> String? {
            guard let value = table[key] else {
                if required { warnings.append(.init(code: .SMTP_KEY_MISSING, message: "[smtp] has no \(key); the server needs one.")) }
                return nil
            }
            guard let text = value.stringValue else {
                warnings.append(.init(code: .SMTP_KEY_TYPE, message: "[smtp] \(key) is not a string; the server will refuse it."))
                return nil
            }
            return text
        }
        let starttls = table["starttls"]?.boolValue
        if table["starttls"] != nil, starttls == nil {
            warnings.append(.init(code: .SMTP_KEY_TYPE, message: "[smtp] starttls is not true or false; the server will refuse it."))
        }
        for key in table.keys.sorted() where !smtpKeys.contains(key) {
            warnings.append(.init(
                code: .SMTP_UNKNOWN_KEY,
                message: "[smtp] has the key \"\(key)\", which the server rejects as unknown (it knows user, endpoint, secret, starttls)."))
        }
        return SMTPSettings(
            user: string("user", required: true) ?? "", endpoint: string("endpoint", required: true) ?? "",
            secret: string("secret", required: false).map(SecretSource.init(configValue:)) ?? .none, starttls: starttls)
    }

    /// What the server would use as the secret of the file's `[smtp]`.
    public func resolveSecret() -> SecretResolution {
        resolveSecret(smtp?.secret ?? .none)
    }

    /// What the server would use for a `secret` setting of `source`: the one place secrets are resolved.
    public func resolveSecret(_ source: SecretSource) -> SecretResolution {
        switch source {
        case .none: return .none
        case .inline(let value): return .inline(resolve(value))
        case .variable(let name): return resolveVariable(name)
        }
    }

    /// `${name}` as the server resolves it: the environment first, then `.env`.
    public func resolveVariable(_ name: String) -> SecretResolution {
        if let value = environment[name] { return .resolved(variable: name, value: value, from: .environment) }
        if let value = envDocument.value(of: name) { return .resolved(variable: name, value: value, from: .dotenv) }
        return .unresolved(variable: name)
    }

    /// `smtp` with `${VAR}` in its user and endpoint substituted, as the server sees them.
    public func substituted(_ smtp: SMTPSettings) -> SMTPSettings {
        var effective = smtp
        effective.user = resolve(smtp.user)
        effective.endpoint = resolve(smtp.endpoint)
        return effective
    }

    /// `text` with `${VAR}` substituted as the server does: the environment first, then `.env`.
    public func resolve(_ text: String) -> String {
        VariableReference.substitute(in: text) { environment[$0] ?? envDocument.value(of: $0) }
    }
}
