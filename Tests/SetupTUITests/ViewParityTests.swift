import ConfigWriter
import SMTPSettings
import XCTest

@testable import SetupTUI

/// The curses view and the plain prompts are two views of one step sequence: the same answers give the same
/// probe request and the same change plan.
final class ViewParityTests: XCTestCase {
    private struct Case {
        var name: String
        var summary: ConfigSummary
        var keys: [WizardEvent]
        var answers: [String]
    }

    private static let cases = [
        Case(
            name: "STARTTLS on another port, .env secret", summary: Fixtures.emptySummary,
            keys: [.key(.enter)] + typing("admin@example.org") + [.key(.enter)] + typing("relay.example.org")
                + [.key(.enter), .key(.down), .key(.down), .key(.tab), .key(.ctrlU)] + typing("2587")
                + [.key(.enter), .key(.down), .key(.down), .key(.tab), .key(.tab)] + typing(secretMarker) + [.key(.enter)],
            answers: ["1", "admin@example.org", "", "relay.example.org", "3", "2587", "3", "", secretMarker]),
        Case(
            name: "known provider prefilled, environment variable", summary: Fixtures.emptySummary,
            keys: [.key(.enter)] + typing("ops@gmail.com") + [.key(.enter), .key(.enter), .key(.enter), .key(.down), .key(.tab), .key(.ctrlU)]
                + typing("MAIL_PASSWORD") + [.key(.enter)],
            answers: ["1", "ops@gmail.com", "", "", "", "2", "MAIL_PASSWORD"]),
        Case(
            name: "configured file moved to a local relay, no secret", summary: Fixtures.configuredSummary,
            keys: [.key(.enter), .key(.enter), .key(.enter)] + Array(repeating: .key(.down), count: 3)
                + [.key(.tab), .key(.ctrlU)] + typing("2525") + [.key(.enter), .key(.up), .key(.enter)],
            answers: ["1", "", "", "", "5", "2525", "1"]),
        Case(
            name: "opportunistic STARTTLS URL typed, inline secret", summary: Fixtures.emptySummary,
            keys: [.key(.enter)] + typing("apikey") + [.key(.enter)] + typing("smtp://[2001:db8::25]?tls=opportunistic")
                + [.key(.enter), .key(.enter), .key(.down), .key(.down), .key(.down), .key(.tab)] + typing(secretMarker) + [.key(.enter)],
            answers: ["1", "apikey", "", "smtp://[2001:db8::25]?tls=opportunistic", "", "", "4", secretMarker]),
        Case(
            name: "relay service chosen from the list", summary: Fixtures.emptySummary,
            keys: [.key(.enter)] + typing("apikey") + [.key(.enter), .key(.tab), .key(.right), .key(.enter), .key(.enter), .key(.down), .key(.enter)],
            answers: ["1", "apikey", "2", "", "", "2", ""]),
    ]

    /// The probe request and the change the curses view's keys lead to.
    private func curses(_ test: Case) -> (WizardProbeRequest?, WizardChange?) {
        var state = WizardState(summary: test.summary, columns: 80, rows: 24)
        var request: WizardProbeRequest?
        for effect in send(&state, test.keys) {
            if case .runProbe(let probe, _) = effect { request = probe }
        }
        var change: WizardChange?
        for effect in send(&state, [.probeFinished(run: state.probe.run, Fixtures.okOutcome), .key(.enter)]) {
            if case .computePlan(let planned) = effect { change = planned }
        }
        return (request, change)
    }

    func testBothViewsProbeAndPlanTheSameForTheSameAnswers() async {
        for test in Self.cases {
            let (request, change) = curses(test)
            XCTAssertNotNil(change, test.name)
            let services = RecordingServices()
            let console = ScriptedConsole(test.answers + ["1", "3"])
            var prompts = PlainWizard(summary: test.summary, services: services, console: console)
            let status = await prompts.run()
            XCTAssertEqual(status, 130, "cancelled on the review: \(console.transcript)")
            XCTAssertEqual(services.probes, request.map { [$0] }, "\(test.name):\n\(console.transcript)")
            XCTAssertEqual(services.plans, change.map { [$0] }, "\(test.name):\n\(console.transcript)")
        }
    }

    func testTheChosenSettingsAreTheOnesWritten() {
        let (request, change) = curses(Self.cases[0])
        let expected = SMTPSettings(
            user: "admin@example.org", endpoint: "smtp://relay.example.org:2587?tls=required", secret: .variable("SMTP_SECRET"))
        XCTAssertEqual(request?.settings, expected)
        XCTAssertEqual(change, .smtp(expected, secret: .dotenv(name: "SMTP_SECRET", value: secretMarker), layout: nil))
        let (_, provider) = curses(Self.cases[1])
        XCTAssertEqual(provider, .smtp(
            SMTPSettings(user: "ops@gmail.com", endpoint: "smtp.gmail.com", secret: .variable("MAIL_PASSWORD")),
            secret: .variable("MAIL_PASSWORD"), layout: nil))
        let (_, sendGrid) = curses(Self.cases[4])
        XCTAssertEqual(sendGrid, .smtp(
            SMTPSettings(user: "apikey", endpoint: "smtp.sendgrid.net", secret: .variable("SMTP_SECRET")),
            secret: .variable("SMTP_SECRET"), layout: nil))
        let (_, relay) = curses(Self.cases[2])
        XCTAssertEqual(relay, .smtp(
            SMTPSettings(user: "admin@example.org", endpoint: "smtp://smtp.example.org:2525", starttls: false),
            secret: .remove, layout: .current))
    }

    func testBothViewsAskAnUnknownLayoutAndWriteTheAnswer() async {
        var state = WizardState(summary: Fixtures.emptySummary, columns: 80, rows: 24)
        let effects = send(&state, [.key(.down), .key(.enter), .key(.down), .key(.down), .key(.enter)])
        XCTAssertEqual(effects, [.computePlan(.skipVerification(layout: .current))])
        let screen = render(state).lines.joined(separator: "\n")
        XCTAssertFalse(screen.contains(LayoutQuestion.title), "the question is answered:\n\(screen)")

        let services = RecordingServices()
        let console = ScriptedConsole(["2", "", "2", "3"])
        var prompts = PlainWizard(summary: Fixtures.emptySummary, services: services, console: console)
        let status = await prompts.run()
        XCTAssertEqual(status, 130, console.transcript)
        XCTAssertEqual(services.plans, [.skipVerification(layout: .current)], console.transcript)
        XCTAssertTrue(console.transcript.contains("""
            Which BOMnipotent Server version reads this config?
            Neither the file nor the deployment shows it, and the versions read the skip flag in different places.
              1) Server before 0.7 (legacy layout): skip_user_verification = true at the top of the file, as on the server's SMTP settings page
              2) Server 0.7 or later (current layout): [user] skip_verification = true, as servers since July 2025 read it
            Choice (nothing is preselected): 
            ✗ Answer 1 or 2: nothing is preselected.
            Choice (nothing is preselected): 2
            """), console.transcript)
    }

    func testBothViewsLeaveTheRepairsOutWhenTheAdministratorDeclines() async {
        var summary = Fixtures.configuredSummary
        summary.repairs = [Repair(kind: .FOLD_UNKNOWN_KEY, summary: "remove port = 587 from [smtp] (implied by starttls = true)")]
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        var effects = send(&state, [.key(.down), .key(.enter)])
        effects += send(&state, [.planComputed(PlanPreview(diff: "+skip", notes: [], repairs: ["r"])), .key(.right), .key(.enter)])
        XCTAssertEqual(effects, [
            .computePlan(.skipVerification(layout: .current, repair: true)),
            .computePlan(.skipVerification(layout: .current, repair: false)),
        ])

        let services = RecordingServices()
        let console = ScriptedConsole(["2", "", "2", "4"])
        var prompts = PlainWizard(summary: summary, services: services, console: console)
        let status = await prompts.run()
        XCTAssertEqual(status, 130, console.transcript)
        XCTAssertEqual(services.plans, [
            .skipVerification(layout: .current, repair: true), .skipVerification(layout: .current, repair: false),
        ], console.transcript)
        XCTAssertTrue(console.transcript.contains("""
            Repairs offered in the reviewed diff (the review can leave them out):
              - remove port = 587 from [smtp] (implied by starttls = true)
            """), console.transcript)
        XCTAssertTrue(console.transcript.contains("Write these changes?\n  1) Write\n  2) Without repairs\n  3) Back\n  4) Cancel\n"),
            console.transcript)
    }
}
