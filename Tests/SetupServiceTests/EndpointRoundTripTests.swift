import ConfigWriter
import SMTPProbe
import SMTPSettings
import SetupService
import XCTest

/// The settings model from file to socket: every endpoint form read, turned into a security choice and back,
/// planned and written comes back byte for byte, and the probe tests the plan the server would follow.
final class EndpointRoundTripTests: XCTestCase {
    static let endpointForms = [
        "smtp.example.org", "192.0.2.10", "2001:db8::25", "smtp://localhost", "smtp://localhost:2525",
        "smtp://192.0.2.10:25", "smtp://[::1]", "smtp://[2001:db8::25]:2587", "smtp://localhost?tls=required",
        "smtp://relay.example.org:2587?tls=required", "smtp://relay?tls=opportunistic", "smtp://[::1]:26?tls=opportunistic",
    ]
    static let starttlsLines = ["starttls = true\n", "starttls = false\n", ""]

    func testFileToChoiceToFileIsByteForByteForEveryEndpointForm() throws {
        for endpoint in Self.endpointForms {
            for starttlsLine in Self.starttlsLines {
                let text = """
                    # BOMnipotent config
                    [smtp]
                    user = "you@example.org"   # the login
                    endpoint = "\(endpoint)"
                    secret = "${SMTP_SECRET}"
                    \(starttlsLine)
                    [tls]
                    certificate_chain_path = "/etc/chain.pem"

                    """
                let label = "\(endpoint) \(starttlsLine)"
                let fixture = try ServiceFixture(self, config: text)
                let service = try fixture.service(environment: ["SMTP_SECRET": secretMarker])
                let fromFile = try XCTUnwrap(service.settings, label)
                let choice = try XCTUnwrap(fromFile.connectionChoice, label)
                let settings = try fromFile.choosing(choice, host: Endpoint(parsing: fromFile.endpoint).host)
                XCTAssertEqual(settings, fromFile, label)

                let request = service.probeRequest(for: settings)
                let options = try XCTUnwrap(request.options, label)
                XCTAssertEqual(options.plan, try fromFile.plan(), label)
                XCTAssertEqual(options.endpoint, endpoint, label)
                XCTAssertEqual(options.secretProvenance, SecretProvenance(source: .env, variable: "SMTP_SECRET", resolvedFrom: .environment), label)

                let plan = try service.changePlan(for: settings)
                XCTAssertFalse(plan.changesAnything, label)
                XCTAssertEqual(plan.diff(), "", label)
                _ = try plan.write(backup: false)
                XCTAssertEqual(try fixture.read("config.toml"), text, label)
            }
        }
    }

    /// A changed choice is written in the canonical form and tested with the plan it gives.
    func testAChangedChoiceIsWrittenAndProbedAlike() throws {
        let fixture = try ServiceFixture(self, config: "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp://localhost\"\n")
        let service = try fixture.service()
        let settings = try XCTUnwrap(service.settings).choosing(.relaySTARTTLS(port: 3587), host: "relay.example.org")
        XCTAssertEqual(service.probeRequest(for: settings).options?.plan, ConnectionPlan(host: "relay.example.org", port: 3587, security: .starttls, isURL: true))
        _ = try service.changePlan(for: settings).write(backup: false)
        XCTAssertEqual(try fixture.read("config.toml"), "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp://relay.example.org:3587?tls=required\"\n")
        XCTAssertEqual(try fixture.service().settings?.plan(), service.probeRequest(for: settings).options?.plan)
    }
}
