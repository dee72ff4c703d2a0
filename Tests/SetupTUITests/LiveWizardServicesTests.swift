import Foundation
import SMTPSettings
import XCTest

@testable import SetupTUI

/// The wizard's real services: probing the settings as the server would read them.
final class LiveWizardServicesTests: XCTestCase {
    func testProbeSubstitutesVariablesInUserAndEndpointLikeTheServer() async throws {
        let server = try SMTPTestServer()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.toml").path
        try "[smtp]\nuser = \"${SMTP_USER}\"\nendpoint = \"${SMTP_RELAY}\"\nsecret = \"${SMTP_SECRET}\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        try "SMTP_RELAY=smtp://127.0.0.1:\(server.port)\n".write(
            to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let (_, services) = try LiveWizardServices.load(
            configPath: config, envFilePath: nil, schema: "auto", caFilePath: nil, timeout: 3,
            environment: ["SMTP_USER": SMTPTestServer.user, "SMTP_SECRET": secretMarker])
        let outcome = await services.probe(
            ProbeRequest(
                settings: SMTPSettings(user: "${SMTP_USER}", endpoint: "${SMTP_RELAY}", secret: .variable("SMTP_SECRET")),
                secret: .variable("SMTP_SECRET"))
        ) { _ in }
        XCTAssertEqual(outcome.code, "OK", outcome.message)
        XCTAssertFalse(outcome.message.contains(secretMarker))
    }
}
