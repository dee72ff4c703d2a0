import Foundation
import SMTPSettings
import XCTest

@testable import SMTPProbe

/// The probe against a real Postfix 3.7 with Dovecot SASL (Tests/Servers/postfix.sh), configured like a stock
/// submission service, and Postfix's own log as the witness of what the probe sent.
final class PostfixProbeTests: XCTestCase {
    private var server: PostfixServer!

    override func setUpWithError() throws {
        server = try PostfixServer.require()
    }

    private func probe(
        _ service: PostfixServer.Service, security: TransportSecurity, isURL: Bool = false, secret: String? = nil,
        sendTestTo: String? = nil, secretProvenance: SecretProvenance = .none, file: StaticString = #filePath,
        line: UInt = #line
    ) async -> ProbeReport {
        let port = server.port(service)
        let plan = ConnectionPlan(host: "localhost", port: port, security: security, isURL: isURL)
        let report = await Prober.run(ProbeOptions(
            endpoint: isURL ? "smtp://localhost:\(port)" : "localhost", plan: plan, user: server.user, secret: secret,
            ehloName: "probe.test.localhost", caFilePath: server.caFile, timeout: 10, sendTestTo: sendTestTo,
            secretProvenance: secretProvenance))
        let base64 = Data(server.secret.utf8).base64EncodedString()
        for text in [report.jsonText(), report.humanText()] {
            XCTAssertFalse(text.contains(server.secret), "secret in output", file: file, line: line)
            XCTAssertFalse(text.contains(base64), "base64 secret in output", file: file, line: line)
        }
        return report
    }

    /// Asserts that Postfix saw exactly one session since `offset` and that it ended with QUIT, not a lost connection.
    private func assertEndedWithQUIT(
        since offset: Int, commands expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let log = server.sessionLog(since: offset, sessions: 1)
        let disconnects = log.filter { $0.contains(": disconnect from ") }
        XCTAssertEqual(disconnects.count, 1, log.joined(separator: "\n"), file: file, line: line)
        XCTAssertTrue(disconnects.first?.hasSuffix(expected) ?? false, disconnects.first ?? "", file: file, line: line)
        XCTAssertFalse(log.contains { $0.contains("lost connection") }, log.joined(separator: "\n"), file: file, line: line)
    }

    func testSTARTTLSWithTheRightPasswordEndsWithQUIT() async {
        let offset = server.logOffset()
        let report = await probe(
            .submission, security: .starttls, secret: server.secret,
            secretProvenance: SecretProvenance(source: .env, variable: "SMTP_SECRET", resolvedFrom: .dotenv))
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(statuses(report), "ok ok skipped ok ok ok ok ok ok ok skipped ok")
        XCTAssertEqual(report.authUsed, "PLAIN")
        XCTAssertEqual(report.stage(.rcpt).detail, "relay check: <postmaster@example.com> accepted; RSET, nothing sent")
        XCTAssertTrue(report.jsonText().contains(
            "\"secret\": {\"source\": \"env\", \"variable\": \"SMTP_SECRET\", \"resolved_from\": \"dotenv\"}"))
        XCTAssertTrue(report.humanText().contains("\nSecret:      ${SMTP_SECRET}, from .env\n"), report.humanText())
        assertEndedWithQUIT(
            since: offset, commands: "ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 rset=1 quit=1 commands=8")
    }

    func testSTARTTLSWithAWrongPasswordEndsWithQUIT() async {
        let offset = server.logOffset()
        let report = await probe(.submission, security: .starttls, secret: server.secret + "-wrong")
        XCTAssertEqual(report.diagnosis.code, .AUTH_FAILED, report.humanText())
        XCTAssertEqual(report.stage(.auth).reply?.code, 535)
        XCTAssertEqual(report.stage(.auth).reply?.enhancedStatus, "5.7.8")
        XCTAssertEqual(report.stage(.quit).status, .ok)
        XCTAssertEqual(report.stage(.quit).detail, "session closed after the failure")
        XCTAssertEqual(
            report.diagnosis.hint,
            "The user or the secret is wrong: check both (the login is usually the full address; for a relay service the secret is its SMTP key, not the account password).")
        assertEndedWithQUIT(since: offset, commands: "ehlo=2 starttls=1 auth=0/1 quit=1 commands=4/5")
    }

    func testSMTPSWithTheRightAndAWrongPassword() async {
        let good = await probe(.submissions, security: .smtps, secret: server.secret)
        XCTAssertEqual(good.diagnosis.code, .OK, good.humanText())
        XCTAssertEqual(statuses(good), "ok ok ok ok ok skipped skipped ok ok ok skipped ok")
        XCTAssertEqual(good.tls?.verified, true)
        XCTAssertEqual(good.tls?.subject, "CN=localhost")
        let offset = server.logOffset()
        let bad = await probe(.submissions, security: .smtps, secret: "wrong")
        XCTAssertEqual(bad.diagnosis.code, .AUTH_FAILED, bad.humanText())
        assertEndedWithQUIT(since: offset, commands: "ehlo=1 auth=0/1 quit=1 commands=2/3")
    }

    func testNoSecretIsAuthRequiredAtRcpt() async {
        let offset = server.logOffset()
        let report = await probe(.submission, security: .starttls)
        XCTAssertEqual(report.diagnosis.code, .AUTH_REQUIRED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .rcpt)
        XCTAssertEqual(report.stage(.mail).status, .ok)
        XCTAssertEqual(
            report.stage(.rcpt).reply,
            SMTPReply(code: 554, lines: ["5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied"]))
        XCTAssertTrue(report.jsonText().contains(
            "\"reply\": {\"code\": 554, \"enhanced\": \"5.7.1\", \"lines\": [\"<localhost[127.0.0.1]>: Client host rejected: Access denied\"]}"),
            report.jsonText())
        assertEndedWithQUIT(since: offset, commands: "ehlo=2 starttls=1 mail=1 rcpt=0/1 quit=1 commands=5/6")
    }

    func testNoSecretWithATestAddressIsAuthRequiredNotRecipientRejected() async {
        let report = await probe(.submission, security: .starttls, sendTestTo: "admin@probe.test")
        XCTAssertEqual(report.diagnosis.code, .AUTH_REQUIRED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .rcpt)
    }

    func testPlainURLOnTheSubmissionPortIsTLSRequired() async {
        let withoutSecret = await probe(.submission, security: .none, isURL: true)
        XCTAssertEqual(withoutSecret.diagnosis.code, .TLS_REQUIRED, withoutSecret.humanText())
        XCTAssertEqual(withoutSecret.diagnosis.stage, .mail)
        XCTAssertEqual(withoutSecret.stage(.mail).reply, SMTPReply(code: 530, lines: ["5.7.0 Must issue a STARTTLS command first"]))
        XCTAssertEqual(
            withoutSecret.diagnosis.hint,
            "Use endpoint = \"smtp://localhost:\(server.port(.submission))?tls=required\" (STARTTLS on this port).")
        let withSecret = await probe(.submission, security: .none, isURL: true, secret: server.secret)
        XCTAssertEqual(withSecret.diagnosis.code, .TLS_REQUIRED, withSecret.humanText())
        XCTAssertEqual(withSecret.diagnosis.stage, .auth)
        XCTAssertEqual(withSecret.stage(.auth).detail, "no AUTH advertised before STARTTLS")
    }

    func testLoginOnlyService() async {
        let report = await probe(.login, security: .starttls, secret: server.secret)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(report.authOffered, ["LOGIN"])
        XCTAssertEqual(report.authUsed, "LOGIN")
    }

    func testGreeting421() async {
        let report = await probe(.greeting421, security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .SERVER_REJECTED, report.humanText())
        XCTAssertEqual(report.stage(.greeting).reply?.code, 421)
        XCTAssertEqual(report.stage(.greeting).reply?.enhancedStatus, "4.7.0")
        XCTAssertEqual(
            report.stage(.greeting).reply?.messageLines,
            ["<localhost[127.0.0.1]>: Client host rejected: Service temporarily unavailable, try again later"])
    }

    func testTemporaryFailureAtMailGetsNoSettingsHint() async {
        let offset = server.logOffset()
        let report = await probe(.tempfail, security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .TEMPORARY_FAILURE, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .mail)
        XCTAssertEqual(
            report.stage(.mail).reply, SMTPReply(code: 450, lines: ["4.3.2 <alice@probe.test>: Sender address rejected: Try again later"]))
        XCTAssertNil(report.diagnosis.code.settingsField)
        XCTAssertEqual(
            report.diagnosis.hint,
            "Nothing to change in the settings: the refusal is temporary (greylisting, a rate limit, a busy server); probe again later.")
        assertEndedWithQUIT(since: offset, commands: "ehlo=1 mail=0/1 quit=1 commands=2/3")
    }

    func testMultiLineRejectFooter() async {
        let report = await probe(.footer, security: .starttls)
        XCTAssertEqual(report.diagnosis.code, .AUTH_REQUIRED, report.humanText())
        let reply = report.stage(.rcpt).reply
        XCTAssertEqual(reply?.enhancedStatus, "5.7.1")
        XCTAssertEqual(reply?.messageLines, [
            "<localhost[127.0.0.1]>: Client host rejected: Access denied", "For help, write to postmaster@probe.test.",
        ])
        XCTAssertTrue(report.jsonText().contains(
            "\"lines\": [\"<localhost[127.0.0.1]>: Client host rejected: Access denied\", \"For help, write to postmaster@probe.test.\"]"),
            report.jsonText())
        XCTAssertTrue(report.humanText().contains(
            "[554 5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied | For help, write to postmaster@probe.test.]"),
            report.humanText())
    }

    func testTestMessageArrivesInTheMailbox() async throws {
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: server.mailbox.path)) ?? [])
        let report = await probe(.submission, security: .starttls, secret: server.secret, sendTestTo: "admin@probe.test")
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(statuses(report), "ok ok skipped ok ok ok ok ok ok ok ok ok")
        XCTAssertTrue(report.stage(.data).reply?.messageLines.first?.hasPrefix("Ok: queued as ") ?? false)
        var delivered: [String] = []
        for _ in 0..<100 {
            let now = (try? FileManager.default.contentsOfDirectory(atPath: server.mailbox.path)) ?? []
            delivered = now.filter { !before.contains($0) }
            if !delivered.isEmpty { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        XCTAssertEqual(delivered.count, 1)
        let message = try String(contentsOf: server.mailbox.appendingPathComponent(try XCTUnwrap(delivered.first)), encoding: .utf8)
        XCTAssertTrue(message.contains("\nSubject: BOMnipotent SMTP test\n"), message)
        XCTAssertTrue(message.contains("\nDate: "), message)
        XCTAssertTrue(message.contains("\nMessage-ID: <"), message)
        XCTAssertTrue(message.contains("\nFrom: <alice@probe.test>\n"), message)
        XCTAssertFalse(message.contains(server.secret))
    }

    func testDiscoverLogsInExactlyOnce() async {
        for secret in [server.secret, server.secret + "-wrong"] {
            let offset = server.logOffset()
            let report = await Discovery.run(
                host: "localhost", user: server.user, secret: secret, caFilePath: server.caFile, timeout: 10,
                ports: DiscoveryPorts(
                    smtps: server.port(.submissions), starttls: server.port(.submission), plain: server.port(.tempfail)))
            let disconnects = server.disconnects(since: offset, sessions: 3)
            XCTAssertEqual(disconnects.count, 3, disconnects.joined(separator: "\n"))
            XCTAssertEqual(disconnects.filter { $0.contains(" auth=") }.count, 1, disconnects.joined(separator: "\n"))
            XCTAssertEqual(disconnects.filter { $0.contains(" quit=1 ") }.count, 3, disconnects.joined(separator: "\n"))
            XCTAssertFalse(report.jsonText().contains(server.secret))
            XCTAssertFalse(report.humanText().contains(server.secret))
            XCTAssertEqual(report.attempts[1].stage(.auth).detail, "not tried: --discover logs in on one candidate only")
            if secret == server.secret {
                XCTAssertEqual(report.attempts.map(\.diagnosis.code), [.OK, .OK, .TEMPORARY_FAILURE], report.humanText())
                XCTAssertEqual(report.recommended, DiscoveryRecommendation(endpoint: "localhost", starttls: false))
            } else {
                XCTAssertEqual(report.attempts.map(\.diagnosis.code), [.AUTH_FAILED, .OK, .TEMPORARY_FAILURE], report.humanText())
                XCTAssertNil(report.recommended)
            }
        }
    }
}
