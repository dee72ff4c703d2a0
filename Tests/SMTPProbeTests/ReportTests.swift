import SMTPSettings
import XCTest

@testable import SMTPProbe

final class ReportTests: XCTestCase {
    func testReportBeforeNetworkSkipsEveryStage() {
        let plan = ConnectionPlan(host: "smtp.example.org", port: 465, security: .smtps, isURL: false)
        let report = ProbeReport.beforeNetwork(
            endpoint: "smtp.example.org", plan: plan, code: .SECRET_UNRESOLVED,
            message: "The secret refers to ${SMTP_SECRET}, which is set neither in the environment nor in .env.",
            hint: "Set SMTP_SECRET in the environment or in .env.")
        XCTAssertEqual(report.stages.map(\.status), Array(repeating: .skipped, count: 12))
        XCTAssertEqual(report.stages.map(\.id), StageID.allCases)
        XCTAssertFalse(report.ok)
        XCTAssertEqual(
            report.jsonText(),
            """
            {"endpoint": "smtp.example.org", "host": "smtp.example.org", "port": 465, "security": "smtps", "what_if": false, \
            "stages": [\(StageID.allCases.map { "{\"id\": \"\($0.rawValue)\", \"status\": \"skipped\", \"ms\": 0, \"reply\": null, \"detail\": \"not run: SECRET_UNRESOLVED\"}" }.joined(separator: ", "))], \
            "tls": null, "extensions": [], "auth": {"offered": [], "used": null}, "warnings": [], \
            "diagnosis": {"code": "SECRET_UNRESOLVED", "message": "The secret refers to ${SMTP_SECRET}, which is set neither in the environment nor in .env.", \
            "hint": "Set SMTP_SECRET in the environment or in .env.", "stage": null, "settings_field": "secret"}, "ok": false}
            """)
    }

    func testHumanStageLines() {
        XCTAssertEqual(
            ProbeReport.stageLine(StageResult(
                id: .greeting, status: .ok, milliseconds: 12.34, reply: SMTPReply(code: 220, lines: ["ready"]),
                detail: "server ready")),
            "  ok      greeting    12.3 ms  server ready [220 ready]")
        XCTAssertEqual(ProbeReport.stageLine(.skipped(.rcpt, "no test message")), "  skipped rcpt                 no test message")
    }

    func testWhatIfIsShown() {
        let plan = ConnectionPlan(host: "smtp.example.org", port: 2525, security: .smtps, isURL: false, whatIf: true)
        let report = ProbeReport(endpoint: "smtp.example.org", plan: plan, diagnosis: Diagnosis(code: .OK, message: "fine"))
        XCTAssertTrue(report.humanText().hasPrefix(
            "Probe of endpoint \"smtp.example.org\": smtp.example.org:2525, SMTPS (implicit TLS)\nWhat-if: --port/--tls make this connection differ from what the server itself would do.\n"))
        XCTAssertTrue(report.jsonText().contains("\"what_if\": true"))
    }

    func testEveryCodeHasAMessage() {
        let plan = ConnectionPlan(host: "smtp.example.org", port: 587, security: .starttls, isURL: false)
        for code in DiagnosisCode.allCases {
            let context = DiagnosisContext(
                plan: plan, user: "u@example.org", timeout: 10, ehloName: "host", stage: .mail,
                reply: SMTPReply(code: 550, lines: ["no"]), detail: "detail")
            XCTAssertFalse(DiagnosisBuilder.make(code, context).message.isEmpty, code.rawValue)
        }
    }

    func testAuthOverPlaintextOnlyForNonLoopbackHosts() {
        XCTAssertEqual(
            ProbeWarning.authOverPlaintext(host: "smtp.example.org", usedTLS: false),
            ProbeWarning(
                code: .AUTH_OVER_PLAINTEXT,
                message: "The password is sent to smtp.example.org without TLS: anyone on the network path can read it."))
        XCTAssertNil(ProbeWarning.authOverPlaintext(host: "smtp.example.org", usedTLS: true))
        XCTAssertNil(ProbeWarning.authOverPlaintext(host: "127.0.0.1", usedTLS: false))
        XCTAssertNil(ProbeWarning.authOverPlaintext(host: "localhost", usedTLS: false))
        XCTAssertNil(ProbeWarning.authOverPlaintext(host: "::1", usedTLS: false))
    }

    func testJSONStringEscaping() {
        XCTAssertEqual(JSONValue.string("a\"b\\c\n\u{1}é").text, "\"a\\\"b\\\\c\\n\\u0001é\"")
    }
}
