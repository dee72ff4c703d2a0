import LosslessTOML
import SMTPSettings

/// Turns a `ConfigChange` into new file contents (SPEC §1, §4, §5) and checks them by parsing them again.
struct ChangePlanner {
    let state: ConfigState
    var document: TOMLDocument
    /// The intended values of the top-level keys the change touches; every other key must read back as it was.
    var expectedRoot: TOMLValue = .table([:])
    var touchedKeys: [String] = []
    var env: DotEnvDocument
    var envVariable: (name: String, value: String)?
    var notes: [String] = []
    var warnings: [SettingsWarning] = []

    /// Warnings about the file as read that an edit does not cure.
    static let lastingWarnings: Set<SettingsWarning.Code> = [.SMTP_UNKNOWN_KEY, .SKIP_FLAG_OTHER_LAYOUT, .WRITE_INTERRUPTED]

    /// The repairs made before the change (SPEC §12); empty without `repair`.
    var repairs: [Repair] = []
    /// The layout the skip flag is written in.
    var flagLayout: SkipFlagLayout

    init(state: ConfigState) {
        self.state = state
        document = state.document
        env = state.envDocument
        flagLayout = state.layout
    }

    /// Applies the repairs (with `repair`) and then `change` (if any), and returns the plan, or throws without
    /// anything written. `serverLayout` is the skip-flag layout the server's version reads, when known.
    mutating func plan(_ change: ConfigChange?, repair: Bool = false, serverLayout: SkipFlagLayout? = nil) throws(ConfigWriterError) -> ChangePlan {
        warnings = state.warnings.filter { ChangePlanner.lastingWarnings.contains($0.code) }
        try planRepairs(making: repair, serverLayout: serverLayout)
        let secretBefore = document.value(at: ["smtp", "secret"])
        let connectionBefore = connection
        switch change {
        case .skipVerification?: try planSkip()
        case .smtp(let user, let endpoint, let starttls, let secret)?: try planSMTP(user: user, endpoint: endpoint, starttls: starttls, secret: secret)
        case nil: break
        }
        if connection != connectionBefore { describeReplacedFolds() }
        if inlineSecretAfter == nil { warnings.removeAll { $0 == .inlineSecret } }
        warnings = warnings.enumerated().filter { index, warning in !warnings[..<index].contains(warning) }.map(\.element)
        if document.value(at: ["smtp", "secret"]) != secretBefore, repairs.contains(where: { $0.kind == .KEEP_INLINE_SECRET_WITH_VARIABLE }) {
            repairs.removeAll { $0.kind == .KEEP_INLINE_SECRET_WITH_VARIABLE }
            warnings.removeAll { $0 == .inlineSecretHasVariable }
        }
        let configAfter = document.bytes
        let edited = document.valueTree
        let hasInlineSecret = inlineSecretAfter != nil
        // The edited document is done with: only its tree (mostly shared with the file's) stays, to read the
        // new bytes back against.
        document = state.document
        let reparsed = try verifyConfig(configAfter, edited: edited)
        var envAfter: [UInt8]?
        if let envVariable {
            envAfter = env.bytes
            try verifyEnv(envVariable)
        }
        var plan = ChangePlan(
            configBefore: state.configBytes ?? [], configAfter: configAfter, envBefore: state.envBytes, envAfter: envAfter,
            notes: notes, warnings: warnings, configPath: state.configPath, envFilePath: state.envFilePath,
            configExisted: state.configExists, configHasInlineSecret: hasInlineSecret)
        plan.repairs = repairs
        if case .inline? = state.smtp?.secret { plan.configHadInlineSecret = true }
        if RepairPlanner.holdsMisplacedSecret(state.document) { plan.configHadInlineSecret = true }
        plan.configDocuments = (state.document.valueTree, reparsed)
        return plan
    }

    private mutating func assign(_ value: TOMLValue, at path: [String]) throws(ConfigWriterError) {
        guard document.value(at: path) != value else { return }
        do {
            try document.set(value, at: path)
        } catch {
            throw .editFailed(path: state.configPath, reason: error.description)
        }
        touch(path[0])
        expectedRoot = expectedRoot.setting(value, at: path[...])
    }

    /// Starts the expected value of a top-level key from the value it had.
    private mutating func touch(_ key: String) {
        guard !touchedKeys.contains(key) else { return }
        touchedKeys.append(key)
        if let value = state.document.value(at: [key]) { expectedRoot = expectedRoot.setting(value, at: [key]) }
    }

    private func requireTable(_ key: String) throws(ConfigWriterError) {
        if let value = document.value(at: [key]), case .table = value { return }
        if document.value(at: [key]) != nil { throw .notATable(path: state.configPath, key: key) }
    }

    /// With `making`, repairs the document first (SPEC §12) and writes a skip flag in `serverLayout`; without,
    /// notes how many repairs the file still needs.
    private mutating func planRepairs(making: Bool, serverLayout: SkipFlagLayout?) throws(ConfigWriterError) {
        var repairer = RepairPlanner(document: document, serverLayout: serverLayout, configPath: state.configPath)
        guard making else {
            let count = (try? repairer.run()) == nil ? 0 : repairer.repairs.filter(\.changesFile).count
            if count > 0 {
                notes.append("the file still holds what the server refuses or misreads: \(count) repair\(count == 1 ? "" : "s") not made (apply --repair makes \(count == 1 ? "it" : "them"))")
            }
            return
        }
        try repairer.run()
        document = repairer.document
        expectedRoot = repairer.expectedRoot
        touchedKeys = repairer.touchedKeys
        repairs = repairer.repairs
        if let serverLayout { flagLayout = serverLayout }
        warnings = warnings.filter { stillHolds($0.code) } + repairer.warnings.filter { !warnings.contains($0) }
    }

    /// `endpoint` and `starttls` as the document holds them.
    private var connection: [TOMLValue?] {
        [document.value(at: ["smtp", "endpoint"]), document.value(at: ["smtp", "starttls"])]
    }

    /// A fold of `port` or `tls` whose endpoint or `starttls` the change then replaced is, in the end, a removal;
    /// a fix of `starttls`'s type names the value the change left.
    private mutating func describeReplacedFolds() {
        let starttls = document.value(at: ["smtp", "starttls"])?.boolValue
        for index in repairs.indices {
            if let key = repairs[index].foldedKey {
                repairs[index] = Repair(kind: .REMOVE_UNKNOWN_KEY, summary: "remove \(key) from [smtp] (the endpoint and starttls given replace it)")
            } else if let fix = repairs[index].starttlsFix, fix.left != starttls {
                let old = fix.written
                repairs[index] = starttls.map { flag in
                    Repair(kind: .FIX_TYPE, summary: "write starttls = \(flag) instead of \(old) in [smtp] (the server reads only true or false; \(flag) as given)")
                } ?? Repair(kind: .REMOVE_UNREADABLE_VALUE, summary: "remove starttls = \(old) from [smtp] (the server reads only true or false; absent means false, as given)")
            }
        }
    }

    /// Whether a lasting warning about the file as read still holds for the repaired document.
    private func stillHolds(_ code: SettingsWarning.Code) -> Bool {
        switch code {
        case .SMTP_UNKNOWN_KEY:
            guard case .table(let smtp)? = document.value(at: ["smtp"]) else { return false }
            return smtp.keys.contains { !ConfigState.smtpKeys.contains($0) }
        case .SKIP_FLAG_OTHER_LAYOUT:
            return SkipFlagLayout.allCases.allSatisfy { document.value(at: LayoutDetection.flagPath($0)) != nil }
        default:
            return true
        }
    }

    private mutating func planSkip() throws(ConfigWriterError) {
        let path = LayoutDetection.flagPath(flagLayout)
        if flagLayout == .current { try requireTable("user") }
        let before = document.value(at: path)
        try assign(.boolean(true), at: path)
        let name = LayoutDetection.flagName(flagLayout)
        if before?.boolValue == true {
            notes.append("\(name) is already true")
        } else {
            notes.append(before == nil ? "\(name) = true added (\(flagLayout.rawValue) layout)" : "\(name) set to true")
        }
        if state.smtp != nil { notes.append("[smtp] left as it is") }
        warnings.append(.init(
            code: .VERIFICATION_SKIPPED,
            message: "New users will not get a verification mail; the server logs a warning each time. Configure SMTP as soon as you can."))
    }

    private mutating func planSMTP(user: String, endpoint: String, starttls: Bool, secret: SecretWrite) throws(ConfigWriterError) {
        let settings = SMTPSettings(user: user, endpoint: endpoint, secret: .none, starttls: starttls)
        do {
            try settings.validateForWriting()
            switch secret {
            case .variable(let name): try VariableName.validate(name)
            case .dotenv(let name, _): try VariableName.validate(name)
            case .inline(let value): try SecretSource.validateInlineValue(value)
            case .keep, .remove: break
            }
        } catch .secretEmpty {
            throw .secretEmpty
        } catch {
            throw .invalidValue(error)
        }
        if case .dotenv(let name, let value) = secret {
            do {
                try SecretSource.validateDotEnvValue(value)
            } catch .secretUnwritable(let character) {
                throw .secretUnwritableCharacter(variable: name, character: character)
            } catch {
                throw .secretEmpty
            }
        }
        try requireTable("smtp")
        try assign(.string(user), at: ["smtp", "user"])
        try assign(.string(endpoint), at: ["smtp", "endpoint"])
        try writeSecret(secret)
        if starttls || document.value(at: ["smtp", "starttls"]) != nil {
            try assign(.boolean(starttls), at: ["smtp", "starttls"])
        }
        for layout in SkipFlagLayout.allCases {
            let path = LayoutDetection.flagPath(layout)
            if document.value(at: path)?.boolValue == true {
                try assign(.boolean(false), at: path)
                notes.append("\(LayoutDetection.flagName(layout)) set to false: user verification is on again")
            }
        }
        addSettingsWarnings(user: user, endpoint: endpoint, starttls: starttls)
        if case .inline(let typed) = secret, !VariableReference.names(in: typed).isEmpty, !warnings.contains(.inlineSecretHasVariable) {
            warnings.append(.inlineSecretHasVariable)
        }
    }

    private mutating func writeSecret(_ secret: SecretWrite) throws(ConfigWriterError) {
        switch secret {
        case .keep:
            return
        case .remove:
            if document.value(at: ["smtp", "secret"]) != nil {
                document.removeValue(at: ["smtp", "secret"])
                touch("smtp")
                expectedRoot = expectedRoot.removing(at: ["smtp", "secret"])
                notes.append("secret removed from [smtp]")
            }
        case .variable(let name):
            try assign(.string("${\(name)}"), at: ["smtp", "secret"])
        case .dotenv(let name, let value):
            try assign(.string("${\(name)}"), at: ["smtp", "secret"])
            if env.entries.filter({ $0.name == name }).contains(where: { $0.value != value }) || env.value(of: name) == nil {
                env.set(value, for: name)
            }
            envVariable = (name, value)
        case .inline(let value):
            try assign(.string(value), at: ["smtp", "secret"])
        }
    }

    /// The inline secret the new file holds, if any.
    private var inlineSecretAfter: String? {
        guard let text = document.value(at: ["smtp", "secret"])?.stringValue else { return nil }
        return VariableReference.wholeReference(in: text) == nil ? text : nil
    }

    private mutating func addSettingsWarnings(user: String, endpoint: String, starttls: Bool) {
        let secretText = document.value(at: ["smtp", "secret"])?.stringValue
        let settings = SMTPSettings(
            user: user, endpoint: endpoint, secret: secretText.map(SecretSource.init(configValue:)) ?? .none, starttls: starttls)
        warnings += settings.warnings
        if case .inline(let previous)? = state.smtp?.secret, !previous.isEmpty, secretText != previous {
            warnings.append(.init(
                code: .BACKUP_HOLDS_SECRET,
                message: "config.toml held the secret inline until now: its backup (config.toml.bak-…, mode 0600) keeps that value. Delete that backup once the new settings work."))
        }
        if inlineSecretAfter != nil {
            warnings.append(.inlineSecret)
            if state.configExists, let readable = EnvFileChecks.configReadable(state.configPath) { warnings.append(readable) }
        }
        if let provider = KnownProvider.forUser(user) {
            if provider.endpoint == endpoint {
                if provider.starttls != starttls {
                    notes.append("\(provider.name) is known to use \(provider.starttls ? "STARTTLS on port 587 (starttls = true)" : "SMTPS on port 465 (starttls = false)"); run probe to check")
                }
                if let note = provider.datedNote { notes.append("\(provider.name): \(note.dropLast())") }
            } else if (try? Endpoint(parsing: endpoint))?.host != provider.endpoint {
                notes.append("the known endpoint for \(Login.mailDomain(of: user) ?? user) is \(provider.endpoint); run probe to check \(endpoint)")
            }
        }
        if let text = secretText, let name = VariableReference.wholeReference(in: text) {
            let value = envVariable?.value ?? state.environment[name] ?? env.value(of: name)
            if let value, SettingsWarning.breaksTOMLString(value) {
                warnings.append(.init(
                    code: .SECRET_BREAKS_TOML,
                    message: "The value of \(name) contains a quote, backslash or control character: the server pastes variables into the file text, so it may break the TOML string. Prefer a secret without them, or --secret-inline."))
            }
        }
        if let envVariable, let shadowing = state.environment[envVariable.name], shadowing != envVariable.value {
            warnings.append(.init(
                code: .ENV_OVERRIDES_DOTENV,
                message: "\(envVariable.name) is also set in this environment, with another value: the server takes the environment's value over .env, so wherever it runs with \(envVariable.name) set, the value written to \(state.envFilePath) is not used."))
        }
        if let envVariable, envVariable.value.hasSuffix("\\") {
            warnings.append(.init(
                code: .ENV_TRAILING_BACKSLASH,
                message: "The value of \(envVariable.name) ends with a backslash: the server reads it correctly, but docker compose takes the closing quote for an escaped one and misreads the file."))
        }
        let referencedName = secretText.flatMap(VariableReference.wholeReference(in:))
        let secretFromEnvFile = envVariable != nil
            || referencedName.map { state.environment[$0] == nil && env.value(of: $0) != nil } == true
        if secretFromEnvFile {
            warnings += EnvFileChecks.warnings(envFilePath: state.envFilePath, exists: state.envFileExists)
            if let name = referencedName, let mismatch = env.dotenvyWarning(for: name, path: state.envFilePath) { warnings.append(mismatch) }
        }
        if envVariable != nil, state.deployment.compose == nil, state.envFilePath != ConfigState.defaultEnvFilePath(forConfig: state.configPath),
            FileSystem.writeTarget(state.envFilePath) != FileSystem.writeTarget(ConfigState.defaultEnvFilePath(forConfig: state.configPath))
        {
            notes.append("the server reads .env next to config.toml; make sure \(state.envFilePath) reaches the server (e.g. through docker compose)")
        }
    }

    /// Reads `bytes` (the file to write) again, checks they hold exactly the intended values and gives their
    /// tree. They are read back against `edited`, the tree of the document they were written from, which
    /// builds no second tree when they hold its values; otherwise (or when that tree is wrong) they are parsed
    /// in full. Either way the values read must be the file's own but for the touched keys, and those as
    /// intended.
    @discardableResult
    func verifyConfig(_ bytes: [UInt8], edited: TOMLValueTree) throws(ConfigWriterError) -> TOMLValueTree {
        let before = state.document.valueTree
        let reparsed: TOMLValueTree
        if let read = edited.readBack(bytes, rangesOfKeysNamed: SecretMask.secretKeys) {
            reparsed = read
        } else {
            do {
                reparsed = try TOMLValueTree(parsing: bytes, sizedLike: before)
            } catch {
                throw .verificationFailed(path: state.configPath, reason: "it does not parse: \(error.description)")
            }
        }
        guard case .table(let expected) = expectedRoot else {
            throw .verificationFailed(path: state.configPath, reason: "the values read back differ from the intended ones")
        }
        let keys = touchedKeys + expected.keys
        guard reparsed.hasSameValues(as: before, exceptTopLevelKeys: keys), keys.allSatisfy({ reparsed.value(at: [$0]) == expected[$0] })
        else {
            throw .verificationFailed(path: state.configPath, reason: "the values read back differ from the intended ones")
        }
        return reparsed
    }

    /// Parses the new `.env` again and checks the variable reads back as given and no other variable was lost.
    func verifyEnv(_ variable: (name: String, value: String)) throws(ConfigWriterError) {
        let reparsed: DotEnvDocument
        do {
            reparsed = try DotEnvDocument(parsing: env.bytes, environment: state.environment)
        } catch {
            throw .verificationFailed(path: state.envFilePath, reason: "it does not parse: line \(error.line): \(error.reason)")
        }
        let assigned = reparsed.entries.filter { $0.name == variable.name }
        guard !assigned.isEmpty, assigned.allSatisfy({ $0.value == variable.value }) else {
            throw .verificationFailed(path: state.envFilePath, reason: "\(variable.name) does not read back as the value given")
        }
        let others = { (entries: [DotEnvDocument.Entry]) in entries.filter { $0.name != variable.name }.map(\.name) }
        guard others(reparsed.entries) == others(state.envDocument.entries) else {
            throw .verificationFailed(path: state.envFilePath, reason: "other variables changed")
        }
    }
}

extension ConfigState {
    /// The new contents for `change`, checked by parsing them again; nothing is written. With `repair`, the
    /// repairs of SPEC §12 come first, in the same plan (`serverLayout`: the skip-flag layout the server's
    /// version reads, when known; without it no skip flag is moved).
    public func plan(_ change: ConfigChange, repair: Bool = false, serverLayout: SkipFlagLayout? = nil) throws(ConfigWriterError) -> ChangePlan {
        var planner = ChangePlanner(state: self)
        return try planner.plan(change, repair: repair, serverLayout: serverLayout)
    }

    /// The plan that only repairs (SPEC §12); it changes nothing when the file needs no repair.
    public func repairPlan(serverLayout: SkipFlagLayout? = nil) throws(ConfigWriterError) -> ChangePlan {
        var planner = ChangePlanner(state: self)
        return try planner.plan(nil, repair: true, serverLayout: serverLayout)
    }
}
