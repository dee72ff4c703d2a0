import ArgumentParser
import ConfigWriter
import Foundation
import SMTPProbe
import SMTPSettings
import SetupService

/// `probe`: connects exactly as the server would, stage by stage, and explains the outcome (SPEC §3, §7).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Test the SMTP settings: connect as the server would and explain any failure.")

    @OptionGroup var config: ConfigOptions

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
    var tls: TransportSecurity?

    @Option(help: ArgumentHelp("The EHLO name (default: this machine's host name).", valueName: "NAME"))
    var ehlo: String?

    @OptionGroup var network: NetworkOptions

    @Option(name: .customLong("send-test-to"), help: ArgumentHelp("Send a short test message to this address.", valueName: "ADDRESS"))
    var sendTestTo: String?

    @Option(
        name: .customLong("relay-check-to"),
        help: ArgumentHelp("The recipient of the relay check at RCPT when no test message is sent (default: \(ProbeOptions.defaultRelayCheckTo)); nothing is sent.", valueName: "ADDRESS"))
    var relayCheckTo: String?

    @Option(help: ArgumentHelp("Try SMTPS on 465, STARTTLS on 587 and plain SMTP on 25 at once and recommend settings.", valueName: "HOST"))
    var discover: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    /// True when `[smtp]` is read from the config: without `--endpoint`, or with `--config` given (SPEC §3).
    private var readsConfig: Bool { endpoint == nil || config.configWasGiven }

    func validate() throws {
        if let discover, !HostName.isValid(discover) {
            throw ValidationError("--discover needs a host name or IP address, not \"\(discover)\".")
        }
        if discover != nil {
            let conflicting = [
                ("--endpoint", endpoint != nil), ("--config", config.configWasGiven), ("--starttls", starttls != nil),
                ("--port", port != nil), ("--tls", tls != nil), ("--send-test-to", sendTestTo != nil),
                ("--relay-check-to", relayCheckTo != nil), ("--no-secret", noSecret), ("--compose", config.composeFile != nil),
                ("--no-compose", config.noCompose),
            ].filter(\.1).map(\.0)
            if !conflicting.isEmpty {
                throw ValidationError("--discover cannot be combined with \(conflicting.joined(separator: ", ")).")
            }
        }
        if endpoint != nil, user == nil, !config.configWasGiven {
            throw ValidationError("--endpoint needs --user (the login, also the sender), or --config to take the user from the file.")
        }
        if secretEnv != nil && noSecret { throw ValidationError("--secret-env and --no-secret exclude each other.") }
        if let secretEnv, !VariableReference.isValidName(secretEnv) {
            throw ValidationError("--secret-env needs a variable name ([A-Za-z_][A-Za-z0-9_]*); it never takes the secret itself, so the value given is not repeated here.")
        }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535.") }
        if sendTestTo != nil && relayCheckTo != nil {
            throw ValidationError("--send-test-to and --relay-check-to exclude each other: the test message's recipient is the one checked.")
        }
        for (option, address) in [("--send-test-to", sendTestTo), ("--relay-check-to", relayCheckTo)] {
            if let address, let problem = MailAddress.problem(in: address) {
                throw ValidationError("\(option): \(problem.description)")
            }
        }
    }

    func run() async throws {
        do {
            try network.requireReadableCAFile()
        } catch {
            throw StandardError.fail(error)
        }
        if let host = discover {
            try await runDiscovery(host: host)
            return
        }
        let (service, request) = try prepare()
        let report: ProbeReport
        switch request {
        case .early(let early):
            report = early
            if !json { StandardError.print(early.humanText()) }
        case .ready(let options): report = await runProbe(options, service: service)
        }
        if json { print(report.jsonText()) }
        if !report.ok { throw ExitStatus.probeFailed }
    }

    /// The request for the settings given: the file's `[smtp]` (when read) with the options laid over it.
    private func prepare() throws -> (SetupService, ProbeRequest) {
        let service = try loadService(readsConfig: readsConfig)
        if readsConfig {
            do {
                try service.requireConfig(remedy: "give --endpoint and --user, or create it with `bomnipotent-smtp wizard`")
            } catch {
                throw StandardError.fail(error)
            }
        }
        let overrides = ProbeOverrides(port: port, security: tls, ehloName: ehlo, sendTestTo: sendTestTo, relayCheckTo: relayCheckTo)
        let file = service.settings
        guard let endpointText = endpoint ?? file?.endpoint else { return (service, service.probeRequest(overrides: overrides)) }
        let settings = SMTPSettings(
            user: user ?? file?.user ?? "", endpoint: endpointText, secret: file?.secret ?? .none,
            starttls: starttls ?? file?.starttls)
        let request = service.probeRequest(for: settings, secret: secretWrite, overrides: overrides)
        if starttls == true, request.options?.plan.isURL == true {
            StandardError.print("warning: --starttls has no effect on a smtp:// endpoint (the server ignores starttls there): add ?tls=required to the URL for STARTTLS.")
        }
        return (service, request)
    }

    /// `--secret-env NAME` or `--no-secret`; `nil` for the settings' own secret.
    private var secretWrite: SecretWrite? {
        if let secretEnv { return .variable(secretEnv) }
        return noSecret ? .remove : nil
    }

    /// Loads config.toml (when read) and the `.env` file; errors are printed and become the exit status.
    private func loadService(readsConfig: Bool) throws -> SetupService {
        do {
            return try SetupService.load(config.setupOptions(readsConfig: readsConfig, network: network))
        } catch {
            throw StandardError.fail(error)
        }
    }

    /// Runs the probe, printing each stage as it ends unless `--json`; the report as seen from the deployment.
    private func runProbe(_ options: ProbeOptions, service: SetupService) async -> ProbeReport {
        guard !json else { return await service.run(.ready(options)) }
        StandardError.print(ProbeReport.header(endpoint: options.endpoint, plan: options.plan))
        let printed = PrintedStages()
        let report = await service.run(.ready(options)) { event in
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
        let service = try loadService(readsConfig: false)
        var secret: String?
        if let secretEnv {
            switch service.discoverySecret(variable: secretEnv) {
            case .success(let value): secret = value
            case .failure(let early):
                if json {
                    print(Discovery.beforeNetwork(
                        host: host, ports: service.discoveryPorts, code: early.code, message: early.message, hint: early.hint).jsonText())
                } else {
                    StandardError.printError(early.message)
                }
                throw ExitStatus.probeFailed
            }
        }
        let report = await service.discover(
            host: host, user: user ?? "postmaster@\(host)", secret: secret, ehloName: ehlo ?? ProbeOptions.defaultEHLOName)
        if json {
            print(report.jsonText())
        } else {
            StandardError.print(report.humanText())
        }
        if !report.ok { throw ExitStatus.probeFailed }
    }
}

/// The stages already printed live, shared with the probe's event callback.
private final class PrintedStages: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: Set<StageID> = []

    func insert(_ id: StageID) { lock.withLock { _ = ids.insert(id) } }

    func contains(_ id: StageID) -> Bool { lock.withLock { ids.contains(id) } }
}

