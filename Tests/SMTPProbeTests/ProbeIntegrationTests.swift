import Foundation
import SMTPSettings
import XCTest

@testable import SMTPProbe

/// Each diagnosis code that can be produced locally, against aiosmtpd and the fault server.
final class ProbeIntegrationTests: XCTestCase {
    private let tls13Ciphers: Set = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]

    func testOKOverSMTPSWithAuthPlain() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("good"))
        let report = try await probe(port: server.port, security: .smtps, secret: probeSecret)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(statuses(report), "ok ok ok ok ok skipped skipped ok ok ok skipped ok")
        XCTAssertEqual(report.authUsed, "PLAIN")
        XCTAssertEqual(report.authOffered, ["LOGIN", "PLAIN"])
        XCTAssertEqual(report.tls?.version, "TLSv1.3")
        XCTAssertTrue(tls13Ciphers.contains(report.tls?.cipher ?? ""), "\(report.tls?.cipher ?? "no cipher")")
        XCTAssertTrue(report.humanText().contains("TLS:         TLSv1.3, TLS_"), report.humanText())
        XCTAssertEqual(report.tls?.verified, true)
        XCTAssertEqual(report.tls?.trustedViaCAFile, true)
        XCTAssertEqual(report.tls?.subject, "CN=localhost")
        XCTAssertEqual(report.tls?.issuer, "CN=BOMnipotent Test CA")
        XCTAssertEqual(report.tls?.subjectAlternativeNames, ["localhost", "127.0.0.1"])
        XCTAssertEqual(report.stage(.auth).reply, SMTPReply(code: 235, lines: ["2.7.0 Authentication successful"]))
        XCTAssertEqual(report.warnings, [])
        XCTAssertTrue(report.ok)
    }

    func testOKOverSTARTTLSWithLoginOnly() async throws {
        let server = try ServerProcess.smtp(
            self, ["--mode", "starttls", "--auth", "LOGIN"] + TestCertificates.serverArguments("good"))
        let report = try await probe(port: server.port, security: .starttls, secret: probeSecret)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(statuses(report), "ok ok skipped ok ok ok ok ok ok ok skipped ok")
        XCTAssertEqual(report.authUsed, "LOGIN")
        XCTAssertTrue(report.extensionsBeforeSTARTTLS.contains("STARTTLS"))
        XCTAssertFalse(report.extensions.contains("STARTTLS"))
        XCTAssertTrue(report.extensions.contains("AUTH LOGIN"))
        XCTAssertEqual(report.tls?.version, "TLSv1.3")
        XCTAssertTrue(tls13Ciphers.contains(report.tls?.cipher ?? ""), "\(report.tls?.cipher ?? "no cipher")")
    }

    func testOKOverPlainRelayWithoutSecret() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain"])
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(statuses(report), "ok ok skipped ok ok skipped skipped skipped ok ok skipped ok")
        XCTAssertNil(report.tls)
        XCTAssertEqual(report.stage(.mail).detail, "sender <user@example.org> accepted")
        XCTAssertEqual(report.stage(.rcpt).detail, "relay check: <postmaster@example.com> accepted; RSET, nothing sent")
        XCTAssertEqual(report.stage(.data).detail, "no test message (--send-test-to)")
        XCTAssertEqual(report.warnings, [])
    }

    func testAuthOverLoopbackPlainTextIsNotWarned() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain"])
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true, secret: probeSecret)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(report.warnings, [])
    }

    func testAuthFailed() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("good"))
        let report = try await probe(port: server.port, security: .smtps, secret: probeSecret + "-wrong")
        XCTAssertEqual(report.diagnosis.code, .AUTH_FAILED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .auth)
        XCTAssertEqual(report.stage(.auth).reply?.code, 535)
        XCTAssertEqual(report.diagnosis.code.settingsField, .secret)
        XCTAssertFalse(report.jsonText().contains(probeSecret))
    }

    func testAuthNotOffered() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain", "--auth", "none"])
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true, secret: probeSecret)
        XCTAssertEqual(report.diagnosis.code, .AUTH_NOT_OFFERED, report.humanText())
        XCTAssertEqual(report.stage(.auth).status, .failed)
    }

    func testAuthUnsupported() async throws {
        let server = try ServerProcess.smtp(
            self, ["--mode", "starttls", "--auth", "CRAM-MD5"] + TestCertificates.serverArguments("good"))
        let report = try await probe(port: server.port, security: .starttls, secret: probeSecret)
        XCTAssertEqual(report.diagnosis.code, .AUTH_UNSUPPORTED, report.humanText())
        XCTAssertEqual(report.authOffered, ["CRAM-MD5"])
    }

    func testAuthRequired() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain", "--require-auth"])
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .AUTH_REQUIRED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .mail)
        XCTAssertEqual(report.stage(.mail).reply?.code, 530)
    }

    func testAuthRequiredAfterASuccessfulLoginIsRelayDenied() async throws {
        let server = try ServerProcess.fault(self, "auth-then-530")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true, secret: probeSecret)
        XCTAssertEqual(report.stage(.auth).status, .ok, report.humanText())
        XCTAssertEqual(report.diagnosis.code, .RELAY_DENIED, report.humanText())
        XCTAssertEqual(report.stage(.mail).reply?.code, 530)
        XCTAssertEqual(report.stage(.quit).reply, SMTPReply(code: 221, lines: ["Bye"]), "QUIT after the failure")
    }

    func testRelayCheckAddressRefusedAsAnAddressIsOnlyAWarning() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain", "--reject-recipient", "^postmaster@example\\.com$"])
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(report.warnings.map(\.code), [.RELAY_CHECK_INCONCLUSIVE])
        XCTAssertEqual(
            report.stage(.rcpt).detail, "relay check: <postmaster@example.com> refused as an address: inconclusive; RSET, nothing sent")
    }

    func testSenderNotAddressWarning() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain", "--user", "apikey"])
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true, user: "apikey")
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(report.warnings.map(\.code), [.SENDER_NOT_ADDRESS])
    }

    func testStartTLSUnsupported() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain"])
        let report = try await probe(port: server.port, security: .starttls)
        XCTAssertEqual(report.diagnosis.code, .STARTTLS_UNSUPPORTED, report.humanText())
        XCTAssertEqual(report.diagnosis.hint, "Use SMTPS instead: remove starttls (port 465).")
    }

    func testOpportunisticSTARTTLSContinuesInPlainText() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain"])
        let report = try await probe(port: server.port, security: .starttlsOpportunistic, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(report.stage(.starttls).status, .skipped)
    }

    func testTLSExpected() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain"])
        let report = try await probe(port: server.port, security: .smtps)
        XCTAssertEqual(report.diagnosis.code, .TLS_EXPECTED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .tls)
        XCTAssertEqual(report.diagnosis.hint, "Set starttls = true (STARTTLS on port 587).")
        XCTAssertEqual(report.tls?.error, "the server sent a plain SMTP greeting instead of a TLS handshake")
        XCTAssertFalse(report.humanText().contains("OPENSSL"), report.humanText())
    }

    func testPlaintextExpected() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("good"))
        let start = Date()
        let report = try await probe(port: server.port, security: .starttls, timeout: 2)
        XCTAssertEqual(report.diagnosis.code, .PLAINTEXT_EXPECTED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .greeting)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3.0)
    }

    func testCertificateUntrusted() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("good"))
        let report = try await probe(port: server.port, security: .smtps, caFile: false)
        XCTAssertEqual(report.diagnosis.code, .CERT_UNTRUSTED, report.humanText())
        XCTAssertEqual(report.tls?.verified, false)
        XCTAssertEqual(report.tls?.subject, "CN=localhost")
        XCTAssertEqual(
            report.tls?.error, "the chain issued by CN=BOMnipotent Test CA does not lead to a trusted root certificate")
    }

    func testCertificateHostnameMismatch() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("wrongname"))
        let report = try await probe(port: server.port, security: .smtps)
        XCTAssertEqual(report.diagnosis.code, .CERT_HOSTNAME_MISMATCH, report.humanText())
        XCTAssertEqual(report.tls?.error, "the certificate names wrong.example, not localhost")
        XCTAssertEqual(report.diagnosis.hint, "Set endpoint to a name the certificate lists, e.g. \"wrong.example\".")
    }

    func testCertificateHostnameMismatchOfAURLEndpointKeepsTheURL() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "starttls"] + TestCertificates.serverArguments("wrongname"))
        let report = try await probe(port: server.port, security: .starttls, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .CERT_HOSTNAME_MISMATCH, report.humanText())
        XCTAssertEqual(
            report.diagnosis.hint, "In the endpoint URL, replace localhost with a name the certificate lists, e.g. \"wrong.example\".")
    }

    func testCertificateExpired() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "starttls"] + TestCertificates.serverArguments("expired"))
        let report = try await probe(port: server.port, security: .starttls)
        XCTAssertEqual(report.diagnosis.code, .CERT_EXPIRED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .starttls)
        XCTAssertTrue(report.tls?.error?.hasPrefix("the certificate CN=localhost expired on ") ?? false)
    }

    func testCertificateExpiringSoonIsAWarning() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "smtps"] + TestCertificates.serverArguments("soon"))
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .smtps)
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(report.warnings.map(\.code), [.CERT_EXPIRES_SOON])
    }

    func testConnectRefused() async throws {
        let report = try await probe(port: 1, host: "127.0.0.1", security: .smtps)
        XCTAssertEqual(report.diagnosis.code, .CONNECT_REFUSED, report.humanText())
        XCTAssertEqual(report.diagnosis.message, "127.0.0.1:1 refused the connection: nothing listens on that port.")
        XCTAssertEqual(statuses(report), "ok failed skipped skipped skipped skipped skipped skipped skipped skipped skipped skipped")
    }

    func testConnectTimeoutEndsWithinTimeoutPlusOneSecond() async throws {
        let server = try ServerProcess.fault(self, "full")
        let start = Date()
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .smtps, timeout: 1)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(report.diagnosis.code, .CONNECT_TIMEOUT, report.humanText())
        XCTAssertEqual(statuses(report), "ok failed skipped skipped skipped skipped skipped skipped skipped skipped skipped skipped")
        XCTAssertEqual(report.stage(.connect).detail, "no TCP answer")
        XCTAssertEqual(
            report.diagnosis.message,
            "No TCP answer from 127.0.0.1:\(server.port) within 1 s: the port is filtered or the host is wrong.")
        XCTAssertGreaterThanOrEqual(elapsed, 1.0)
        XCTAssertLessThan(elapsed, 2.0)
    }

    func testGreetingTimeoutEndsWithinTimeoutPlusOneSecond() async throws {
        let server = try ServerProcess.fault(self, "silent")
        let start = Date()
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true, timeout: 1)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(report.diagnosis.code, .GREETING_TIMEOUT, report.humanText())
        XCTAssertLessThan(elapsed, 2.0)
        XCTAssertGreaterThanOrEqual(elapsed, 1.0)
    }

    func testNotSMTP() async throws {
        let server = try ServerProcess.fault(self, "garbage")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .NOT_SMTP, report.humanText())
    }

    func testEndlessLineIsAProtocolError() async throws {
        let server = try ServerProcess.fault(self, "endless")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .PROTOCOL_ERROR, report.humanText())
        XCTAssertEqual(report.stage(.greeting).detail, "a reply line longer than 512 bytes")
    }

    func testHugeReplyIsAProtocolError() async throws {
        let server = try ServerProcess.fault(self, "huge-reply")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .PROTOCOL_ERROR, report.humanText())
        XCTAssertEqual(report.stage(.greeting).detail, "a reply longer than 64 KiB")
    }

    func testServerClosingMidReply() async throws {
        let server = try ServerProcess.fault(self, "close-mid")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .CONNECTION_CLOSED, report.humanText())
    }

    func testServerRejected() async throws {
        let server = try ServerProcess.fault(self, "reject")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .SERVER_REJECTED, report.humanText())
        XCTAssertEqual(report.stage(.greeting).reply, SMTPReply(code: 554, lines: ["5.7.1 No SMTP service here"]))
    }

    func testTerminalEscapesFromTheServerAreNotPrinted() async throws {
        let server = try ServerProcess.fault(self, "escape-reject")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .SERVER_REJECTED, report.humanText())
        XCTAssertEqual(report.stage(.greeting).reply?.text, "554 5.7.1 \u{1B}[2J\u{1B}]0;pwned\u{07}go away")
        let human = report.humanText()
        XCTAssertFalse(human.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, human)
        XCTAssertTrue(human.contains(
            "Diagnosis:   SERVER_REJECTED: The server refused the session in its greeting: 554 5.7.1 \\x1b[2J\\x1b]0;pwned\\x07go away."),
            human)
        XCTAssertFalse(ProbeReport.stageLine(report.stage(.greeting)).contains("\u{1B}"), "escape in the live stage line")
        XCTAssertTrue(report.jsonText().contains("\\u001b[2J"))
    }

    func testEHLORejectedGetsAFullyQualifiedNameHint() async throws {
        let server = try ServerProcess.fault(self, "ehlo-reject")
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .EHLO_REJECTED, report.humanText())
        XCTAssertTrue(report.diagnosis.hint?.contains("fully qualified host name") ?? false)
    }

    func testDNSFailed() async throws {
        let report = try await probe(port: 465, host: "no-such-host.invalid", security: .smtps)
        XCTAssertEqual(report.diagnosis.code, .DNS_FAILED, report.humanText())
        XCTAssertEqual(report.stage(.resolve).status, .failed)
    }

    func testLineBreakInUserIsConfigInvalidBeforeAnyNetwork() async throws {
        let report = try await probe(port: 1, host: "127.0.0.1", security: .none, isURL: true, caFile: false,
                                     user: "user@example.org>\r\nRCPT TO:<victim@example.net")
        XCTAssertEqual(report.diagnosis.code, .CONFIG_INVALID, report.humanText())
        XCTAssertEqual(
            report.diagnosis.message,
            "The user contains a line break or another control character, which would corrupt the SMTP commands.")
        XCTAssertEqual(statuses(report), Array(repeating: "skipped", count: 12).joined(separator: " "))
        let recipient = try await probe(port: 1, host: "127.0.0.1", security: .none, isURL: true, caFile: false,
                                        sendTestTo: "a@example.net\nDATA")
        XCTAssertEqual(recipient.diagnosis.hint, "Give --send-test-to a plain address such as admin@example.org.")
    }

    func testSenderRejected() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain", "--reject-sender", "^user@"])
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true)
        XCTAssertEqual(report.diagnosis.code, .SENDER_REJECTED, report.humanText())
        XCTAssertEqual(report.diagnosis.code.settingsField, .user)
    }

    func testRecipientRejected() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain", "--reject-recipient", "^nobody@"])
        let report = try await probe(
            port: server.port, host: "127.0.0.1", security: .none, isURL: true, sendTestTo: "nobody@example.org")
        XCTAssertEqual(report.diagnosis.code, .RECIPIENT_REJECTED, report.humanText())
        XCTAssertEqual(report.stage(.rcpt).reply?.code, 550)
    }

    func testDeliveredTestMail() async throws {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: spool) }
        let server = try ServerProcess.smtp(
            self, ["--mode", "starttls", "--spool", spool.path] + TestCertificates.serverArguments("good"))
        let report = try await probe(
            port: server.port, security: .starttls, secret: probeSecret, sendTestTo: "admin@example.net")
        XCTAssertEqual(report.diagnosis.code, .OK, report.humanText())
        XCTAssertEqual(statuses(report), "ok ok skipped ok ok ok ok ok ok ok ok ok")
        XCTAssertEqual(report.stage(.data).reply, SMTPReply(code: 250, lines: ["2.0.0 Ok: queued as TEST0001"]))
        let data = try Data(contentsOf: spool.appendingPathComponent("1.json"))
        let message = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(message["mail_from"] as? String, probeUser)
        XCTAssertEqual(message["rcpt_tos"] as? [String], ["admin@example.net"])
        let content = try XCTUnwrap(message["content"] as? String)
        XCTAssertTrue(content.contains("\r\nSubject: BOMnipotent SMTP test\r\n"), content)
        XCTAssertTrue(content.contains("\r\nDate: "), content)
        XCTAssertTrue(content.contains("\r\nMessage-ID: <"), content)
        XCTAssertFalse(content.contains(probeSecret))
    }

    func testTimeoutWhenTheServerStopsAnswering() async throws {
        let server = try ServerProcess.fault(self, "mute")
        let start = Date()
        let report = try await probe(port: server.port, host: "127.0.0.1", security: .none, isURL: true, timeout: 1)
        XCTAssertEqual(report.diagnosis.code, .TIMEOUT, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .ehlo)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1.9)
    }

    func testTLSHandshakeFailed() async throws {
        let server = try ServerProcess.fault(self, "tls-alert")
        let report = try await probe(port: server.port, security: .smtps)
        XCTAssertEqual(report.diagnosis.code, .TLS_HANDSHAKE_FAILED, report.humanText())
        XCTAssertEqual(report.diagnosis.stage, .tls)
        XCTAssertNil(report.tls?.version)
    }

    func testDataRejected() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain", "--reject-data"])
        let report = try await probe(
            port: server.port, host: "127.0.0.1", security: .none, isURL: true, sendTestTo: "admin@example.net")
        XCTAssertEqual(report.diagnosis.code, .DATA_REJECTED, report.humanText())
        XCTAssertEqual(report.stage(.data).reply, SMTPReply(code: 554, lines: ["5.6.0 Message content rejected"]))
    }

    func testProgressEvents() async throws {
        let server = try ServerProcess.smtp(self, ["--mode", "plain"])
        let plan = ConnectionPlan(host: "127.0.0.1", port: server.port, security: .none, isURL: true)
        let recorder = EventRecorder()
        let report = await Prober.run(
            ProbeOptions(endpoint: "smtp://127.0.0.1", plan: plan, user: probeUser, timeout: 5)
        ) { recorder.append($0) }
        XCTAssertEqual(report.diagnosis.code, .OK)
        XCTAssertEqual(recorder.lines, [
            "start resolve", "end resolve ok", "start connect", "end connect ok", "end tls skipped", "start greeting",
            "end greeting ok", "start ehlo", "end ehlo ok", "end starttls skipped", "end ehlo2 skipped",
            "end auth skipped", "start mail", "end mail ok", "start rcpt", "end rcpt ok", "end data skipped", "start quit",
            "end quit ok",
        ])
    }
}

/// Collects progress events from any thread.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func append(_ event: ProbeEvent) {
        let line: String
        switch event {
        case .stageStarted(let id): line = "start \(id.rawValue)"
        case .stageFinished(let result): line = "end \(result.id.rawValue) \(result.status.rawValue)"
        }
        lock.withLock { stored.append(line) }
    }
}
