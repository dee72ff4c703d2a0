import LosslessTOML
import SMTPSettings

/// config.toml and its `.env` as read from disk; their content is remembered for change detection.
public struct ConfigState: Sendable {
    /// The config path as given.
    public var configPath: String
    /// The `.env` path new variables are written to: `--env-file`; else the compose project's `.env` when a
    /// compose service runs the server (SPEC §11); else `.env` in the config's directory.
    public var envFilePath: String
    /// Where the server runs, found beside the config (SPEC §11); secrets are resolved as it sees them.
    public let deployment: Deployment
    /// The `[smtp]` values as written (no substitution); `nil` without a section.
    public var smtp: SMTPSettings?
    /// The skip flag in the chosen layout; `nil` when absent.
    public var skipVerification: Bool?
    /// The skip-flag layout in use. When ``layoutBasis`` is `.unknown` this is only a placeholder: the file then
    /// has no skip flag in either layout, and writing one needs a known layout first (SetupService checks).
    public var layout: SkipFlagLayout
    /// What decided the layout: the file, `--schema`, the server image's tag, or nothing (unknown).
    public var layoutBasis: LayoutBasis
    /// Why this layout: what the file holds, how it was chosen, or that it is unknown.
    public var layoutReason: String
    /// True when the file's content decided the layout.
    public var layoutWasDetected: Bool { layoutBasis == .file }
    /// False when nothing decided the layout (SPEC §1 step 3).
    public var layoutIsKnown: Bool { layoutBasis != .unknown }
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
    /// What the server's container sees, when a compose service runs it.
    let container: ContainerVariables?

    /// The `[smtp]` keys the server knows.
    static let smtpKeys = ["user", "endpoint", "secret", "starttls"]

    /// Reads config.toml (a missing file is an empty document) and the `.env` file; with a compose `deployment`,
    /// also the service's `env_file:` files and the config directory's `.env`, to resolve secrets as the container does.
    public static func load(
        configPath: String, envFilePath: String? = nil, schema: SchemaChoice = .auto, environment: [String: String],
        deployment: Deployment = .standalone
    ) throws(ConfigWriterError) -> ConfigState {
        let recovered = try ConfigLock.recoveryWarnings(configPath: configPath)
        let configBytes = try FileSystem.readContents(configPath)
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: configBytes ?? [])
        } catch {
            throw .configSyntax(path: configPath, line: error.line, column: error.column, reason: syntaxReason(error.reason))
        }
        let envPath = envFilePath ?? deployment.compose?.defaultEnvFilePath ?? defaultEnvFilePath(forConfig: configPath)
        let envBytes = try FileSystem.readContents(envPath)
        let envDocument: DotEnvDocument
        do {
            envDocument = try DotEnvDocument(parsing: envBytes ?? [], environment: environment)
        } catch {
            throw .envSyntax(path: envPath, line: error.line, reason: error.reason)
        }
        var container: ContainerVariables?
        if let compose = deployment.compose { container = try ContainerVariables.read(compose, environment: environment) }
        var state = ConfigState(
            configPath: configPath, envFilePath: envPath, schema: schema, environment: environment, deployment: deployment,
            container: container, document: document, configBytes: configBytes, envBytes: envBytes, envDocument: envDocument)
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
        configPath: String, envFilePath: String, schema: SchemaChoice, environment: [String: String], deployment: Deployment,
        container: ContainerVariables?, document: TOMLDocument, configBytes: [UInt8]?, envBytes: [UInt8]?, envDocument: DotEnvDocument
    ) {
        self.configPath = configPath
        self.envFilePath = envFilePath
        self.environment = environment
        self.deployment = deployment
        self.container = container
        self.document = document
        self.configBytes = configBytes
        self.envBytes = envBytes
        self.envDocument = envDocument
        let image = deployment.compose?.image
        let decision = LayoutDetection.decide(schema, document: document, image: image)
        layout = decision.layout
        layoutBasis = decision.basis
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
        if let image, let mismatch = SettingsWarning.skipFlagLayoutMismatch(document: document, image: image) {
            warnings.append(mismatch)
        }
        if let smtp { warnings += smtp.warnings }
        if let misplaced = SettingsWarning.smtpConfigTable(in: document) { warnings.append(misplaced) }
        if let variable = SettingsWarning.inlineSecretVariable(in: smtp) { warnings.append(variable) }
        if smtp == nil, skipVerification != true {
            let flag = layoutBasis == .unknown ? "a skip flag" : LayoutDetection.flagName(layout) + " = true"
            warnings.append(.init(
                code: .NO_SMTP_NO_SKIP,
                message: "The file has neither an [smtp] section nor \(flag): the server will not start."))
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

    /// `${name}` as the server resolves it: the environment first, then `.env`. In a compose deployment, as the
    /// container does: the service's environment (`environment`), then the config directory's `.env` when the
    /// container sees it (`dotenv`).
    public func resolveVariable(_ name: String) -> SecretResolution {
        if let container {
            guard let found = container.value(of: name) else { return .unresolved(variable: name) }
            return .resolved(variable: name, value: found.value, from: found.from)
        }
        if let value = environment[name] { return .resolved(variable: name, value: value, from: .environment) }
        if let value = envDocument.value(of: name) { return .resolved(variable: name, value: value, from: .dotenv) }
        return .unresolved(variable: name)
    }

    /// `${name}` as the server would resolve it once `value` is written as `name` into ``envFilePath``.
    public func resolveVariable(_ name: String, writing value: String) -> SecretResolution {
        if let container {
            guard let found = container.writing(value, as: name, into: envFilePath).value(of: name) else {
                return .unresolved(variable: name)
            }
            return .resolved(variable: name, value: found.value, from: found.from)
        }
        if let value = environment[name] { return .resolved(variable: name, value: value, from: .environment) }
        return .resolved(variable: name, value: value, from: .dotenv)
    }

    /// Why `${name}` has no value in the server's compose container; `nil` when it has one or without compose.
    /// With `value`, as it would be once `value` is written as `name` into ``envFilePath``.
    public func containerGap(of name: String, writing value: String? = nil) -> ContainerSecretGap? {
        guard let container else { return nil }
        guard let value else { return container.gap(of: name) }
        return container.writing(value, as: name, into: envFilePath).gap(of: name)
    }

    /// What the variables the server reads look up `name` in: the container's, or the environment then `.env`.
    private func lookup(_ name: String) -> String? {
        if let container { return container.value(of: name)?.value }
        return environment[name] ?? envDocument.value(of: name)
    }

    /// `smtp` with `${VAR}` in its user and endpoint substituted, as the server sees them.
    public func substituted(_ smtp: SMTPSettings) -> SMTPSettings {
        var effective = smtp
        effective.user = resolve(smtp.user)
        effective.endpoint = resolve(smtp.endpoint)
        return effective
    }

    /// `text` with `${VAR}` substituted as the server does: the environment first, then `.env` (in a compose
    /// deployment, the container's variables).
    public func resolve(_ text: String) -> String {
        VariableReference.substitute(in: text, lookup: lookup)
    }
}
