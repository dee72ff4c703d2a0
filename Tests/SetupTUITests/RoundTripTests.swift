import ConfigWriter
import Foundation
import SMTPSettings
import SetupService
import XCTest

@testable import SetupTUI

/// The real planning and writing of `LiveWizardServices`, with the probe's requests recorded and answered OK
/// (these tests are about what the wizard asks for and writes, not about the network).
final class RecordedProbeServices: WizardServices, @unchecked Sendable {
    let live: LiveWizardServices
    private let lock = NSLock()
    private var recorded: [WizardProbeRequest] = []
    private var recordedPlans: [WizardChange] = []

    init(live: LiveWizardServices) { self.live = live }

    var probes: [WizardProbeRequest] { lock.withLock { recorded } }
    var plans: [WizardChange] { lock.withLock { recordedPlans } }

    func probe(_ request: WizardProbeRequest, progress: @escaping @Sendable (ProbeProgressEvent) -> Void) async -> ProbeOutcome {
        lock.withLock { recorded.append(request) }
        return Fixtures.okOutcome
    }

    func discover(host: String, settings: SMTPSettings, secret: SecretWrite?) async -> DiscoveryOutcome {
        DiscoveryOutcome(attempts: [], recommended: nil)
    }

    func plan(_ change: WizardChange) throws(WizardServiceError) -> any PlannedChange {
        lock.withLock { recordedPlans.append(change) }
        return try live.plan(change)
    }

    func reload() throws(WizardServiceError) { try live.reload() }
}

/// Answers for the plain prompts, and everything they wrote.
final class ScriptedConsole: PlainConsole, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String]
    private var written: [String] = []

    init(_ answers: [String]) { self.answers = answers }

    var transcript: String { lock.withLock { written.joined() } }

    func say(_ line: String) { lock.withLock { written.append(line + "\n") } }
    func ask(_ question: String) { lock.withLock { written.append(question) } }
    func output(_ text: String) { lock.withLock { written.append(text) } }
    func askSecret(_ question: String) -> String? {
        ask(question)
        return readAnswer()
    }

    func readAnswer() -> String? {
        lock.withLock {
            guard !answers.isEmpty else { return nil }
            let answer = answers.removeFirst()
            written.append(answer + "\n")
            return answer
        }
    }
}

/// A config written to a temporary directory, loaded as the wizard loads it.
struct TemporaryConfig {
    let directory: URL
    var path: String { directory.appendingPathComponent("config.toml").path }

    init(_ text: String?) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-round-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    }

    func load() throws -> (summary: ConfigSummary, services: RecordedProbeServices) {
        let loaded = try LiveWizardServices.load(SetupOptions(configPath: path, environment: [:], timeout: 3))
        return (loaded.summary, RecordedProbeServices(live: loaded.services))
    }

    func contents() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// SPEC §8: Enter on every screen writes back exactly what the file held, and probes that same plan.
final class RoundTripTests: XCTestCase {
    static let endpoints = [
        "smtp.example.org", "192.0.2.7", "2001:db8::25", "smtp://relay.example.org", "smtp://relay.example.org:2525",
        "smtp://[2001:db8::25]", "smtp://[::1]:2525", "smtp://relay:2587?tls=required", "smtp://relay?tls=required",
        "smtp://192.0.2.7:2587?tls=opportunistic", "smtp://[2001:db8::25]?tls=opportunistic",
    ]
    static let starttlsLines: [String?] = ["starttls = true\n", "starttls = false\n", nil]

    /// Every endpoint form with every starttls setting, as a config file with comments around it.
    static var files: [String] {
        endpoints.flatMap { endpoint in
            starttlsLines.map { starttls in
                """
                # BOMnipotent Server configuration
                domain = "https://bom.example.org"

                [smtp]  # mail for user verification
                user = "admin@example.org"
                endpoint = "\(endpoint)"   # as the administrator wrote it
                secret = "${SMTP_SECRET}"
                \(starttls ?? "")
                [tls]
                certificate_chain_path = "/etc/ssl/bom/chain.pem"

                """
            }
        }
    }

    /// The plan the server derives from the file.
    private func serverPlan(_ summary: ConfigSummary) throws -> ConnectionPlan {
        try XCTUnwrap(summary.smtp).plan()
    }

    /// Runs the curses view's state machine: Enter on every step, the probe answering OK, then Write.
    /// Returns the exit status and the probe requests.
    private func runCurses(_ summary: ConfigSummary, _ services: RecordedProbeServices) -> (Int32?, [WizardProbeRequest]) {
        var probes: [WizardProbeRequest] = []
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        let runner = EffectRunner(services: services)
        var queue: [WizardEvent] = Array(repeating: .key(.enter), count: 5)
        var status: Int32?
        while status == nil, !queue.isEmpty {
            let event = queue.removeFirst()
            for effect in update(&state, event) {
                if case .runProbe(let request, let run) = effect {
                    probes.append(request)
                    queue.insert(.probeFinished(run: run, Fixtures.okOutcome), at: 0)
                    queue += [.key(.enter), .key(.enter), .key(.enter)]
                    continue
                }
                switch runner.start(effect) {
                case .quit(let code): status = code
                case .done(let events): queue.insert(contentsOf: events, at: 0)
                case .background: XCTFail("unexpected background work: \(effect)")
                }
            }
        }
        return (status, probes)
    }

    func testEnterOnEveryScreenWritesTheFileBackByteForByteAndProbesItsPlan() throws {
        for text in Self.files {
            let config = try TemporaryConfig(text)
            defer { config.remove() }
            let (summary, services) = try config.load()
            let (status, probes) = runCurses(summary, services)
            XCTAssertEqual(status, 0, text)
            XCTAssertEqual(try config.contents(), text, "the written file differs from the input")
            XCTAssertEqual(probes.count, 1, text)
            XCTAssertEqual(try probes.first?.settings.plan(), try serverPlan(summary), text)
            XCTAssertEqual(probes.first?.settings, summary.smtp, text)
        }
    }

    func testEnterOnEveryPromptWritesTheFileBackByteForByteAndProbesItsPlan() async throws {
        for text in Self.files {
            let config = try TemporaryConfig(text)
            defer { config.remove() }
            let (summary, services) = try config.load()
            let console = ScriptedConsole(Array(repeating: "", count: 13))
            var prompts = PlainWizard(summary: summary, services: services, console: console)
            let status = await prompts.run()
            XCTAssertEqual(status, 0, console.transcript)
            XCTAssertEqual(try config.contents(), text, "the written file differs from the input:\n\(console.transcript)")
            XCTAssertEqual(services.probes.count, 1, console.transcript)
            XCTAssertEqual(try services.probes.first?.settings.plan(), try serverPlan(summary), text)
            XCTAssertEqual(services.probes.first?.settings, summary.smtp, text)
        }
    }
}
