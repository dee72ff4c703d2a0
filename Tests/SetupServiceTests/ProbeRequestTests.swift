import ConfigWriter
import SMTPProbe
import SMTPSettings
import SetupService
import XCTest

final class ProbeRequestTests: XCTestCase {
    private func early(_ request: ProbeRequest, file: StaticString = #filePath, line: UInt = #line) throws -> Diagnosis {
        guard case .early(let report) = request else {
            XCTFail("the probe would connect", file: file, line: line)
            throw XCTSkip("no early report")
        }
        XCTAssertTrue(report.stages.allSatisfy { $0.status == .skipped }, file: file, line: line)
        return report.diagnosis
    }

    func testWhatTheServerRefusesToLoadIsConfigInvalidWithoutConnecting() throws {
        let cases: [(String, String)] = [
            ("port = 465\n", "[smtp] has the key \"port\", which the server rejects as unknown (it knows user, endpoint, secret, starttls)."),
            ("starttls = \"yes\"\n", "[smtp] starttls is not true or false; the server will refuse it."),
        ]
        for (line, message) in cases {
            let fixture = try ServiceFixture(self, config: "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\n" + line)
            let service = try fixture.service()
            let diagnosis = try early(service.probeRequest())
            XCTAssertEqual(diagnosis.code, .CONFIG_INVALID, line)
            XCTAssertEqual(diagnosis.message, message, line)
            XCTAssertEqual(diagnosis.hint, "Run `bomnipotent-smtp apply --config PATH --repair` (`--dry-run` shows the diff first) or the wizard to fix it, or correct config.toml by hand.")
            XCTAssertEqual(service.settingsReport(absolutePath: fixture.configPath).warnings.filter(\.code.serverRefusesFile).map(\.message), [message])
        }
    }

    func testUserOfTheWrongTypeIsNotAStringNotEmpty() throws {
        let fixture = try ServiceFixture(self, config: "[smtp]\nuser = 42\nendpoint = \"smtp.example.org\"\n")
        let diagnosis = try early(try fixture.service().probeRequest())
        XCTAssertEqual(diagnosis.code, .CONFIG_INVALID)
        XCTAssertEqual(diagnosis.message, "[smtp] user is not a string; the server will refuse it.")
    }

    func testSeveralRefusalsPointToShow() throws {
        let fixture = try ServiceFixture(self, config: "[smtp]\nuser = 42\nendpoint = \"smtp.example.org\"\nport = 465\ntls = true\n")
        XCTAssertEqual(
            try early(try fixture.service().probeRequest()).message,
            "[smtp] has the key \"port\", which the server rejects as unknown (it knows user, endpoint, secret, starttls). 2 more findings: see `bomnipotent-smtp show`.")
    }

    func testSecretProvenanceFromEnvironmentDotEnvAndInline() throws {
        let config = "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n"
        let fixture = try ServiceFixture(self, config: config, env: "SMTP_SECRET=\"from-dotenv\"\n")
        let fromDotEnv = try XCTUnwrap(try fixture.service().probeRequest().options)
        XCTAssertEqual(fromDotEnv.secret, "from-dotenv")
        XCTAssertEqual(fromDotEnv.secretProvenance, SecretProvenance(source: .env, variable: "SMTP_SECRET", resolvedFrom: .dotenv))
        let fromEnvironment = try XCTUnwrap(try fixture.service(environment: ["SMTP_SECRET": secretMarker]).probeRequest().options)
        XCTAssertEqual(fromEnvironment.secret, secretMarker)
        XCTAssertEqual(fromEnvironment.secretProvenance, SecretProvenance(source: .env, variable: "SMTP_SECRET", resolvedFrom: .environment))

        let service = try fixture.service()
        let settings = try XCTUnwrap(service.settings)
        let inline = try XCTUnwrap(service.probeRequest(for: settings, secret: .inline(secretMarker)).options)
        XCTAssertEqual(inline.secret, secretMarker)
        XCTAssertEqual(inline.secretProvenance, SecretProvenance(source: .inline))
        let typed = try XCTUnwrap(service.probeRequest(for: settings, secret: .dotenv(name: "NEW_SECRET", value: secretMarker)).options)
        XCTAssertEqual(typed.secretProvenance, SecretProvenance(source: .env, variable: "NEW_SECRET", resolvedFrom: .dotenv))
        let none = try XCTUnwrap(service.probeRequest(for: settings, secret: .remove).options)
        XCTAssertNil(none.secret)
        XCTAssertEqual(none.secretProvenance, .none)
    }

    func testUnresolvedSecretHasOneWording() throws {
        let fixture = try ServiceFixture(self, config: "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${MISSING}\"\n")
        let diagnosis = try early(try fixture.service().probeRequest())
        XCTAssertEqual(diagnosis.code, .SECRET_UNRESOLVED)
        XCTAssertEqual(diagnosis.message, "The secret refers to ${MISSING}, which is set neither in the environment nor in \(fixture.directory)/.env.")
        XCTAssertEqual(diagnosis.hint, "Export MISSING where the server runs, or add MISSING=… to \(fixture.directory)/.env.")
        let withoutFile = try SetupService.load(SetupOptions(configPath: nil, environment: [:]))
        XCTAssertEqual(withoutFile.discoverySecret(variable: "MISSING"), .failure(.unresolvedSecret(variable: "MISSING", envFilePath: nil)))
    }

    func testWhatIfOverridesChangeOnlyThePlan() throws {
        let fixture = try ServiceFixture(self, config: "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\n")
        let options = try XCTUnwrap(try fixture.service().probeRequest(
            overrides: ProbeOverrides(port: 2525, security: .starttls, relayCheckTo: "check@example.net")).options)
        XCTAssertEqual(options.plan, ConnectionPlan(host: "smtp.example.org", port: 2525, security: .starttls, isURL: false, whatIf: true))
        XCTAssertEqual(options.relayCheckTo, "check@example.net")
    }

    /// After exit 75 the wizard reloads and plans the same settings again: the other change is kept.
    func testReloadAndReplanKeepsTheOtherChange() throws {
        let fixture = try ServiceFixture(self, config: "[smtp]\nuser = \"old@example.org\"\nendpoint = \"smtp.example.org\"\n")
        let service = try fixture.service()
        var settings = try XCTUnwrap(service.settings)
        settings.user = "new@example.org"
        let plan = try service.changePlan(for: settings)
        try fixture.write("config.toml", "# edited meanwhile\n[smtp]\nuser = \"old@example.org\"\nendpoint = \"smtp.example.org\"\n")
        XCTAssertThrowsError(try plan.write(backup: false)) {
            XCTAssertEqual(($0 as? ConfigWriterError).map(SetupError.files)?.exitStatus, .changedOnDisk)
        }
        _ = try service.reloaded().changePlan(for: settings).write(backup: false)
        XCTAssertEqual(try fixture.read("config.toml"), "# edited meanwhile\n[smtp]\nuser = \"new@example.org\"\nendpoint = \"smtp.example.org\"\n")
    }
}
