import Foundation
import XCTest

@testable import SMTPProbe

final class DiscoveryTests: XCTestCase {
    func testAttemptsRunConcurrentlyAndSMTPSIsRecommended() async throws {
        let smtps = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("good"))
        let silentSubmission = try ServerProcess.fault(self, "silent")
        let silentPlain = try ServerProcess.fault(self, "silent")
        let start = Date()
        let report = await Discovery.run(
            host: "localhost", user: probeUser, secret: probeSecret, caFilePath: try TestCertificates.path("ca.pem"),
            timeout: 1.5,
            ports: DiscoveryPorts(smtps: smtps.port, starttls: silentSubmission.port, plain: silentPlain.port))
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(report.attempts.map(\.diagnosis.code), [.OK, .GREETING_TIMEOUT, .GREETING_TIMEOUT])
        XCTAssertEqual(report.recommended, DiscoveryRecommendation(endpoint: "localhost", starttls: false))
        XCTAssertGreaterThanOrEqual(elapsed, 1.5)
        XCTAssertLessThan(elapsed, 2.5, "two silent attempts of 1.5 s each must overlap")
        XCTAssertFalse(report.jsonText().contains(probeSecret))
        XCTAssertFalse(report.humanText().contains(probeSecret))
        XCTAssertTrue(report.humanText().hasSuffix("Recommended: endpoint = \"localhost\""))
    }

    func testBothWorkingRecommendsSMTPSAndWarnsAboutSTARTTLS() async throws {
        let smtps = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("good"))
        let submission = try ServerProcess.smtp(self, ["--mode", "starttls"] + TestCertificates.serverArguments("good"))
        let report = await Discovery.run(
            host: "localhost", user: probeUser, secret: probeSecret, caFilePath: try TestCertificates.path("ca.pem"),
            timeout: 3, ports: DiscoveryPorts(smtps: smtps.port, starttls: submission.port, plain: 1))
        XCTAssertEqual(report.attempts.map(\.diagnosis.code), [.OK, .OK, .CONNECT_REFUSED])
        XCTAssertEqual(report.attempts.map(\.plan.security), [.smtps, .starttls, .none])
        XCTAssertEqual(report.attempts[1].warnings.map(\.code), [.STARTTLS_NOT_RECOMMENDED])
        XCTAssertEqual(report.recommended, DiscoveryRecommendation(endpoint: "localhost", starttls: false))
        XCTAssertTrue(report.humanText().hasSuffix("""
            Summary:
              SMTPS on \(smtps.port)      OK
              STARTTLS on \(submission.port)   OK up to EHLO, AUTH not tried (warning: STARTTLS_NOT_RECOMMENDED)
              plain SMTP on 1     CONNECT_REFUSED

            Recommended: endpoint = "localhost"
            """), report.humanText())
    }

    func testOnlySTARTTLSWorkingRecommendsIt() async throws {
        let submission = try ServerProcess.smtp(self, ["--mode", "starttls"] + TestCertificates.serverArguments("good"))
        let report = await Discovery.run(
            host: "localhost", user: probeUser, secret: nil, caFilePath: try TestCertificates.path("ca.pem"),
            timeout: 3, ports: DiscoveryPorts(smtps: 1, starttls: submission.port, plain: 1))
        XCTAssertEqual(report.attempts.map(\.diagnosis.code), [.CONNECT_REFUSED, .OK, .CONNECT_REFUSED])
        XCTAssertEqual(report.recommended, DiscoveryRecommendation(endpoint: "localhost", starttls: true))
        XCTAssertTrue(report.jsonText().hasSuffix("\"recommended\": {\"endpoint\": \"localhost\", \"starttls\": true}, \"hint\": null}"))
    }

    func testPlainRelayIsRecommendedOnlyWithoutASecret() async throws {
        let relay = try ServerProcess.smtp(self, ["--mode", "plain"])
        let ports = DiscoveryPorts(smtps: 1, starttls: 1, plain: relay.port)
        let withoutSecret = await Discovery.run(
            host: "127.0.0.1", user: probeUser, secret: nil, caFilePath: nil, timeout: 3, ports: ports)
        XCTAssertEqual(withoutSecret.recommended, DiscoveryRecommendation(endpoint: "smtp://127.0.0.1:\(relay.port)", starttls: false))
        let withSecret = await Discovery.run(
            host: "127.0.0.1", user: probeUser, secret: probeSecret, caFilePath: nil, timeout: 3, ports: ports)
        XCTAssertEqual(withSecret.attempts.map(\.diagnosis.code), [.CONNECT_REFUSED, .CONNECT_REFUSED, .OK])
        XCTAssertEqual(withSecret.attempts[2].stage(.auth).status, .skipped)
        XCTAssertEqual(withSecret.attempts[2].stage(.auth).detail, "not tried: the secret is never sent over plain text")
        XCTAssertEqual(withoutSecret.attempts[2].stage(.auth).detail, "no secret configured")
        XCTAssertNil(withSecret.recommended)
        XCTAssertTrue(withSecret.humanText().hasSuffix(
            "Recommended: nothing — only plain SMTP answered, and it was not tried with the secret (that would expose it)."))
    }

    func testPlainRelayDemandingAuthIsNotToldToSetTheSecretThatWasGiven() async throws {
        let relay = try ServerProcess.smtp(self, ["--mode", "plain", "--require-auth"])
        let report = await Discovery.run(
            host: "127.0.0.1", user: probeUser, secret: probeSecret, caFilePath: nil, timeout: 3,
            ports: DiscoveryPorts(smtps: 1, starttls: 1, plain: relay.port))
        XCTAssertEqual(report.attempts[2].diagnosis.code, .AUTH_REQUIRED)
        XCTAssertEqual(
            report.attempts[2].diagnosis.hint,
            "The secret was not sent over plain text: log in over SMTPS or STARTTLS (the other attempts).")
    }

    func testWhenTheMailPortsTimeOutSTARTTLSOn2525IsTriedAndItsHintNamesPortBlocking() async throws {
        let filtered = try ServerProcess.fault(self, "full")
        let alsoFiltered = try ServerProcess.fault(self, "full")
        let relay = try ServerProcess.smtp(self, ["--mode", "starttls"] + TestCertificates.serverArguments("good"))
        let report = await Discovery.run(
            host: "localhost", user: probeUser, secret: probeSecret, caFilePath: try TestCertificates.path("ca.pem"),
            timeout: 1,
            ports: DiscoveryPorts(smtps: filtered.port, starttls: alsoFiltered.port, plain: 1, fallback: relay.port))
        XCTAssertEqual(
            report.attempts.map(\.diagnosis.code), [.CONNECT_TIMEOUT, .CONNECT_TIMEOUT, .CONNECT_REFUSED, .OK], report.humanText())
        XCTAssertEqual(report.attempts[3].endpoint, "smtp://localhost:\(relay.port)?tls=required")
        XCTAssertEqual(report.attempts[3].authUsed, "PLAIN")
        XCTAssertEqual(
            report.recommended, DiscoveryRecommendation(endpoint: "smtp://localhost:\(relay.port)?tls=required", starttls: false))
        XCTAssertEqual(
            report.hint,
            "Ports \(filtered.port) and \(alsoFiltered.port) do not answer at all: the network (often the hosting provider) blocks outgoing mail ports. STARTTLS on port \(relay.port), which relay services offer for this case, works.")
        XCTAssertTrue(report.jsonText().hasSuffix(
            "\"recommended\": {\"endpoint\": \"smtp://localhost:\(relay.port)?tls=required\", \"starttls\": false}, \"hint\": \"\(report.hint ?? "")\"}"))
    }

    func testAWrongSecretIsTriedOnOneCandidateOnly() async throws {
        let smtps = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("good"))
        let submission = try ServerProcess.smtp(self, ["--mode", "starttls"] + TestCertificates.serverArguments("good"))
        let report = await Discovery.run(
            host: "localhost", user: probeUser, secret: probeSecret + "-wrong", caFilePath: try TestCertificates.path("ca.pem"),
            timeout: 3, ports: DiscoveryPorts(smtps: smtps.port, starttls: submission.port, plain: 1))
        XCTAssertEqual(report.attempts.map(\.diagnosis.code), [.AUTH_FAILED, .OK, .CONNECT_REFUSED])
        XCTAssertEqual(report.attempts[1].stage(.auth).status, .skipped)
        XCTAssertEqual(report.attempts[1].stage(.quit).status, .ok)
        XCTAssertNil(report.recommended, "STARTTLS was not shown to accept the login")
    }

    func testNothingWorking() async throws {
        let report = await Discovery.run(
            host: "127.0.0.1", user: probeUser, secret: nil, caFilePath: nil, timeout: 1,
            ports: DiscoveryPorts(smtps: 1, starttls: 1, plain: 1))
        XCTAssertNil(report.recommended)
        XCTAssertTrue(report.jsonText().hasSuffix("\"recommended\": null, \"hint\": null}"))
    }
}
