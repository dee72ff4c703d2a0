import Foundation
import SMTPSettings
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
                DiscoveryAttempt(label: "SMTPS 465", code: "OK"), DiscoveryAttempt(label: "STARTTLS 587", code: "OK"),
                DiscoveryAttempt(label: "plain 25", code: "CONNECT_REFUSED"),
            ], recommended: .smtps)
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

    func testReviewScreens() throws {
        let reviewing: [WizardEvent] = toSecret + [.key(.enter), .probeFinished(run: 1, Fixtures.okOutcome), .key(.enter)]
        try assertGolden(state(reviewing, [.planComputed(PlanPreview(diff: Fixtures.diff,
            notes: ["The skip flag skip_user_verification was true; it is set to false."]))]), "07-review")
        try assertGolden(state(reviewing, [.planFailed("config.toml line 3, column 7: expected a value")]), "07-review-failed")
    }

    func testDoneScreen() throws {
        let reviewing: [WizardEvent] = toSecret + [.key(.enter), .probeFinished(run: 1, Fixtures.okOutcome), .key(.enter),
            .planComputed(PlanPreview(diff: Fixtures.diff, notes: [])), .key(.enter)]
        try assertGolden(state(reviewing, [.writeFinished(WriteOutcome(
            writtenFiles: ["/srv/bomnipotent/config.toml", "/srv/bomnipotent/.env"],
            backupFiles: ["/srv/bomnipotent/config.toml.bak-20261125-013000"]))]), "08-done")
    }

    func testHelpAndTooSmall() throws {
        try assertGolden(state([.key(.f1)]), "09-help")
        var small = WizardState(summary: Fixtures.emptySummary, columns: 60, rows: 20)
        _ = send(&small, [])
        try assertGolden(small, "10-too-small")
    }
}
