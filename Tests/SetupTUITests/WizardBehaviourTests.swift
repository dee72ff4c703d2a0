import ConfigWriter
import SMTPProbe
import SMTPSettings
import XCTest

@testable import SetupTUI

/// The behaviours of SPEC §8 as pure `update(state, event) -> effects` transitions.
final class WizardBehaviourTests: XCTestCase {
    private func atSecurity(endpoint: String, summary: ConfigSummary = Fixtures.emptySummary) -> WizardState {
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)] + typing("admin@example.org") + [.key(.enter)] + typing(endpoint) + [.key(.enter)])
        XCTAssertEqual(state.step, .security)
        return state
    }

    private func configured(_ endpoint: String, starttls: Bool? = nil) -> ConfigSummary {
        var summary = Fixtures.configuredSummary
        summary.smtp = SMTPSettings(user: "admin@example.org", endpoint: endpoint, secret: .variable("SMTP_SECRET"), starttls: starttls)
        return summary
    }

    func testAFilesSTARTTLSURLIsShownAsThatChoiceAndKept() {
        var state = WizardState(summary: configured("smtp://host:2587?tls=required"), columns: 80, rows: 24)
        _ = send(&state, [.key(.enter), .key(.enter), .key(.enter)])
        XCTAssertEqual(state.security, .starttlsURL)
        XCTAssertEqual(state.port.text, "2587")
        XCTAssertTrue(render(state).lines.contains { $0.contains("Writes: endpoint = \"smtp://host:2587?tls=required\"") })
        _ = send(&state, [.key(.enter)])
        XCTAssertEqual(state.settings.endpoint, "smtp://host:2587?tls=required")
    }

    func testSTARTTLSOnAnotherPortIsWrittenAsAURL() {
        var state = atSecurity(endpoint: "relay.example.org")
        _ = send(&state, [.key(.down), .key(.down)])
        XCTAssertEqual(state.security, .starttlsURL)
        XCTAssertEqual(state.focusItems, [.security, .port, .autoDetect])
        _ = send(&state, [.key(.tab), .key(.ctrlU)] + typing("2587") + [.key(.down), .key(.up), .key(.up), .key(.down)])
        XCTAssertEqual(state.security, .opportunisticURL)
        _ = send(&state, [.key(.enter)])
        XCTAssertEqual(state.settings.endpoint, "smtp://relay.example.org:2587?tls=opportunistic")
        XCTAssertEqual(state.step, .secret)
    }

    func testABadPortBlocksTheSecurityStepWithTheEndpointsOwnError() {
        var state = atSecurity(endpoint: "relay.example.org")
        _ = send(&state, [.key(.down), .key(.down), .key(.tab), .key(.ctrlU)] + typing("70000") + [.key(.enter)])
        XCTAssertEqual(state.step, .security)
        XCTAssertEqual(state.focus, .port)
        XCTAssertEqual(state.errors[.port]?.hasPrefix("✗ "), true)
        XCTAssertTrue(state.errors[.port]?.contains("70000") == true, state.errors[.port] ?? "")
    }

    func testAutoDetectPreselectsAPlainRecommendationExactly() {
        var state = atSecurity(endpoint: "localhost")
        _ = send(&state, [.key(.tab), .key(.enter)])
        let onlyPlain = DiscoveryOutcome(
            attempts: [
                DiscoveryAttempt(label: "SMTPS 465", code: .CONNECT_REFUSED),
                DiscoveryAttempt(label: "STARTTLS 587", code: .CONNECT_REFUSED), DiscoveryAttempt(label: "plain 25", code: .OK),
            ], recommended: DiscoveryOutcome.Recommendation(endpoint: "smtp://localhost", starttls: false))
        _ = send(&state, [.discoveryFinished(onlyPlain)])
        XCTAssertEqual(state.security, .plain)
        XCTAssertEqual(state.port.text, "25")
        XCTAssertEqual(state.focus, .port)
        _ = send(&state, [.key(.enter)])
        XCTAssertEqual(state.step, .secret)
        XCTAssertEqual(state.settings.endpoint, "smtp://localhost")
        XCTAssertNil(state.settings.starttls)
    }

    func testAutoDetectChangesNothingWhenNothingWorked() {
        var state = atSecurity(endpoint: "smtp.example.org")
        _ = send(&state, [.key(.down), .key(.tab), .key(.enter)])
        let none = DiscoveryOutcome(attempts: [DiscoveryAttempt(label: "SMTPS 465", code: .CONNECT_REFUSED)], recommended: nil)
        _ = send(&state, [.discoveryFinished(none)])
        XCTAssertEqual(state.security, .starttls, "the administrator's own selection stays")
        XCTAssertEqual(state.endpoint.text, "smtp.example.org")
        XCTAssertEqual(state.status, "Auto-detect found no working connection; see the attempts above.")
    }

    func testQuitWithoutChangesExitsZero() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        XCTAssertEqual(send(&state, [.key(.down), .key(.down), .key(.down), .key(.enter)]), [.quit(0)])
        XCTAssertEqual(send(&state, [.key(.escape)]), [.quit(130)])
    }

    func testPasteGoesIntoTheMaskedFieldWholeAndNeverPressesEnter() {
        var state = atSecurity(endpoint: "smtp.example.org")
        _ = send(&state, [.key(.enter), .key(.down), .key(.down), .key(.tab), .key(.tab)])
        XCTAssertEqual(state.focus, .secretValue)
        let effects = send(&state, [.paste("?d\(secretMarker)\r\n")])
        XCTAssertEqual(effects, [])
        XCTAssertEqual(state.secretValue.text, "?d" + secretMarker)
        XCTAssertEqual(state.step, .secret)
        XCTAssertFalse(state.showingHelp)
        XCTAssertFalse(render(state).lines.joined().contains(secretMarker))
    }

    func testPasteOutsideATextFieldIsIgnored() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        XCTAssertEqual(send(&state, [.paste("x\n")]), [])
        XCTAssertEqual(state.step, .start)
    }

    func testKnownProviderIsTakenWithOneKeyAndFollowsTheLogin() {
        var state = WizardState(summary: configured("mail.example.org"), columns: 80, rows: 24)
        _ = send(&state, [.key(.enter), .key(.ctrlU)] + typing("someone@icloud.com") + [.key(.enter)])
        XCTAssertEqual(state.endpoint.text, "mail.example.org", "an endpoint the administrator wrote is not replaced")
        XCTAssertTrue(render(state).lines.joined().contains("Ctrl-P takes it"))
        _ = send(&state, [.key(.ctrlP)])
        XCTAssertEqual(state.endpoint.text, "smtp.mail.me.com")
        XCTAssertEqual(state.starttls, true)
        _ = send(&state, [.key(.escape), .key(.ctrlU)] + typing("someone@gmail.com") + [.key(.enter)])
        XCTAssertEqual(state.endpoint.text, "smtp.gmail.com", "the suggestion taken follows the changed login")
        XCTAssertEqual(state.starttls, false)
        XCTAssertEqual(state.security, .smtps)
    }

    func testDetailsViewOpensWithDAndScrolls() {
        var state = atSecurity(endpoint: "smtp.example.org")
        _ = send(&state, [.key(.enter), .key(.enter)])
        var outcome = Fixtures.authFailed
        outcome.details = (1...40).map { "line \($0)" }
        _ = send(&state, [.probeFinished(run: state.probe.run, outcome), .key(.character("d"))])
        XCTAssertEqual(state.detailsScroll, 0)
        _ = send(&state, [.key(.pageDown)])
        XCTAssertEqual(state.detailsScroll, WizardLayout.detailRows(state))
        XCTAssertTrue(render(state).lines.contains { $0.contains("line \(WizardLayout.detailRows(state) + 1)") })
        _ = send(&state, [.key(.escape)])
        XCTAssertNil(state.detailsScroll)
        XCTAssertEqual(state.step, .probe, "Esc closes the details, not the step")
    }

    func testReviewRemindsThatTheProbeFailed() {
        var state = atSecurity(endpoint: "smtp.example.org")
        _ = send(&state, [.key(.enter), .key(.enter), .probeFinished(run: 1, Fixtures.authFailed), .key(.enter)])
        XCTAssertEqual(state.continuedAfterFailure?.code, .AUTH_FAILED)
        _ = send(&state, [.planComputed(PlanPreview(diff: Fixtures.diff, notes: []))])
        XCTAssertEqual(state.reviewNotes.first?.hasPrefix("The probe failed (AUTH_FAILED)"), true)
        XCTAssertTrue(render(state).lines.contains { $0.contains("! The probe failed (AUTH_FAILED)") })
    }

    func testRetryAfterChangedOnDiskReplansTheSameChange() {
        var state = WizardState(summary: Fixtures.configuredSummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.down), .key(.enter), .planComputed(PlanPreview(diff: "+x", notes: [])), .key(.enter)])
        let change = state.change
        _ = send(&state, [.writeFailed(message: "config.toml changed on disk", exitCode: ConfigWriterError.Kind.changedOnDisk.rawValue)])
        XCTAssertEqual(state.buttons, [.reread, .back, .cancel])
        XCTAssertEqual(send(&state, [.key(.enter)]), [.replan(change)])
        XCTAssertEqual(state.review, .computing)
        _ = send(&state, [.planComputed(PlanPreview(diff: "+x", notes: []))])
        XCTAssertEqual(state.buttons, [.write, .back, .cancel])
    }

    func testHelpExplainsTheCurrentStep() {
        var state = atSecurity(endpoint: "smtp.example.org")
        _ = send(&state, [.key(.f1)])
        let screen = render(state).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("│ Security"), screen)
        XCTAssertTrue(screen.contains("How the connection is secured."), screen)
    }

    func testStartLayoutLineFollowsTheSelector() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        XCTAssertTrue(render(state).lines.contains("  Skip flag     not set · layout unknown: neither the file nor the deployment"), render(state).lines.joined(separator: "\n"))
        XCTAssertTrue(render(state).lines.contains("  Skip-flag layout  ◀ not chosen ▶ ←/→: legacy (server < 0.7) or current (≥ 0.7)"))
        _ = send(&state, [.key(.tab), .key(.right)])
        XCTAssertTrue(render(state).lines.contains("  Skip flag     not set · layout current (chosen below)"), render(state).lines.joined(separator: "\n"))
        var configured = WizardState(summary: Fixtures.configuredSummary, columns: 80, rows: 24)
        _ = send(&configured, [.key(.tab), .key(.right)])
        XCTAssertEqual(Array(render(configured).lines[7...8]), [
            "  Skip flag     false · layout legacy (chosen below; current because the file",
            "                has a [user] section, as servers 0.7 and later expect)",
        ])
    }

    func testDoneNamesARestartOnlyWhenTheSecretChanged() {
        var state = WizardState(summary: Fixtures.configuredSummary, columns: 80, rows: 24)
        XCTAssertFalse(state.secretChangeNeedsRestart, "the same ${SMTP_SECRET} reference")
        _ = send(&state, [.setText(.secretName, "MAIL_PASSWORD")])
        XCTAssertTrue(state.secretChangeNeedsRestart, "a variable the server did not read before")
        _ = send(&state, [.setText(.secretName, "SMTP_SECRET"), .select(.secretChoice, SecretChoice.dotenv.rawValue)])
        XCTAssertTrue(state.secretChangeNeedsRestart, "a value written to .env")
        _ = send(&state, [.setText(.testRecipient, "a@example.org")])
        state.written = WriteOutcome(writtenFiles: ["/srv/bomnipotent/.env"], backupFiles: [], configChanged: false, envChanged: true)
        XCTAssertEqual(state.nextStepLines, [
            "The server reads the secret's variable only when it starts: restart it.",
            "  restart BOMnipotent Server",
            "Then check delivery: bomnipotent_client test-email a@example.org   (client 1.1.0 or later)",
        ])
        state.written = WriteOutcome(writtenFiles: ["/srv/bomnipotent/config.toml"], backupFiles: [], configChanged: true)
        _ = send(&state, [.select(.secretChoice, SecretChoice.environment.rawValue)])
        XCTAssertEqual(state.nextStepLines.first, "The server reloads a changed config.toml by itself; nothing to restart.")
    }

    func testLongOutcomeScrollsInsteadOfBeingCut() {
        var state = atSecurity(endpoint: "smtp.example.org")
        _ = send(&state, [.key(.enter), .key(.enter)])
        var outcome = Fixtures.authFailed
        outcome.hint = String(repeating: "Check the user name and the app password of the mailbox. ", count: 4) + "END-OF-HINT"
        outcome.warnings = Fixtures.warnings
        _ = send(&state, [.probeFinished(run: 1, outcome)])
        let lines = WizardLayout.outcomeLines(state)
        XCTAssertGreaterThan(lines.count, WizardLayout.outcomeRows(state))
        var seen = ""
        for _ in 0..<lines.count {
            seen += render(state).lines.joined(separator: "\n")
            _ = send(&state, [.key(.pageDown)])
        }
        XCTAssertTrue(seen.contains("END-OF-HINT"))
        XCTAssertTrue(seen.contains("! CERT_EXPIRES_SOON:"))
        XCTAssertTrue(seen.contains("! AUTH_OVER_PLAINTEXT:"))
        XCTAssertTrue(seen.contains("can read it."), "the last warning's last words")
    }
}
