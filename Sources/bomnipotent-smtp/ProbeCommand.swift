import ArgumentParser
import ConfigWriter
import Foundation
import SMTPProbe
import SMTPSettings

/// `probe`: connects exactly as the server would, stage by stage, and explains the outcome (SPEC §3, §7).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Test the SMTP settings: connect as the server would and explain any failure.")

    /// The security modes `--tls` accepts.
    enum TLSChoice: String, ExpressibleByArgument, CaseIterable {
        case smtps, starttls, none

        var security: TransportSecurity {
            switch self {
            case .smtps: return .smtps
            case .starttls: return .starttls
            case .none: return .none
            }
        }
    }

    @OptionGroup var config: ProbeFileOptions

    @Option(help: "The endpoint to probe instead of the config's (a host name or a smtp:// URL).")
    var endpoint: String?

    @Option(help: "The login (and sender address) instead of the config's.")
    var user: String?

    @Flag(inversion: .prefixedNo, exclusivity: .exclusive, help: "Use STARTTLS on port 587 (a relay endpoint only) instead of the config's setting.")
    var starttls: Bool?

    @Option(name: .customLong("secret-env"), help: ArgumentHelp("Take the secret from this environment variable (or the --env-file).", valueName: "NAME"))
    var secretEnv: String?

    @Flag(name: .customLong("no-secret"), help: "Do not authenticate, even if the config has a secret.")
    var noSecret = false

    @Option(help: "What-if: connect to this port instead of the server's.")
    var port: Int?

    @Option(help: "What-if: use this security mode instead of the server's (smtps, starttls, none).")
    var tls: TLSChoice?

    @Option(help: ArgumentHelp("The EHLO name (default: this machine's host name).", valueName: "NAME"))
    var ehlo: String?

    @OptionGroup var network: NetworkOptions

    @Option(name: .customLong("send-test-to"), help: ArgumentHelp("Send a short test message to this address.", valueName: "ADDRESS"))
    var sendTestTo: String?

    @Option(help: ArgumentHelp("Try SMTPS on 465, STARTTLS on 587 and plain SMTP on 25 at once and recommend settings.", valueName: "HOST"))
    var discover: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    /// Test-only: `SMTPS,STARTTLS,PLAIN` ports for `--discover`, so tests can point it at local servers.
    static let discoverPortsVariable = "BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS"

    func validate() throws {
        if let discover, !HostName.isValid(discover) {
            throw ValidationError("--discover needs a host name or IP address, not \"\(discover)\".")
        }
        if discover != nil {
            let conflicting = [
                ("--endpoint", endpoint != nil), ("--config", config.configWasGiven), ("--starttls", starttls != nil),
                ("--port", port != nil), ("--tls", tls != nil), ("--send-test-to", sendTestTo != nil),
                ("--no-secret", noSecret),
            ].filter(\.1).map(\.0)
            if !conflicting.isEmpty {
                throw ValidationError("--discover cannot be combined with \(conflicting.joined(separator: ", ")).")
            }
        }
        if secretEnv != nil && noSecret { throw ValidationError("--secret-env and --no-secret exclude each other.") }
        if let secretEnv, !VariableReference.isValidName(secretEnv) {
            throw ValidationError("--secret-env needs a variable name ([A-Za-z_][A-Za-z0-9_]*); it never takes the secret itself, so the value given is not repeated here.")
        }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535.") }
    }

    func run() async throws {
        if let caFile = network.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            StandardError.print("error: cannot read --ca-file \(caFile).")
            throw ExitStatus.ioError
        }
        if let host = discover {
            try await runDiscovery(host: host)
            return
        }
        let report: ProbeReport
        switch try prepare() {
        case .early(let early):
            report = early
            if !json { StandardError.print(early.humanText()) }
        case .ready(let options): report = await runProbe(options)
        }
        if json { print(report.jsonText()) }
        if !report.ok { throw ExitStatus.probeFailed }
    }

    /// Runs the probe, printing each stage as it ends unless `--json`.
    private func runProbe(_ options: ProbeOptions) async -> ProbeReport {
        guard !json else { return await Prober.run(options) }
        StandardError.print(ProbeReport.header(endpoint: options.endpoint, plan: options.plan))
        let printed = PrintedStages()
        let report = await Prober.run(options) { event in
            if case .stageFinished(let result) = event {
                printed.insert(result.id)
                StandardError.print(ProbeReport.stageLine(result))
            }
        }
        for stage in report.stages where !printed.contains(stage.id) {
            StandardError.print(ProbeReport.stageLine(stage))
        }
        StandardError.print(report.humanSummary())
        return report
    }

    private func runDiscovery(host: String) async throws {
        var ports = DiscoveryPorts.standard
        if let text = ProcessInfo.processInfo.environment[Self.discoverPortsVariable] {
            let numbers = text.split(separator: ",").compactMap { Int($0) }
            if numbers.count == 3 { ports = DiscoveryPorts(smtps: numbers[0], starttls: numbers[1], plain: numbers[2]) }
        }
        var secret: String?
        if let secretEnv {
            let state = try loadState(configPath: Self.noConfigPath)
            guard let value = state.lookUp(variable: secretEnv) else {
                let (message, hint) = unresolvedVariable(secretEnv, in: state, readsConfig: false)
                if json {
                    print(Discovery.beforeNetwork(host: host, ports: ports, code: .SECRET_UNRESOLVED, message: message, hint: hint).jsonText())
                } else {
                    StandardError.print("error: \(message)")
                }
                throw ExitStatus.probeFailed
            }
            secret = value
        }
        let report = await Discovery.run(
            host: host, user: user ?? "postmaster@\(host)", secret: secret, caFilePath: network.caFile,
            timeout: network.timeout, ports: ports, ehloName: ehlo ?? ProbeOptions.defaultEHLOName)
        if json {
            print(report.jsonText())
        } else {
            StandardError.print(report.humanText())
        }
        if !report.ok { throw ExitStatus.probeFailed }
    }

    /// The probe options, or a report for a failure found before any network traffic.
    enum Prepared {
        case ready(ProbeOptions)
        case early(ProbeReport)
    }

    /// Checks the settings given; a failure becomes a report with every stage skipped.
    ///
    /// The config file is read when `--endpoint` is absent or `--config` is given; options override its values.
    private func prepare() throws -> Prepared {
        let readsConfig = endpoint == nil || config.configWasGiven
        let state = try loadState(configPath: readsConfig ? config.configPath : Self.noConfigPath)
        if readsConfig && !state.configExists {
            StandardError.print("error: \(config.configPath) does not exist: give --endpoint and --user, or create it with `bomnipotent-smtp wizard`.")
            throw ExitStatus.ioError
        }
        let smtp = readsConfig ? state.smtp : nil
        let endpointText = endpoint ?? smtp.map { state.resolve($0.endpoint) } ?? ""
        let userText = user ?? smtp.map { state.resolve($0.user) } ?? ""
        func early(_ code: DiagnosisCode, _ message: String, _ hint: String?, plan: ConnectionPlan? = nil) -> Prepared {
            .early(ProbeReport.beforeNetwork(endpoint: endpointText.redactingUserInfo, plan: plan, code: code, message: message, hint: hint))
        }
        if endpoint == nil && smtp == nil {
            return early(
                .CONFIG_INVALID, "\(config.configPath) has no [smtp] section.",
                "Run `bomnipotent-smtp wizard`, or give --endpoint and --user.")
        }
        let plan: ConnectionPlan
        do {
            plan = try ConnectionPlan(endpoint: endpointText, starttls: starttls ?? smtp?.starttls ?? false)
                .overriding(port: port, security: tls?.security)
        } catch {
            return early(.CONFIG_INVALID, error.description, "Change endpoint as the message says.")
        }
        if starttls == true && plan.isURL {
            StandardError.print("warning: --starttls has no effect on a smtp:// endpoint (the server ignores starttls there): add ?tls=required to the URL for STARTTLS.")
        }
        if userText.isEmpty {
            return early(.CONFIG_INVALID, "The user is empty.", "Set user to the login at the mail server, usually an address.", plan: plan)
        }
        var secret: String?
        if let secretEnv {
            guard let value = state.lookUp(variable: secretEnv) else {
                let (message, hint) = unresolvedVariable(secretEnv, in: state, readsConfig: readsConfig)
                return early(.SECRET_UNRESOLVED, message, hint, plan: plan)
            }
            secret = value
        } else if !noSecret && readsConfig {
            switch state.resolveSecret() {
            case .none: secret = nil
            case .inline(let value): secret = value
            case .resolved(_, let value, _): secret = value
            case .unresolved(let variable):
                return early(
                    .SECRET_UNRESOLVED,
                    "The secret refers to ${\(variable)}, which is set neither in the environment nor in \(state.envFilePath).",
                    "Export \(variable) where the server runs, or add \(variable)=… to \(state.envFilePath).", plan: plan)
            }
        }
        return .ready(ProbeOptions(
            endpoint: endpointText, plan: plan, user: userText, secret: secret,
            ehloName: ehlo ?? ProbeOptions.defaultEHLOName, caFilePath: network.caFile, timeout: network.timeout,
            sendTestTo: sendTestTo))
    }

    /// The message and hint for `--secret-env NAME` that does not resolve; without a config file and without
    /// `--env-file` no `.env` is read, so only the environment is named.
    private func unresolvedVariable(_ name: String, in state: ConfigState, readsConfig: Bool) -> (message: String, hint: String) {
        guard readsConfig || config.envFile != nil else {
            return ("\(name) is not set in the environment (without --config or --env-file no .env file is read).",
                    "Export \(name), or give --env-file PATH to read it from a .env file.")
        }
        return ("\(name) is set neither in the environment nor in \(state.envFilePath).",
                "Export \(name), or add \(name)=… to \(state.envFilePath).")
    }

    /// Stands for "no config file" (reads as empty), so that only `--env-file` is read.
    private static let noConfigPath = "/dev/null"

    /// Loads config.toml and the .env file; errors are printed and become the exit status of SPEC §3.
    /// Without a config file, only `--env-file` is read (never a `.env` beside `noConfigPath`).
    private func loadState(configPath: String) throws -> ConfigState {
        let envFile = config.envFile ?? (configPath == Self.noConfigPath ? Self.noConfigPath : nil)
        do {
            return try ConfigState.load(
                configPath: configPath, envFilePath: envFile, schema: .auto,
                environment: ProcessInfo.processInfo.environment)
        } catch {
            StandardError.print("error: \(error)")
            throw error.exitStatus
        }
    }
}

extension ConfigState {
    /// The value of `variable` as the server would substitute it (environment first, then `.env`), or `nil`.
    fileprivate func lookUp(variable: String) -> String? {
        let reference = "${\(variable)}"
        let value = resolve(reference)
        return value == reference ? nil : value
    }
}

/// The stages already printed live, shared with the probe's event callback.
private final class PrintedStages: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<StageID> = []

    func insert(_ id: StageID) { lock.withLock { _ = ids.insert(id) } }

    func contains(_ id: StageID) -> Bool { lock.withLock { ids.contains(id) } }
}

