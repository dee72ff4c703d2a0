import Foundation
import SMTPProbe
import SMTPSettings
import SetupService
import XCTest

@testable import SetupTUI

/// Each screen rendered at 80×24, compared line by line with `Goldens/<name>.txt`.
/// `UPDATE_GOLDENS=1 swift test --filter ScreenGoldenTests` rewrites the files.
final class ScreenGoldenTests: XCTestCase {
    private static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    private func assertGolden(_ state: WizardState, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let buffer = render(state)
        XCTAssertEqual(buffer.columns, state.columns)
        XCTAssertEqual(buffer.rows, state.rows)
        let text = buffer.lines.joined(separator: "\n") + "\n"
        XCTAssertFalse(text.contains(secretMarker), "the secret is on screen \(name)", file: file, line: line)
        let url = Self.goldens.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, expected, "screen \(name) differs from its golden file", file: file, line: line)
    }

    private func state(_ parts: [WizardEvent]..., summary: ConfigSummary = Fixtures.emptySummary) -> WizardState {
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        for part in parts { _ = send(&state, part) }
        return state
    }

    private var toSecret: [WizardEvent] {
        var events: [WizardEvent] = [.key(.enter)]
        events += typing("admin@example.org")
        events.append(.key(.enter))
        events += typing("smtp.example.org")
        events += [.key(.enter), .key(.enter)]
        return events
    }

    func testStartScreens() throws {
        try assertGolden(state(), "01-start-empty")
        try assertGolden(state([.key(.tab)], summary: Fixtures.configuredSummary), "01-start-configured")
    }

    func testUserScreens() throws {
        try assertGolden(state([.key(.enter)], typing("管理者@example.org"), [.key(.left)]), "02-user-wide")
        try assertGolden(state([.key(.enter)], typing("admin@"), [.key(.enter)]), "02-user-error")
    }

    func testEndpointScreen() throws {
        try assertGolden(state([.key(.enter)], typing("admin@example.org"), [.key(.enter)], typing("smtp.example.org:587"), [.key(.enter)]),
            "03-endpoint-error")
        try assertGolden(state([.key(.enter)], typing("someone@gmail.com"), [.key(.enter), .key(.tab), .key(.right)]), "03-endpoint-provider")
    }

    func testSecurityScreen() throws {
        let discovered = DiscoveryOutcome(
            attempts: [
                DiscoveryAttempt(label: "SMTPS 465", code: .OK), DiscoveryAttempt(label: "STARTTLS 587", code: .OK),
                DiscoveryAttempt(label: "plain 25", code: .CONNECT_REFUSED),
            ], recommended: DiscoveryOutcome.Recommendation(endpoint: "smtp.example.org", starttls: false))
        try assertGolden(state([.key(.enter)], typing("admin@example.org"), [.key(.enter)], typing("smtp.example.org")
            , [.key(.enter), .key(.down), .key(.tab), .key(.enter), .discoveryFinished(discovered)]), "04-security")
    }

    func testSecretScreens() throws {
        try assertGolden(state(toSecret, [.key(.down), .key(.down), .key(.tab), .key(.tab)], typing(secretMarker)), "05-secret-dotenv")
        try assertGolden(state(toSecret, [.key(.down), .key(.down), .key(.down), .key(.enter)]), "05-secret-inline-error")
    }

    func testProbeScreens() throws {
        let started = toSecret + [WizardEvent.key(.enter)]
        try assertGolden(state(started, [
            .probeStageFinished(run: 1, StageRow(id: "resolve", status: .ok, milliseconds: 0.4, detail: "127.0.0.1")),
            .probeStageFinished(run: 1, StageRow(id: "connect", status: .ok, milliseconds: 1.2, detail: "127.0.0.1:465")),
            .probeStageStarted(run: 1, id: "tls"),
        ]), "06-probe-running")
        try assertGolden(state(started, [.probeFinished(run: 1, Fixtures.authFailed)]), "06-probe-failed")
        try assertGolden(state(started, [.probeFinished(run: 1, Fixtures.okOutcome)]), "06-probe-ok")
    }

    func testTestRecipientErrorKeepsTheFooter() throws {
        let screen = state(toSecret, [.key(.enter), .probeFinished(run: 1, Fixtures.okOutcome), .key(.tab), .key(.ctrlU), .key(.enter)])
        try assertGolden(screen, "06-probe-recipient-error")
        let lines = render(screen).lines
        XCTAssertTrue(lines[22].hasPrefix("                ✗ The address is empty"), lines[22])
        XCTAssertEqual(lines[23], " ←/→ choose · Enter press · Tab address · d details · Esc back · F1 help")
    }

    func testProbeWarningsAreShownAsTextOnTheProbeScreen() throws {
        let started = toSecret + [WizardEvent.key(.enter)]
        var ok = Fixtures.okOutcome
        ok.warnings = Fixtures.warnings
        let okScreen = state(started, [.probeFinished(run: 1, ok)])
        try assertGolden(okScreen, "06-probe-warnings")
        let okLines = render(okScreen).lines
        XCTAssertTrue(okLines.contains { $0.hasPrefix("  ! CERT_EXPIRES_SOON: The server's certificate expires") }, okLines.joined(separator: "\n"))
        XCTAssertTrue(okLines.contains { $0.hasPrefix("  ! AUTH_OVER_PLAINTEXT: The password is sent") }, okLines.joined(separator: "\n"))
        var failed = Fixtures.authFailed
        failed.warnings = Fixtures.warnings
        let failedScreen = state(started, [.probeFinished(run: 1, failed)])
        try assertGolden(failedScreen, "06-probe-failed-warnings")
        let text = render(failedScreen).lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("AUTH_FAILED"), text)
        XCTAssertTrue(text.contains("Hint: Check user and secret"), text)
        XCTAssertTrue(text.contains("CERT_EXPIRES_SOON"), text)
        XCTAssertTrue(text.contains("AUTH_OVER_PLAINTEXT"), text)
    }

    func testReviewScreens() throws {
        let reviewing: [WizardEvent] = toSecret + [.key(.enter), .probeFinished(run: 1, Fixtures.okOutcome), .key(.enter)]
        try assertGolden(state(reviewing, [.planComputed(PlanPreview(diff: Fixtures.diff,
            notes: ["The skip flag skip_user_verification was true; it is set to false."]))]), "07-review")
        try assertGolden(state(reviewing, [.planFailed("config.toml line 3, column 7: expected a value")]), "07-review-failed")
    }

    func testReviewShowsEveryNoteAndWarningInFull() throws {
        let reviewing: [WizardEvent] = toSecret + [.key(.enter), .probeFinished(run: 1, Fixtures.okOutcome), .key(.enter)]
        let notes = [
            "skip_user_verification set to false: user verification is on again",
            "Gmail: needs an app password when 2-step verification is on",
            "The secret is written into config.toml itself: prefer secret = \"${SMTP_SECRET}\" with the value in the environment or .env.",
        ]
        let screen = state(reviewing, [.planComputed(PlanPreview(diff: Fixtures.diff, notes: notes))])
        try assertGolden(screen, "07-review-notes")
        let text = render(screen).lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for note in notes { XCTAssertTrue(text.contains(note), "missing note \(note) in:\n\(text)") }
        XCTAssertTrue(render(screen).lines.contains("› [▶ Write ]  [  Back ]  [  Cancel ]"))
    }

    func testDoneScreen() throws {
        let reviewing: [WizardEvent] = toSecret + [.key(.enter), .probeFinished(run: 1, Fixtures.okOutcome), .key(.enter),
            .planComputed(PlanPreview(diff: Fixtures.diff, notes: [])), .key(.enter)]
        try assertGolden(state(reviewing, [.writeFinished(WriteOutcome(
            writtenFiles: ["/srv/bomnipotent/config.toml", "/srv/bomnipotent/.env"],
            backupFiles: ["/srv/bomnipotent/config.toml.bak-20261125-013000"], envChanged: true,
            warnings: [
                "/srv/bomnipotent/config.toml.bak-20261125-013000 holds the secret and is inside a git work tree and not ignored: add config.toml.bak-* to .gitignore so it is never committed."
            ]))]), "08-done")
    }

    func testHelpAndTooSmall() throws {
        try assertGolden(state([.key(.f1)]), "09-help")
        var small = WizardState(summary: Fixtures.emptySummary, columns: 60, rows: 20)
        _ = send(&small, [])
        try assertGolden(small, "10-too-small")
    }

    func testNewBehaviourScreens() throws {
        let toSecurity: [WizardEvent] = [.key(.enter)] + typing("admin@example.org") + [.key(.enter)] + typing("relay.example.org") + [.key(.enter)]
        try assertGolden(state(toSecurity, [.key(.down), .key(.down), .key(.tab), .key(.ctrlU)], typing("2587")), "04-security-starttls-port")
        var outcome = Fixtures.authFailed
        outcome.details = [
            "Probe of endpoint \"smtp.example.org\": smtp.example.org:465, SMTPS",
            "  ok      resolve       1.5 ms  127.0.0.1",
            "  FAILED  auth         41.2 ms  AUTH PLAIN [535 5.7.8 authentication failed]",
            "TLS:         TLSv1.3, TLS_AES_128_GCM_SHA256",
            "Extensions:  PIPELINING, SIZE 10240000, AUTH PLAIN LOGIN",
            "Diagnosis:   AUTH_FAILED: The server rejected the login (535 5.7.8 authentication failed).",
        ]
        outcome.hint = String(repeating: "Check the user name and the app password of the mailbox. ", count: 3) + "Then retry."
        outcome.warnings = Fixtures.warnings
        try assertGolden(state(toSecret, [.key(.enter), .probeFinished(run: 1, outcome)]), "06-probe-long-hint")
        try assertGolden(state(toSecret, [.key(.enter), .probeFinished(run: 1, outcome), .key(.character("d"))]), "06-probe-details")
        try assertGolden(state(toSecret, [.key(.enter), .probeFinished(run: 1, outcome), .key(.enter),
            .planComputed(PlanPreview(diff: Fixtures.diff, notes: []))]), "07-review-probe-failed")
        var done = state(toSecret, [.key(.down), .key(.down), .key(.tab), .key(.tab)], typing(secretMarker), [.key(.enter),
            .probeFinished(run: 1, Fixtures.okOutcome), .key(.enter), .planComputed(PlanPreview(diff: Fixtures.diff, notes: [])),
            .key(.enter), .writeFinished(WriteOutcome(
                writtenFiles: ["/srv/bomnipotent/config.toml", "/srv/bomnipotent/.env"], backupFiles: [], envChanged: true))])
        done.columns = 80
        try assertGolden(done, "08-done-restart")
    }

    /// A directory at a fixed path, so that the paths on screen are the same in every run; emptied first and after.
    private func fixedDirectory(_ name: String) throws -> String {
        let path = "/tmp/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path + "/bomnipotent_config", withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// The compose layout of the server's documentation: compose.yaml beside `.env` and `bomnipotent_config/`.
    static let documentedCompose = """
        services:
          bomnipotent_server:
            image: wwhsoft/bomnipotent_server:latest
            environment:
              SMTP_SECRET: ${SMTP_SECRET}
            volumes:
              - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro

        """

    func testStartScreenOfTheDocumentedComposeLayout() throws {
        let root = try fixedDirectory("bsmtp-golden-compose")
        try Self.documentedCompose.write(toFile: root + "/compose.yaml", atomically: true, encoding: .utf8)
        try "BOMNIPOTENT_DB_PW=x\n".write(toFile: root + "/.env", atomically: true, encoding: .utf8)
        try "domain = \"https://bom.example.org\"\n".write(toFile: root + "/bomnipotent_config/config.toml", atomically: true, encoding: .utf8)
        let (summary, _) = try LiveWizardServices.load(SetupOptions(configPath: root + "/bomnipotent_config/config.toml", environment: [:]))
        try assertGolden(WizardState(summary: summary, columns: 80, rows: 24), "01-start-compose")
    }

    func testLayoutQuestionScreens() throws {
        try assertGolden(state([.key(.down), .key(.enter)]), "01-start-layout-question")
        try assertGolden(state([.key(.down), .key(.enter), .key(.enter)]), "01-start-layout-question-error")
        try assertGolden(state([.key(.down), .key(.enter), .key(.down)]), "01-start-layout-question-legacy")
    }

    func testRepairOnTheStartAndReviewScreens() throws {
        let root = try fixedDirectory("bsmtp-golden-repair")
        let config = root + "/bomnipotent_config/config.toml"
        try """
            domain = "https://bom.example.org"

            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            port = 587
            starttls = true

            [user]
            skip_verification = false

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let (summary, services) = try LiveWizardServices.load(SetupOptions(configPath: config, environment: [:]))
        try assertGolden(WizardState(summary: summary, columns: 80, rows: 24), "01-start-repair")
        var reviewing = WizardState(summary: summary, columns: 80, rows: 24)
        _ = send(&reviewing, Array(repeating: WizardEvent.key(.enter), count: 5))
        XCTAssertEqual(reviewing.step, .probe)
        let effects = send(&reviewing, [.probeFinished(run: reviewing.probe.run, Fixtures.okOutcome), .key(.enter)])
        guard case .computePlan(let change)? = effects.first else { return XCTFail("no plan: \(effects)") }
        XCTAssertEqual(change, .smtp(try XCTUnwrap(summary.smtp), secret: .keep, layout: .current, repair: true))
        _ = send(&reviewing, [.planComputed(try services.plan(change).preview)])
        try assertGolden(reviewing, "07-review-repair")
        let screen = render(reviewing).lines
        XCTAssertTrue(screen.contains("  -port = 587"), screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains("› [▶ Write ]  [  Without repairs ]  [  Back ]  [  Cancel ]"), screen.joined(separator: "\n"))
    }

    func testDoneScreenScrollsSoThatNoWarningIsCut() throws {
        let warnings = [
            "The endpoint host 127.0.0.1 is the container itself for the server, which runs in the compose service bomnipotent_server (/srv/compose.yaml): a mail relay on this machine is not reachable there, and a probe from this machine says nothing about the container.",
            "/srv/bomnipotent/config.toml.bak-20261125-013000 holds the secret and is inside a git work tree and not ignored: add config.toml.bak-* to .gitignore so it is never committed.",
        ]
        let reviewing: [WizardEvent] = toSecret + [.key(.enter), .probeFinished(run: 1, Fixtures.okOutcome), .key(.enter),
            .planComputed(PlanPreview(diff: Fixtures.diff, notes: [])), .key(.enter)]
        var done = state(reviewing, [.writeFinished(WriteOutcome(
            writtenFiles: ["/srv/bomnipotent/config.toml", "/srv/bomnipotent/.env"],
            backupFiles: ["/srv/bomnipotent/config.toml.bak-20261125-013000", "/srv/bomnipotent/.env.bak-20261125-013000"],
            envChanged: true, warnings: warnings, repairs: ["remove port = 587 from [smtp] (implied by starttls = true)"]))])
        try assertGolden(done, "08-done-scroll")
        var shown = render(done).lines
        XCTAssertEqual(shown[23], " Enter quit · ↑/↓ PgUp/PgDn scroll")
        _ = send(&done, [.key(.pageDown)])
        try assertGolden(done, "08-done-scrolled")
        shown += render(done).lines
        let text = shown.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for warning in warnings { XCTAssertTrue(text.contains("! " + warning), "not shown in full: \(warning)\n\(shown.joined(separator: "\n"))") }
        XCTAssertEqual(send(&done, [.key(.enter)]), [.quit(0)])
    }
}
