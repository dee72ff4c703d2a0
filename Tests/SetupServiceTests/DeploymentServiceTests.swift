import ConfigWriter
import Foundation
import SMTPProbe
import SMTPSettings
import SetupService
import XCTest

/// The service's view of where the server runs (SPEC §1, §11): the deployment detected once at load, the layout
/// and where it came from, where new variables go, and what a plan or probe says about the compose container.
final class DeploymentServiceTests: XCTestCase {
    /// `root/compose.yaml` beside `root/bomnipotent_config/config.toml`.
    private func composeProject(compose: String, config: String) throws -> (root: String, config: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("svc-dep-\(UUID().uuidString)")
            .resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: root + "/bomnipotent_config", withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        XCTAssertTrue(FileManager.default.createFile(atPath: root + "/compose.yaml", contents: Data(compose.utf8)))
        XCTAssertTrue(FileManager.default.createFile(atPath: root + "/bomnipotent_config/config.toml", contents: Data(config.utf8)))
        return (root, root + "/bomnipotent_config/config.toml")
    }

    private func serverCompose(image: String = "wwhsoft/bomnipotent_server:latest", passing: [String] = ["SMTP_SECRET"]) -> String {
        """
        services:
          server:
            image: \(image)
            environment:
              RUST_LOG: info
        \(passing.map { "      \($0): ${\($0)}\n" }.joined())\
            volumes:
              - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro

        """
    }

    private let settings = SMTPSettings(user: "me@example.org", endpoint: "smtp.example.org", secret: .variable("SMTP_SECRET"), starttls: nil)

    func testUnknownLayoutRefusesTheSkipFlagButNotSMTP() throws {
        let fixture = try ServiceFixture(self, config: "domain = \"d\"\n")
        let service = try fixture.service()
        XCTAssertFalse(service.layoutIsKnown)
        XCTAssertNil(service.serverLayout)
        XCTAssertEqual(service.deployment, .standalone)
        XCTAssertEqual(service.defaultEnvFilePath, fixture.directory + "/.env")
        XCTAssertTrue(service.layoutReason.hasPrefix("unknown: "), service.layoutReason)
        XCTAssertThrowsError(try service.skipVerificationPlan()) { error in
            XCTAssertEqual(error as? SetupError, .layoutUnknown)
            XCTAssertEqual((error as? SetupError)?.exitStatus, .usage)
            XCTAssertTrue("\(error)".contains("--schema legacy (server before 0.7"), "\(error)")
            XCTAssertTrue("\(error)".contains("--schema current (server 0.7 and later"), "\(error)")
        }
        XCTAssertThrowsError(try service.changePlan(.skipVerification)) { XCTAssertEqual($0 as? SetupError, .layoutUnknown) }
        XCTAssertEqual(
            String(decoding: try service.skipVerificationPlan(layout: .current).configAfter, as: UTF8.self),
            "domain = \"d\"\n\n[user]\nskip_verification = true\n")
        XCTAssertEqual(
            String(decoding: try service.changePlan(for: settings).configAfter, as: UTF8.self),
            "domain = \"d\"\n\n[smtp]\nuser = \"me@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n")
        let chosen = try SetupService.load(SetupOptions(configPath: fixture.configPath, schema: .legacy, environment: [:]))
        XCTAssertTrue(chosen.layoutIsKnown)
        XCTAssertEqual(chosen.layoutReason, "chosen with --schema legacy")
    }

    func testComposeDeploymentIsDetectedOnceAtLoad() throws {
        let project = try composeProject(compose: serverCompose(image: "wwhsoft/bomnipotent_server:0.6.3"), config: "")
        let service = try SetupService.load(SetupOptions(configPath: project.config, environment: [:]))
        XCTAssertEqual(service.deployment.compose?.service.name, "server")
        XCTAssertEqual(service.serverLayout, .legacy)
        XCTAssertTrue(service.layoutIsKnown)
        XCTAssertEqual(service.state.layoutBasis, .imageTag)
        XCTAssertEqual(service.layoutReason, "the compose service runs wwhsoft/bomnipotent_server:0.6.3, a server before 0.7")
        XCTAssertEqual(service.defaultEnvFilePath, project.root + "/.env")
        XCTAssertEqual(String(decoding: try service.skipVerificationPlan().configAfter, as: UTF8.self), "skip_user_verification = true\n")

        let ignored = try SetupService.load(SetupOptions(configPath: project.config, compose: .ignore, environment: [:]))
        XCTAssertEqual(ignored.deployment, .standalone)
        XCTAssertFalse(ignored.layoutIsKnown)
        XCTAssertEqual(ignored.defaultEnvFilePath, project.root + "/bomnipotent_config/.env")
        let given = try SetupService.load(SetupOptions(
            configPath: project.config, envFilePath: project.root + "/other.env", compose: .file(project.root + "/compose.yaml"),
            environment: [:]))
        XCTAssertEqual(given.defaultEnvFilePath, project.root + "/other.env", "--env-file wins")
    }

    func testComposeFileThatDoesNotParseFailsTheLoad() throws {
        let project = try composeProject(compose: "services:\n  server: [\n", config: "")
        XCTAssertThrowsError(try SetupService.load(SetupOptions(configPath: project.config, environment: [:]))) { error in
            guard case .files(.composeSyntax(let path, _))? = error as? SetupError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, project.root + "/compose.yaml")
            XCTAssertEqual((error as? SetupError)?.exitStatus, .dataError)
        }
    }

    /// A new variable goes to the project `.env`; the plan checks that compose passes it into the container.
    func testPlanWritesTheProjectDotenvAndChecksTheVariableIsPassed() throws {
        let passing = try composeProject(compose: serverCompose(), config: "")
        let service = try SetupService.load(SetupOptions(configPath: passing.config, environment: [:]))
        let write = SecretWrite.dotenv(name: "SMTP_SECRET", value: secretMarker)
        let plan = try service.changePlan(for: settings, secret: write)
        XCTAssertEqual(plan.envFilePath, passing.root + "/.env")
        XCTAssertEqual(plan.warnings, [])
        XCTAssertEqual(service.resolveSecret(for: settings, secret: write), .resolved(variable: "SMTP_SECRET", value: secretMarker, from: .environment))

        let notPassing = try composeProject(compose: serverCompose(passing: []), config: "")
        let blind = try SetupService.load(SetupOptions(configPath: notPassing.config, environment: ["SMTP_SECRET": secretMarker]))
        let warned = try blind.changePlan(for: settings, secret: write)
        XCTAssertEqual(warned.warnings.map(\.code), [.SECRET_NOT_PASSED])
        XCTAssertTrue(warned.warnings.allSatisfy { !$0.message.contains(secretMarker) })
        XCTAssertEqual(blind.resolveSecret(for: settings, secret: write), .unresolved(variable: "SMTP_SECRET"))
        guard case .early(let report) = blind.probeRequest(for: settings, secret: write) else { return XCTFail("would connect") }
        XCTAssertEqual(report.diagnosis.code, .SECRET_UNRESOLVED)
        XCTAssertEqual(report.diagnosis.hint?.contains("add `SMTP_SECRET: ${SMTP_SECRET}` to \(notPassing.root)/compose.yaml"), true)
    }

    func testProbeReportSeenFromTheDeployment() throws {
        let project = try composeProject(compose: serverCompose() + "  smtp_relay:\n    image: relay\n", config: "")
        let service = try SetupService.load(SetupOptions(configPath: project.config, environment: [:]))
        let plan = ConnectionPlan(host: "smtp_relay", port: 2500, security: .none, isURL: true)
        var report = ProbeReport(endpoint: "smtp://smtp_relay:2500", plan: plan, diagnosis: Diagnosis(
            code: .DNS_FAILED, message: "The host name smtp_relay does not resolve (no such host).", hint: "Check the spelling."))
        report = service.fromDeployment(report)
        XCTAssertEqual(report.diagnosis.code, .DNS_FAILED)
        XCTAssertTrue(report.diagnosis.message.hasPrefix("smtp_relay resolves only inside the compose network of "), report.diagnosis.message)
        XCTAssertEqual(report.warnings.map(\.code), [.CONTAINER_NETWORK])
        let elsewhere = ProbeReport(
            endpoint: "smtp.example.org", plan: ConnectionPlan(host: "smtp.example.org", port: 465, security: .smtps, isURL: false),
            diagnosis: Diagnosis(code: .DNS_FAILED, message: "m", hint: "h"))
        XCTAssertEqual(service.fromDeployment(elsewhere).diagnosis, elsewhere.diagnosis)
        XCTAssertEqual(service.fromDeployment(elsewhere).warnings, [])
    }
}
