import ConfigWriter
import Foundation
import SMTPProbe
import SMTPSettings
import SetupService
import XCTest

@testable import SetupTUI

/// The wizard's real services: probing the settings as the server would read them, through the same
/// `SetupService` as `probe`.
final class LiveWizardServicesTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    func testProbeSubstitutesVariablesInUserAndEndpointLikeTheServer() async throws {
        let server = try SMTPTestServer()
        let directory = try temporaryDirectory()
        let config = directory.appendingPathComponent("config.toml").path
        try "[smtp]\nuser = \"${SMTP_USER}\"\nendpoint = \"${SMTP_RELAY}\"\nsecret = \"${SMTP_SECRET}\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        try "SMTP_RELAY=smtp://127.0.0.1:\(server.port)\n".write(
            to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let (_, services) = try LiveWizardServices.load(SetupOptions(
            configPath: config, environment: ["SMTP_USER": SMTPTestServer.user, "SMTP_SECRET": secretMarker], timeout: 3))
        let outcome = await services.probe(
            WizardProbeRequest(
                settings: SMTPSettings(user: "${SMTP_USER}", endpoint: "${SMTP_RELAY}", secret: .variable("SMTP_SECRET")),
                secret: .variable("SMTP_SECRET"))
        ) { _ in }
        XCTAssertEqual(outcome.code, .OK, outcome.message)
        XCTAssertFalse(outcome.message.contains(secretMarker))
        XCTAssertFalse(outcome.details.joined(separator: "\n").contains(secretMarker))
    }

    /// Everything a probe request holds, the secret as whether and where it was found (never its value).
    private func fields(_ request: ProbeRequest) -> [String] {
        switch request {
        case .early(let report):
            return ["early", report.diagnosis.code.rawValue, report.diagnosis.message, report.diagnosis.hint ?? "-"]
        case .ready(let options):
            return [
                "ready", options.endpoint, "\(options.plan)", options.user, options.secret == secretMarker ? "marker" : "other",
                options.ehloName, options.caFilePath ?? "-", "\(options.timeout)", options.sendTestTo ?? "-", options.relayCheckTo,
                "\(options.secretProvenance)",
            ]
        }
    }

    func testTheWizardsProbeRequestIsTheCLIsForTheSameFile() throws {
        let directory = try temporaryDirectory()
        let config = directory.appendingPathComponent("config.toml").path
        try "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp://relay.example.org:2587?tls=required\"\nsecret = \"${SMTP_SECRET}\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        try "SMTP_SECRET=\(secretMarker)\n".write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let options = SetupOptions(configPath: config, environment: [:], caFilePath: "/etc/ssl/extra.pem", timeout: 4)
        let cli = fields(try SetupService.load(options).probeRequest())
        XCTAssertEqual(cli.first, "ready")
        XCTAssertEqual(cli[4], "marker")
        let (summary, services) = try LiveWizardServices.load(options)

        var testing = WizardState(summary: summary, columns: 80, rows: 24)
        let testEffects = update(&testing, .select(.startActions, StartAction.test.rawValue)) + update(&testing, .submit)
        guard case .runProbe(let testRequest, _)? = testEffects.first else { return XCTFail("no probe: \(testEffects)") }
        XCTAssertEqual(fields(services.probeRequest(testRequest)), cli, "Test the settings in the file")

        var configuring = WizardState(summary: summary, columns: 80, rows: 24)
        var effects: [WizardEffect] = []
        for _ in 0..<5 { effects += update(&configuring, .submit) }
        guard case .runProbe(let request, _)? = effects.last else { return XCTFail("no probe: \(effects)") }
        XCTAssertEqual(fields(services.probeRequest(request)), cli, "Configure SMTP, Enter on every step")
    }

    /// The compose layout of the server's documentation: compose.yaml beside the project `.env` and the config directory.
    private static let documentedCompose = """
        services:
          bomnipotent_server:
            image: wwhsoft/bomnipotent_server:latest
            environment:
              SMTP_SECRET: ${SMTP_SECRET}
            volumes:
              - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro

        """

    func testTheDoneScreenNamesTheComposeStepForTheDocumentedLayout() throws {
        let root = try temporaryDirectory().path
        try FileManager.default.createDirectory(atPath: root + "/bomnipotent_config", withIntermediateDirectories: true)
        try Self.documentedCompose.write(toFile: root + "/compose.yaml", atomically: true, encoding: .utf8)
        try "BOMNIPOTENT_DB_PW=x\n".write(toFile: root + "/.env", atomically: true, encoding: .utf8)
        let config = root + "/bomnipotent_config/config.toml"
        try "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let (summary, services) = try LiveWizardServices.load(SetupOptions(configPath: config, environment: [:]))
        XCTAssertEqual(summary.deployment.compose?.service.name, "bomnipotent_server")
        XCTAssertEqual(summary.envFilePath, root + "/.env", "new variables go to the compose project's .env")
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        XCTAssertTrue(
            render(state).lines.contains("  Deployment    compose.yaml, service bomnipotent_server, image tag latest"),
            render(state).lines.joined(separator: "\n"))

        let plan = try services.plan(.smtp(
            try XCTUnwrap(summary.smtp), secret: .dotenv(name: "SMTP_SECRET", value: secretMarker), layout: summary.layout))
        let written = try plan.write()
        XCTAssertEqual(written.envChanged, true)
        XCTAssertEqual(written.configChanged, false)
        _ = update(&state, .setText(.testRecipient, "admin@example.org"))
        _ = update(&state, .writeFinished(written))
        XCTAssertEqual(state.step, .done)
        XCTAssertEqual(state.nextStepLines, [
            "Compose passes the project .env into the container when it creates it: recreate it.",
            "  cd \(root) && docker compose up -d",
            "Then check delivery: bomnipotent_client test-email admin@example.org   (client 1.1.0 or later)",
        ])
        let screen = render(state).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("      cd \(root) && docker compose"), screen)
        XCTAssertFalse(screen.contains(secretMarker))
    }

    func testTheDoneScreenNamesTheBackupThatKeepsAnInlineSecret() throws {
        let directory = try temporaryDirectory().path
        let config = directory + "/config.toml"
        try "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"\(secretMarker)\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let (summary, services) = try LiveWizardServices.load(SetupOptions(configPath: config, environment: [:]))
        var settings = try XCTUnwrap(summary.smtp)
        settings.secret = .variable("SMTP_SECRET")
        let written = try services.plan(.smtp(settings, secret: .variable("SMTP_SECRET"), layout: summary.layout)).write()
        let backup = try XCTUnwrap(written.backupFiles.first { $0.hasPrefix(config + ".bak-") })
        XCTAssertTrue(written.warnings.contains(
            "config.toml held the secret inline until now: its backup \(backup) (mode 0600) keeps that value. Delete it once the new settings work."),
            "\(written.warnings)")
        var state = WizardState(summary: summary, columns: 120, rows: 30)
        _ = update(&state, .writeFinished(written))
        let screen = render(state).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("  ! config.toml held the secret inline until now: its backup\n  \(backup) (mode 0600)"), screen)
        XCTAssertFalse(screen.contains(secretMarker))
    }

    func testAComposeFileThatDoesNotParseIsAnInputErrorAsForTheOtherCommands() throws {
        let root = try temporaryDirectory().path
        try "services: [unclosed\n".write(toFile: root + "/compose.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LiveWizardServices.load(SetupOptions(configPath: root + "/config.toml", environment: [:]))) { error in
            let failure = error as? WizardServiceError
            XCTAssertEqual(failure?.exitCode, 65)
            XCTAssertTrue(failure?.message.contains(root + "/compose.yaml") == true, "\(String(describing: failure))")
        }
        let (summary, _) = try LiveWizardServices.load(SetupOptions(configPath: root + "/config.toml", compose: .ignore, environment: [:]))
        XCTAssertEqual(summary.deployment, .standalone, "--no-compose ignores it")
    }

    /// The Done screen's next step for what was written where, each from a real write on files written here.
    private func nextStep(
        compose: String?, change: (SMTPSettings) -> WizardChange
    ) throws -> (root: String, lines: [String]) {
        let root = try temporaryDirectory().path
        try FileManager.default.createDirectory(atPath: root + "/bomnipotent_config", withIntermediateDirectories: true)
        if let compose { try compose.write(toFile: root + "/compose.yaml", atomically: true, encoding: .utf8) }
        let config = root + "/bomnipotent_config/config.toml"
        try "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n\n[user]\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let (summary, services) = try LiveWizardServices.load(SetupOptions(configPath: config, environment: [:]))
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        let planned = change(try XCTUnwrap(summary.smtp))
        var skip = false
        switch planned {
        case .skipVerification:
            skip = true
            _ = update(&state, .select(.startActions, StartAction.skip.rawValue))
            _ = update(&state, .submit)
        case .smtp(_, .dotenv(let name, let value), _, _):
            _ = update(&state, .select(.secretChoice, SecretChoice.dotenv.rawValue))
            _ = update(&state, .setText(.secretName, name))
            _ = update(&state, .setText(.secretValue, value))
        case .smtp, .repairOnly: break
        }
        _ = update(&state, .setText(.testRecipient, "admin@example.org"))
        _ = update(&state, .writeFinished(try services.plan(planned).write()))
        XCTAssertEqual(state.step, .done)
        XCTAssertFalse(render(state).lines.joined(separator: "\n").contains(secretMarker))
        return (root, skip ? state.skipNextStepLines : state.nextStepLines)
    }

    func testTheDoneScreensNextStepFollowsWhatWasWrittenAndWhere() throws {
        let testMail = "Then check delivery: bomnipotent_client test-email admin@example.org   (client 1.1.0 or later)"
        let relay: (SMTPSettings) -> WizardChange = { settings in
            var moved = settings
            moved.endpoint = "relay.example.org"
            return .smtp(moved, secret: .keep, layout: nil)
        }
        let standaloneConfig = try nextStep(compose: nil, change: relay)
        XCTAssertEqual(standaloneConfig.lines, ["The server reloads a changed config.toml by itself; nothing to restart.", testMail])

        let standaloneSecret = try nextStep(compose: nil) { .smtp($0, secret: .dotenv(name: "SMTP_SECRET", value: secretMarker), layout: nil) }
        XCTAssertEqual(standaloneSecret.lines, [
            "The server reads the secret's variable only when it starts: restart it.", "  restart BOMnipotent Server", testMail,
        ])

        let documentedSecret = try nextStep(compose: Self.documentedCompose) {
            .smtp($0, secret: .dotenv(name: "SMTP_SECRET", value: secretMarker), layout: nil)
        }
        XCTAssertEqual(documentedSecret.lines, [
            "Compose passes the project .env into the container when it creates it: recreate it.",
            "  cd \(documentedSecret.root) && docker compose up -d", testMail,
        ])

        let documentedConfig = try nextStep(compose: Self.documentedCompose, change: relay)
        XCTAssertEqual(documentedConfig.lines, ["The server reloads a changed config.toml by itself; nothing to restart.", testMail])

        let singleFile = Self.documentedCompose.replacingOccurrences(
            of: "./bomnipotent_config:/etc/bomnipotent_server/configs:ro",
            with: "./bomnipotent_config/config.toml:/etc/bomnipotent_server/configs/config.toml:ro")
        let singleFileConfig = try nextStep(compose: singleFile, change: relay)
        XCTAssertEqual(singleFileConfig.lines, [
            "config.toml is bound as a single file, so the container still sees the old one: recreate it.",
            "  cd \(singleFileConfig.root) && docker compose up -d --force-recreate bomnipotent_server", testMail,
        ])
        let singleFileSkip = try nextStep(compose: singleFile, change: { _ in .skipVerification(layout: .current) })
        XCTAssertEqual(singleFileSkip.lines, [
            "config.toml is bound as a single file, so the container still sees the old one: recreate it.",
            "  cd \(singleFileSkip.root) && docker compose up -d --force-recreate bomnipotent_server",
        ])
        let standaloneSkip = try nextStep(compose: nil, change: { _ in .skipVerification(layout: .current) })
        XCTAssertEqual(standaloneSkip.lines, ["The server reloads config.toml by itself: it no longer verifies new users by mail."])
    }

    func testSettingsUnderSMTPConfigArePrefilledMovedInTheReviewedDiffAndListedOnDone() throws {
        let directory = try temporaryDirectory().path
        let config = directory + "/config.toml"
        try "domain = \"https://bom.example.org\"\n\n[smtp_config]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let (summary, services) = try LiveWizardServices.load(SetupOptions(configPath: config, environment: [:]))
        XCTAssertNil(summary.smtp)
        XCTAssertEqual(summary.repairedSMTP, SMTPSettings(user: "admin@example.org", endpoint: "smtp.example.org"))
        XCTAssertEqual(summary.problems.map(\.code), [.SMTP_CONFIG_TABLE])
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        let start = render(state).lines
        XCTAssertTrue(start.contains { $0.hasPrefix("  Problems      ✗ SMTP_CONFIG_TABLE: ") }, start.joined(separator: "\n"))
        XCTAssertTrue(start.contains("  Repairs       1 repair in the reviewed diff (Review can leave it out)"), start.joined(separator: "\n"))
        XCTAssertEqual(state.user.text, "admin@example.org")
        _ = send(&state, Array(repeating: WizardEvent.key(.enter), count: 5))
        let effects = send(&state, [.probeFinished(run: state.probe.run, Fixtures.okOutcome), .key(.enter)])
        guard case .computePlan(let change)? = effects.first else { return XCTFail("no plan: \(effects)") }
        let plan = try services.plan(change)
        XCTAssertEqual(plan.preview.repairs.count, 1, "\(plan.preview)")
        _ = send(&state, [.planComputed(plan.preview)])
        XCTAssertTrue(state.reviewNotes.contains("Repair: \(plan.preview.repairs[0])"), "\(state.reviewNotes)")
        _ = send(&state, [.writeFinished(try plan.write())])
        let done = render(state).lines
        XCTAssertTrue(done.contains("  Repaired:"), done.joined(separator: "\n"))
        XCTAssertTrue(done.contains("      \(plan.preview.repairs[0])"), done.joined(separator: "\n"))
        let written = try String(contentsOfFile: config, encoding: .utf8)
        XCTAssertFalse(written.contains("[smtp_config]"), written)
        XCTAssertTrue(written.contains("[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\n"), written)
    }

    func testARefusedFileCanBeRepairedFromTheTestOfItsSettings() async throws {
        let directory = try temporaryDirectory().path
        let config = directory + "/config.toml"
        let text = "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\nport = 465\n"
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let (summary, services) = try LiveWizardServices.load(SetupOptions(configPath: config, environment: [:], timeout: 2))
        var state = WizardState(summary: summary, columns: 80, rows: 24)
        let effects = send(&state, [.select(.startActions, StartAction.test.rawValue), .submit])
        guard case .runProbe(let request, let run)? = effects.first else { return XCTFail("no probe: \(effects)") }
        let outcome = await services.probe(request) { _ in }
        XCTAssertEqual(outcome.code, .CONFIG_INVALID, outcome.message)
        _ = send(&state, [.probeFinished(run: run, outcome)])
        XCTAssertEqual(state.buttons.first, .repair, "\(state.buttons)")
        XCTAssertEqual(send(&state, [.key(.enter)]), [.computePlan(.repairOnly)])
        let plan = try services.plan(.repairOnly)
        _ = send(&state, [.planComputed(plan.preview)])
        XCTAssertEqual(state.buttons, [.write, .back, .cancel], "the repairs are the whole change here")
        XCTAssertEqual(state.reviewNotes.first, "Repair: \(plan.preview.repairs.first ?? "-")")
        XCTAssertTrue(plan.preview.diff.contains("-port = 465"), plan.preview.diff)
        _ = send(&state, [.writeFinished(try plan.write())])
        XCTAssertEqual(try String(contentsOfFile: config, encoding: .utf8), "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\n")
        XCTAssertEqual(state.nextStepLines.first, "The server reloads a changed config.toml by itself; nothing to restart.")
        XCTAssertTrue(render(state).lines.contains("  Repaired:"))
    }

    func testASkipFlagInTheLayoutTheImageDoesNotReadIsNamedOnStart() throws {
        let root = try temporaryDirectory().path
        try FileManager.default.createDirectory(atPath: root + "/bomnipotent_config", withIntermediateDirectories: true)
        try Self.documentedCompose.write(toFile: root + "/compose.yaml", atomically: true, encoding: .utf8)
        let config = root + "/bomnipotent_config/config.toml"
        try "domain = \"https://bom.example.org\"\nskip_user_verification = false\n".write(toFile: config, atomically: true, encoding: .utf8)
        let (summary, _) = try LiveWizardServices.load(SetupOptions(configPath: config, environment: [:]))
        XCTAssertEqual(summary.layout, .legacy)
        XCTAssertEqual(summary.serverLayout, .current)
        XCTAssertEqual(summary.problems.map(\.code), [.SKIP_FLAG_LAYOUT_MISMATCH])
        XCTAssertEqual(summary.repairs.map(\.kind), [.MOVE_SKIP_FLAG])
        let state = WizardState(summary: summary, columns: 80, rows: 24)
        XCTAssertTrue(WizardLayout.layoutText(state).hasSuffix("; but the compose image's server reads current"), WizardLayout.layoutText(state))
        let screen = render(state).lines
        XCTAssertTrue(screen.contains { $0.hasPrefix("  Problems      ! SKIP_FLAG_LAYOUT_MISMATCH: ") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains("  Repairs       1 repair in the reviewed diff (Review can leave it out)"), screen.joined(separator: "\n"))
    }
}
