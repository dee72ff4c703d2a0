import ConfigWriter
import SMTPProbe
import SMTPSettings
import XCTest

@testable import SetupTUI

final class WizardTransitionTests: XCTestCase {
    private func configureUntilProbe(_ state: inout WizardState) -> [WizardEffect] {
        var effects = send(&state, [.key(.enter)])
        effects += send(&state, typing("admin@example.org") + [.key(.enter)])
        effects += send(&state, typing("smtp.example.org") + [.key(.enter)])
        effects += send(&state, [.key(.enter)])
        effects += send(&state, [.key(.down), .key(.down), .key(.tab), .key(.tab)] + typing(secretMarker) + [.key(.enter)])
        return effects
    }

    func testFullFlowEmitsProbePlanAndWrite() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        let effects = configureUntilProbe(&state)
        XCTAssertEqual(state.step, .probe)
        XCTAssertEqual(effects, [
            .runProbe(WizardProbeRequest(settings: SMTPSettings(user: "admin@example.org", endpoint: "smtp.example.org",
                secret: .variable("SMTP_SECRET")), secret: .dotenv(name: "SMTP_SECRET", value: secretMarker)), run: 1)
        ])
        _ = send(&state, [.probeFinished(run: 1, Fixtures.okOutcome)])
        XCTAssertEqual(state.buttons, [.next, .retry, .sendTest])
        XCTAssertEqual(send(&state, [.key(.enter)]), [
            .computePlan(.smtp(SMTPSettings(user: "admin@example.org", endpoint: "smtp.example.org",
                secret: .variable("SMTP_SECRET")), secret: .dotenv(name: "SMTP_SECRET", value: secretMarker), layout: nil))
        ])
        XCTAssertEqual(state.step, .review)
        _ = send(&state, [.planComputed(PlanPreview(diff: Fixtures.diff, notes: []))])
        XCTAssertEqual(send(&state, [.key(.enter)]), [.write])
        _ = send(&state, [.writeFinished(WriteOutcome(writtenFiles: ["/srv/bomnipotent/config.toml"], backupFiles: []))])
        XCTAssertEqual(state.step, .done)
        XCTAssertEqual(send(&state, [.key(.enter)]), [.quit(0)])
    }

    func testBackKeepsValues() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)] + typing("admin@example.org") + [.key(.enter)] + typing("mail.example.org"))
        XCTAssertEqual(state.step, .endpoint)
        _ = send(&state, [.key(.escape)])
        XCTAssertEqual(state.step, .user)
        XCTAssertEqual(state.user.text, "admin@example.org")
        _ = send(&state, [.key(.enter)])
        XCTAssertEqual(state.step, .endpoint)
        XCTAssertEqual(state.endpoint.text, "mail.example.org")
    }

    func testValidationBlocksNextAndShowsText() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)] + typing("admin@example.org") + [.key(.enter)] + typing("smtp.example.org:587"))
        XCTAssertEqual(send(&state, [.key(.enter)]), [])
        XCTAssertEqual(state.step, .endpoint)
        let error = try? XCTUnwrap(state.errors[.endpoint])
        XCTAssertEqual(error?.hasPrefix("✗ A relay endpoint is a host name only"), true)
        let screen = render(state).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("✗ A relay endpoint is a host name only"), screen)
        _ = send(&state, [.key(.backspace)])
        XCTAssertNil(state.errors[.endpoint], "editing the field clears its error")
    }

    func testRelayServicePlaceholderMustBeFilledIn() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)] + typing("AKIAEXAMPLE") + [.key(.enter), .key(.tab), .key(.right), .key(.right), .key(.right)])
        XCTAssertEqual(state.endpoint.text, "email-smtp.REGION.amazonaws.com")
        XCTAssertEqual(send(&state, [.key(.enter)]), [])
        XCTAssertEqual(state.step, .endpoint)
        XCTAssertEqual(state.errors[.endpoint], "✗ Replace REGION with the service's region, e.g. email-smtp.eu-central-1.amazonaws.com.")
        XCTAssertTrue(render(state).lines.contains { $0.contains("✗ Replace REGION with the service's region") })
        XCTAssertEqual(state.focus, .endpoint, "the focus goes to the field with the error")
        _ = send(&state, [.key(.ctrlU)] + typing("email-smtp.eu-west-1.amazonaws.com") + [.key(.enter)])
        XCTAssertEqual(state.step, .security)
    }

    func testTestRecipientFollowsTheChangedLoginUnlessTypedByTheAdministrator() {
        var state = WizardState(summary: Fixtures.configuredSummary, columns: 80, rows: 24)
        XCTAssertEqual(state.testRecipient.text, "admin@example.org")
        _ = send(&state, [.key(.enter), .key(.ctrlU)] + typing("ops@example.org") + [.key(.enter)])
        XCTAssertEqual(state.step, .endpoint)
        XCTAssertEqual(state.testRecipient.text, "ops@example.org", "the recipient prefilled from the file follows the new login")
        state.testRecipient.set("postmaster@example.org")
        _ = send(&state, [.key(.escape), .key(.ctrlU)] + typing("mail@example.org") + [.key(.enter)])
        XCTAssertEqual(state.user.text, "mail@example.org")
        XCTAssertEqual(state.testRecipient.text, "postmaster@example.org", "a recipient the administrator typed stays")
    }

    func testEmptyUserIsRejected() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter), .key(.enter)])
        XCTAssertEqual(state.step, .user)
        XCTAssertEqual(state.errors[.user], "✗ The user is empty: enter the login at the mail server, usually your mail address (e.g. you@example.org).")
    }

    func testDiagnosisJumpsToTheStepItNames() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = configureUntilProbe(&state)
        _ = send(&state, [.probeFinished(run: 1, Fixtures.authFailed)])
        XCTAssertEqual(state.buttons, [.continueAnyway, .retry, .change(.secret), .sendTest])
        _ = send(&state, [.key(.right), .key(.right)])
        XCTAssertEqual(state.selectedButton, .change(.secret))
        XCTAssertEqual(send(&state, [.key(.enter)]), [])
        XCTAssertEqual(state.step, .secret)
        XCTAssertEqual(state.secretValue.text, secretMarker, "the value typed before is kept")
    }

    func testEnterWhileTheProbeRunsDoesNothing() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = configureUntilProbe(&state)
        XCTAssertTrue(state.probe.running)
        XCTAssertEqual(send(&state, [.key(.enter)]), [], "no plan is computed before the probe has a diagnosis")
        XCTAssertEqual(state.step, .probe)
        XCTAssertEqual(state.review, .idle)
        var testing = WizardState(summary: Fixtures.configuredSummary, columns: 80, rows: 24)
        _ = send(&testing, [.key(.down), .key(.down), .key(.enter)])
        XCTAssertEqual(testing.mode, .test)
        XCTAssertTrue(testing.probe.running)
        XCTAssertEqual(send(&testing, [.key(.enter)]), [], "testing the current settings never leads to writing")
        XCTAssertEqual(testing.step, .probe)
    }

    func testLeavingARunningProbeAbandonsIt() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = configureUntilProbe(&state)
        _ = send(&state, [.key(.escape), .key(.tab), .key(.tab)])
        XCTAssertEqual(state.step, .secret)
        XCTAssertEqual(state.focus, .secretValue)
        var late = Fixtures.okOutcome
        late.warnings = Fixtures.warnings
        _ = send(&state, [.probeStageStarted(run: 1, id: "auth"), .probeFinished(run: 1, late)])
        XCTAssertEqual(state.focus, .secretValue, "a late result does not move the focus away from the field being typed in")
        XCTAssertNil(state.status)
        XCTAssertNil(state.probe.outcome)
        _ = send(&state, [.key(.character("x"))])
        XCTAssertEqual(state.secretValue.text, secretMarker + "x")
        let effects = send(&state, [.key(.enter)])
        XCTAssertEqual(effects.count, 1)
        guard case .runProbe(_, let run)? = effects.first else { return XCTFail("no probe started: \(effects)") }
        XCTAssertEqual(run, state.probe.run)
        _ = send(&state, [.probeFinished(run: 1, Fixtures.okOutcome)])
        XCTAssertTrue(state.probe.running, "the abandoned run's result is ignored by the new run")
    }

    func testStaleProbeEventsAreIgnored() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = configureUntilProbe(&state)
        _ = send(&state, [.probeFinished(run: 1, Fixtures.authFailed), .key(.right), .key(.enter)])
        XCTAssertEqual(state.probe.run, 2)
        _ = send(&state, [.probeFinished(run: 1, Fixtures.okOutcome)])
        XCTAssertTrue(state.probe.running)
        XCTAssertNil(state.probe.outcome)
    }

    func testCtrlCAndEscOnStartCancelWithoutWriting() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        XCTAssertEqual(send(&state, [.key(.escape)]), [.quit(130)])
        var midway = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        let effects = configureUntilProbe(&midway) + send(&midway, [.key(.ctrlC)])
        XCTAssertEqual(effects.last, .quit(130))
        XCTAssertFalse(effects.contains(.write))
        XCTAssertFalse(effects.contains { if case .computePlan = $0 { return true } else { return false } })
    }

    func testCancelOnReviewWritesNothing() {
        var state = WizardState(summary: Fixtures.configuredSummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.down), .key(.enter)])
        XCTAssertEqual(state.mode, .skip)
        _ = send(&state, [.planComputed(PlanPreview(diff: "+skip", notes: []))])
        XCTAssertEqual(state.buttons, [.write, .back, .cancel])
        let effects = send(&state, [.key(.right), .key(.right), .key(.enter)])
        XCTAssertEqual(effects, [.quit(130)])
    }

    func testSkipFlowUsesTheChosenLayout() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.tab), .key(.right)])
        XCTAssertEqual(state.layout, .current)
        _ = send(&state, [.key(.backTab), .key(.down)])
        XCTAssertEqual(send(&state, [.key(.enter)]), [.computePlan(.skipVerification(layout: .current))])
        _ = send(&state, [.key(.escape)])
        XCTAssertEqual(state.step, .start)
    }

    func testHelpKeyIsTextInsideFieldsAndHelpOutside() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.character("?"))])
        XCTAssertTrue(state.showingHelp)
        _ = send(&state, [.key(.character("x")), .key(.enter)] + typing("a?b"))
        XCTAssertFalse(state.showingHelp)
        XCTAssertEqual(state.user.text, "a?b")
        _ = send(&state, [.key(.f1)])
        XCTAssertTrue(state.showingHelp)
    }

    func testTooSmallIgnoresKeysButCtrlCAndRecovers() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.resize(columns: 60, rows: 20), .key(.enter)])
        XCTAssertEqual(state.step, .start)
        XCTAssertEqual(render(state).lines[8], "                 Terminal too small: 60×20.")
        _ = send(&state, [.resize(columns: 100, rows: 30), .key(.enter)])
        XCTAssertEqual(state.step, .user)
        XCTAssertEqual(send(&state, [.key(.ctrlC)]), [.quit(130)])
    }

    func testTestModeProbesTheFileSettings() {
        var state = WizardState(summary: Fixtures.configuredSummary, columns: 80, rows: 24)
        let effects = send(&state, [.key(.down), .key(.down), .key(.enter)])
        XCTAssertEqual(effects, [
            .runProbe(WizardProbeRequest(settings: Fixtures.configuredSummary.smtp!, secret: nil), run: 1)
        ])
        _ = send(&state, [.probeFinished(run: 1, Fixtures.authFailed)])
        XCTAssertEqual(state.buttons, [.change(.secret), .retry, .sendTest, .quit])
        XCTAssertEqual(send(&state, [.key(.left), .key(.enter)]), [.quit(1)])
    }

    func testURLEndpointSelectsLocalRelay() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)] + typing("admin") + [.key(.enter)] + typing("smtp://127.0.0.1:2525") + [.key(.enter)])
        XCTAssertEqual(state.step, .security)
        XCTAssertEqual(state.security, .plain)
        XCTAssertEqual(state.port.text, "2525")
        XCTAssertEqual(state.settingsWithSelectedSecurity.endpoint, "smtp://127.0.0.1:2525")
    }

    func testDiscoveryPreselectsItsRecommendation() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)] + typing("admin@example.org") + [.key(.enter)] + typing("smtp.example.org") + [.key(.enter)])
        XCTAssertEqual(send(&state, [.key(.tab), .key(.enter)]), [
            .runDiscovery(
                host: "smtp.example.org", settings: SMTPSettings(user: "admin@example.org", endpoint: "smtp.example.org"),
                secret: .keep)
        ])
        _ = send(&state, [.discoveryFinished(DiscoveryOutcome(
            attempts: [DiscoveryAttempt(label: "SMTPS 465", code: .CONNECT_REFUSED), DiscoveryAttempt(label: "STARTTLS 587", code: .OK)],
            recommended: DiscoveryOutcome.Recommendation(endpoint: "smtp.example.org", starttls: true)))])
        XCTAssertEqual(state.security, .starttls)
        XCTAssertEqual(state.change, .smtp(
            SMTPSettings(user: "admin@example.org", endpoint: "smtp.example.org", starttls: true), secret: .keep, layout: nil))
    }

    func testDiscoveryResultsBelongToTheirEndpoint() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)] + typing("admin@example.org") + [.key(.enter)] + typing("smtp.example.org") + [.key(.enter)])
        let refused = DiscoveryOutcome(attempts: [DiscoveryAttempt(label: "SMTPS 465", code: .CONNECT_REFUSED)], recommended: nil)
        _ = send(&state, [.key(.tab), .key(.enter), .discoveryFinished(refused)])
        XCTAssertEqual(state.discovery, refused)
        _ = send(&state, [.key(.escape), .key(.backspace)] + typing("g") + [.key(.enter)])
        XCTAssertEqual(state.step, .security)
        XCTAssertNil(state.discovery, "attempts on smtp.example.org are not shown for smtp.example.org's successor")
        XCTAssertFalse(render(state).lines.contains { $0.contains("CONNECT_REFUSED") })
        _ = send(&state, [.key(.tab), .key(.enter), .key(.escape), .key(.backspace)] + typing("x") + [.key(.enter)])
        let late = DiscoveryOutcome(attempts: [DiscoveryAttempt(label: "STARTTLS 587", code: .OK)], recommended: DiscoveryOutcome.Recommendation(endpoint: "smtp.example.orx", starttls: true))
        _ = send(&state, [.discoveryFinished(late)])
        XCTAssertNil(state.discovery, "a run for an endpoint changed meanwhile is dropped")
        XCTAssertEqual(state.security, .smtps)
    }

    func testAnUnknownLayoutIsAskedBeforeTheSkipFlagWithNothingPreselected() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        XCTAssertEqual(send(&state, [.key(.down), .key(.enter)]), [], "no plan without a layout")
        XCTAssertEqual(state.layoutQuestion, LayoutQuestion(selected: nil))
        XCTAssertEqual(state.focus, .layoutQuestion)
        XCTAssertEqual(send(&state, [.key(.enter)]), [])
        XCTAssertEqual(state.errors[.layoutQuestion], "✗ Choose the version your server runs (↑/↓): nothing is preselected.")
        _ = send(&state, [.key(.escape)])
        XCTAssertNil(state.layoutQuestion, "Esc goes back to the actions")
        XCTAssertEqual(state.step, .start)
        XCTAssertNil(state.layout)
        _ = send(&state, [.key(.enter), .key(.down)])
        XCTAssertEqual(state.layoutQuestion?.selected, .legacy)
        _ = send(&state, [.key(.down)])
        XCTAssertEqual(state.layoutQuestion?.selected, .current)
        XCTAssertEqual(send(&state, [.key(.enter)]), [.computePlan(.skipVerification(layout: .current))])
        XCTAssertEqual(state.layout, .current)
        _ = send(&state, [.key(.escape)])
        XCTAssertEqual(send(&state, [.key(.enter)]), [.computePlan(.skipVerification(layout: .current))], "answered once")
    }

    func testConfiguringAsksTheLayoutOnlyWhenASkipFlagMustBeTurnedOff() {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        _ = send(&state, [.key(.enter)])
        XCTAssertEqual(state.step, .user, "no skip flag: the layout does not matter")
        var skipped = Fixtures.emptySummary
        skipped.skipVerification = true
        var turnOff = WizardState(summary: skipped, columns: 80, rows: 24)
        _ = send(&turnOff, [.key(.enter)])
        XCTAssertEqual(turnOff.step, .start)
        XCTAssertNotNil(turnOff.layoutQuestion)
        _ = send(&turnOff, [.key(.down), .key(.enter)])
        XCTAssertEqual(turnOff.step, .user)
        XCTAssertEqual(turnOff.layout, .legacy)
    }

    func testRepairsAreInTheReviewedChangeAndCanBeLeftOut() {
        var summary = Fixtures.configuredSummary
        summary.repairs = [Repair(kind: .FOLD_UNKNOWN_KEY, summary: "remove port = 587 from [smtp] (implied by starttls = true)")]
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        XCTAssertTrue(state.applyRepairs)
        _ = send(&state, [.key(.down), .key(.enter)])
        XCTAssertEqual(state.review, .computing)
        let preview = PlanPreview(diff: "-port = 587\n+skip", notes: [], repairs: ["remove port = 587 from [smtp] (implied by starttls = true)"])
        _ = send(&state, [.planComputed(preview)])
        XCTAssertEqual(state.buttons, [.write, .withoutRepairs, .back, .cancel])
        XCTAssertEqual(state.reviewNotes, ["Repair: remove port = 587 from [smtp] (implied by starttls = true)"])
        XCTAssertEqual(send(&state, [.key(.right), .key(.enter)]), [.computePlan(.skipVerification(layout: .current, repair: false))])
        _ = send(&state, [.planComputed(PlanPreview(diff: "+skip", notes: []))])
        XCTAssertEqual(state.buttons, [.write, .withRepairs, .back, .cancel])
        XCTAssertEqual(state.reviewNotes, [
            "Repairs left out: the file keeps what the server would refuse or misread (With repairs puts them back).",
        ])
        XCTAssertEqual(send(&state, [.key(.right), .key(.enter)]), [.computePlan(.skipVerification(layout: .current, repair: true))])
    }
}
