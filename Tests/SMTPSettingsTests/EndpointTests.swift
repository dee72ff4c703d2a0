import SMTPSettings
import XCTest

final class EndpointTests: XCTestCase {
    private func plan(_ endpoint: String, starttls: Bool = false) throws -> ConnectionPlan {
        try ConnectionPlan(endpoint: endpoint, starttls: starttls)
    }

    func testRelayWithoutStarttlsIsSMTPSOn465() throws {
        XCTAssertEqual(try plan("smtp.example.org"), ConnectionPlan(host: "smtp.example.org", port: 465, security: .smtps, isURL: false))
    }

    func testRelayWithStarttlsIsStarttlsOn587() throws {
        XCTAssertEqual(
            try plan("smtp.example.org", starttls: true),
            ConnectionPlan(host: "smtp.example.org", port: 587, security: .starttls, isURL: false))
    }

    func testURLForms() throws {
        XCTAssertEqual(try plan("smtp://localhost"), ConnectionPlan(host: "localhost", port: 25, security: .none, isURL: true))
        XCTAssertEqual(try plan("smtp://relay:2500", starttls: true), ConnectionPlan(host: "relay", port: 2500, security: .none, isURL: true))
        XCTAssertEqual(try plan("smtp://relay?tls=required"), ConnectionPlan(host: "relay", port: 587, security: .starttls, isURL: true))
        XCTAssertEqual(
            try plan("smtp://relay:26?tls=opportunistic"),
            ConnectionPlan(host: "relay", port: 26, security: .starttlsOpportunistic, isURL: true))
        XCTAssertEqual(try plan("smtp://[::1]:2525"), ConnectionPlan(host: "::1", port: 2525, security: .none, isURL: true))
        XCTAssertEqual(try plan("smtps://mail.example.org"), ConnectionPlan(host: "mail.example.org", port: 465, security: .smtps, isURL: true))
    }

    func testRelayWithPortIsExplained() {
        XCTAssertThrowsError(try plan("smtp.example.org:587")) { error in
            XCTAssertEqual(error as? SettingsError, .endpointRelayWithPort("smtp.example.org:587", host: "smtp.example.org", port: "587"))
            XCTAssertTrue("\(error)".contains("smtp://smtp.example.org:587?tls=required"))
        }
    }

    func testRejectedEndpoints() {
        let bad = ["", "https://mail.example.org", "SMTP://x", "smtp://", "smtp://h:0", "smtp://h:70000", "smtp://h/path",
                   "smtp://u:p@h", "smtp://h?tls=maybe", "bad host", "-bad.example", "a..b", "host/x"]
        for endpoint in bad {
            XCTAssertThrowsError(try plan(endpoint), endpoint)
        }
    }

    /// A URL with credentials is refused without echoing them, also when a path or query follows.
    func testCredentialsInURLAreNeverQuoted() {
        for endpoint in ["smtp://user:hunter2@h.example.org/path", "smtp://user:hunter2@h.example.org:25?tls=maybe", "smtps://user:hunter2@h/"] {
            XCTAssertThrowsError(try plan(endpoint)) { error in
                XCTAssertEqual(error as? SettingsError, .endpointURLCredentials(endpoint), endpoint)
                XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
            }
        }
    }

    func testWhatIfOverride() throws {
        let base = try plan("smtp.example.org")
        XCTAssertFalse(base.overriding(port: 465, security: nil).whatIf)
        XCTAssertTrue(base.overriding(port: 587, security: .starttls).whatIf)
    }

    func testHostNames() {
        XCTAssertTrue(HostName.isValid("smtp.example.org"))
        XCTAssertTrue(HostName.isValid("192.0.2.10"))
        XCTAssertTrue(HostName.isValid("2001:db8::25"))
        XCTAssertTrue(HostName.isValid("::ffff:192.0.2.1"))
        XCTAssertFalse(HostName.isValid("256.1.1.1"))
        XCTAssertFalse(HostName.isValid("1:2:3:4:5:6:7:8:9"))
        XCTAssertTrue(HostName.isLoopback("127.0.0.2"))
        XCTAssertTrue(HostName.isLoopback("::1"))
        XCTAssertFalse(HostName.isLoopback("192.0.2.1"))
    }

    func testVariableReferences() {
        XCTAssertEqual(SecretSource(configValue: "${SMTP_SECRET}"), .variable("SMTP_SECRET"))
        XCTAssertEqual(SecretSource(configValue: "pre${X}"), .inline("pre${X}"))
        XCTAssertEqual(VariableReference.names(in: "a${A}b${B_1}${A}${1x}"), ["A", "B_1"])
        XCTAssertEqual(VariableReference.substitute(in: "x${A}y${MISSING}", lookup: { $0 == "A" ? "1" : nil }), "x1y${MISSING}")
    }
}
