import ArgumentParser
import ConfigWriter
import Foundation
import SMTPSettings
import SetupService

/// `apply`: writes the `[smtp]` settings or the skip flag into config.toml (and a secret into `.env`).
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write the [smtp] settings, or the flag that skips user verification, into config.toml.",
        discussion: """
            Secrets are never taken from the command line: --secret-dotenv and --secret-inline read the value from \
            standard input. Without a secret option the existing secret stays; without --starttls/--no-starttls \
            the existing starttls setting stays.
            """)

    @OptionGroup var options: ConfigOptions

    @OptionGroup var schema: SchemaOptions

    @Flag(name: .customLong("skip-verification"), help: "Set the skip flag instead of configuring SMTP.")
    var skipVerification = false

    @Option(help: ArgumentHelp("The login at the mail server, usually an address.", valueName: "login"))
    var user: String?

    @Option(help: ArgumentHelp("The relay host name, or a smtp:// URL.", valueName: "endpoint"))
    var endpoint: String?

    @Flag(inversion: .prefixedNo, exclusivity: .exclusive, help: "Use STARTTLS on port 587 instead of SMTPS on 465 (relay endpoints).")
    var starttls: Bool?

    @Option(name: .customLong("secret-env"), help: ArgumentHelp("Write secret = \"${NAME}\"; the value comes from the environment.", valueName: "NAME"))
    var secretEnv: String?

    @Option(name: .customLong("secret-dotenv"), help: ArgumentHelp("Write secret = \"${NAME}\" and NAME=<standard input> into .env.", valueName: "NAME"))
    var secretDotenv: String?

    @Flag(name: .customLong("secret-inline"), help: "Write the secret from standard input into config.toml itself.")
    var secretInline = false

    @Flag(name: .customLong("no-secret"), help: "Remove the secret line.")
    var noSecret = false

    @Flag(help: "Also repair what the server refuses or misreads (unknown or mistyped [smtp] keys, [smtp_config], a mislaid skip flag); alone, only repair.")
    var repair = false

    @Flag(name: .customLong("dry-run"), help: "Print the diff (secrets as ***) and write nothing.")
    var dryRun = false

    @Flag(name: .customLong("no-backup"), help: "Do not keep the previous content as a .bak- file.")
    var noBackup = false

    func validate() throws {
        let secretChoices = [secretEnv != nil, secretDotenv != nil, secretInline, noSecret].filter { $0 }.count
        if secretChoices > 1 {
            throw ValidationError("Choose at most one of --secret-env, --secret-dotenv, --secret-inline and --no-secret.")
        }
        if skipVerification {
            if user != nil || endpoint != nil || starttls != nil || secretChoices > 0 {
                throw ValidationError("--skip-verification leaves [smtp] alone: do not combine it with --user, --endpoint, --starttls or secret options.")
            }
        } else if repair, user == nil, endpoint == nil {
            if starttls != nil || secretChoices > 0 {
                throw ValidationError("--repair alone only repairs: give --user and --endpoint to change --starttls or the secret.")
            }
        } else if user == nil || endpoint == nil {
            throw ValidationError("Give --user and --endpoint to configure SMTP, --skip-verification to skip user verification, or --repair alone to only repair the file.")
        }
    }

    func run() throws {
        do {
            try SetupService.exclusively(configPath: options.configPath, apply)
        } catch {
            throw StandardError.fail(error)
        }
    }

    private func apply() throws(SetupError) {
        let service = try SetupService.load(options.setupOptions(schema: schema))
        let state = service.state
        let change: ConfigChange?
        let secret: SecretWrite
        if skipVerification {
            change = .skipVerification
            secret = .keep
        } else if let user, let endpoint {
            secret = try secretWrite()
            let current = repair ? service.repairedSettings : state.smtp
            change = .smtp(user: user, endpoint: endpoint, starttls: starttls ?? current?.starttls ?? false, secret: secret)
        } else {
            change = nil
            secret = .keep
        }
        let plan: ChangePlan
        if let change {
            plan = try service.changePlan(change, repair: repair)
        } else {
            plan = try service.repairPlan()
        }
        if skipVerification { StandardError.print("Layout: \(state.layout.rawValue) (\(state.layoutReason)).") }
        if dryRun {
            print(plan.diff(), terminator: "")
            report(plan, verb: "would")
            if !plan.changesAnything { StandardError.print(nothingToChange(state.configPath, repairOnly: change == nil)) }
            return
        }
        guard plan.changesAnything else {
            StandardError.print(nothingToChange(state.configPath, repairOnly: change == nil))
            for repair in plan.repairs where !repair.changesFile { StandardError.print("Note: \(repair.summary).") }
            StandardError.print(plan.warnings)
            return
        }
        let result: WriteResult
        do {
            result = try plan.write(backup: !noBackup)
        } catch {
            throw .files(error)
        }
        for file in result.writtenFiles { StandardError.print("Wrote \(file).") }
        for file in result.backupFiles { StandardError.print("Previous content kept in \(file).") }
        report(plan, verb: nil, warnings: plan.warnings(after: result))
        nextStep(service, plan: plan, secretChanged: secret != .keep && Self.reference(secret) != SecretWrite(state.smtp?.secret ?? .none))
    }

    /// What `secret` writes into config.toml: a `.env` value is there only as its `${NAME}` (whether the
    /// value itself changed is the `.env` file's change).
    private static func reference(_ secret: SecretWrite) -> SecretWrite {
        if case .dotenv(let name, _) = secret { return .variable(name) }
        return secret
    }

    /// The deployment's next step (SPEC §8, §11): nothing after a config-only change (it hot-reloads), a restart
    /// after a secret change, `docker compose up -d` after a compose `.env` change or with a single-file bind; then
    /// the probe and the test mail.
    private func nextStep(_ service: SetupService, plan: ChangePlan, secretChanged: Bool) {
        let configChanged = plan.configAfter != plan.configBefore
        let envChanged = plan.envAfter.map { $0 != plan.envBefore } ?? false
        let step = DeploymentNextStep(
            deployment: service.deployment, configChanged: configChanged,
            envFilePath: envChanged || (configChanged && secretChanged) ? plan.envFilePath : nil)
        var lines = step.explanation(testAddress: "<address>")
        if skipVerification {
            lines.removeLast()
        } else {
            let flags = [options.envFile.map { "--env-file \($0)" }, options.composeFile.map { "--compose \($0)" }, options.noCompose ? "--no-compose" : nil]
            lines.insert("Test the settings: bomnipotent-smtp probe --config \(service.state.configPath)" + flags.compactMap { $0 }.map { " " + $0 }.joined(), at: 0)
        }
        for line in lines { StandardError.print(line) }
    }

    private func nothingToChange(_ configPath: String, repairOnly: Bool) -> String {
        repairOnly ? "Nothing to repair: the server reads \(configPath) as it is." : "Nothing to change: \(configPath) already holds these settings."
    }

    private func report(_ plan: ChangePlan, verb: String?, warnings: [SettingsWarning]? = nil) {
        for repair in plan.repairs {
            guard repair.changesFile else {
                StandardError.print("Note: \(repair.summary).")
                continue
            }
            StandardError.print(verb.map { "Repair (\($0) apply): \(repair.summary)." } ?? "Repaired: \(repair.summary).")
        }
        for note in plan.notes { StandardError.print(verb.map { "Note (\($0) apply): \(note)." } ?? "Note: \(note).") }
        StandardError.print(warnings ?? plan.warnings)
    }

    private func secretWrite() throws(SetupError) -> SecretWrite {
        if let name = secretEnv { return .variable(name) }
        do {
            if let name = secretDotenv {
                guard VariableReference.isValidName(name) else { return .dotenv(name: name, value: "") }
                return .dotenv(name: name, value: try SecretInput.read())
            }
            if secretInline { return .inline(try SecretInput.read()) }
        } catch {
            throw .files(error)
        }
        if noSecret { return .remove }
        return .keep
    }
}
