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
            "tls": null, "extensions": [], "auth": {"offered": [], "used": null}, \
            "secret": {"source": "none", "variable": null, "resolved_from": null}, "warnings": [], \
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

    private func diagnosis(_ code: DiagnosisCode, _ plan: ConnectionPlan) -> Diagnosis {
        DiagnosisBuilder.make(code, DiagnosisContext(
            plan: plan, user: "u@example.org", timeout: 10, ehloName: "host", stage: .auth,
            reply: SMTPReply(code: 535, lines: ["5.7.8 Username and Password not accepted"]), authOffered: ["CRAM-MD5"]))
    }

    private func relay(_ host: String, _ security: TransportSecurity = .smtps) -> ConnectionPlan {
        ConnectionPlan(host: host, port: security == .smtps ? 465 : 587, security: security, isURL: false)
    }

    func testAuthFailedHintsComeFromTheKnownProviderTable() {
        XCTAssertEqual(
            diagnosis(.AUTH_FAILED, relay("smtp.gmail.com")).hint,
            "Check user and secret. Gmail: Needs an app password when 2-step verification is on; STARTTLS on port 587 also works.")
        XCTAssertEqual(
            diagnosis(.AUTH_FAILED, relay("SMTP.Postmarkapp.com.", .starttls)).hint,
            "Check user and secret. Postmark: The server token is both the user and the secret.")
        XCTAssertEqual(
            diagnosis(.AUTH_FAILED, relay("email-smtp.eu-central-1.amazonaws.com")).hint,
            "Check user and secret. Amazon SES: Use SMTP credentials, not IAM access keys; replace REGION, e.g. eu-central-1.")
        XCTAssertEqual(diagnosis(.AUTH_FAILED, relay("smtp.eu.mailgun.org")).hint?.hasPrefix("Check user and secret. Mailgun: "), true)
        for unknown in ["smtp.notgmail.com", "smtp.example.org", "evil.amazonaws.com", "email-smtp.a.b.amazonaws.com"] {
            XCTAssertEqual(
                diagnosis(.AUTH_FAILED, relay(unknown)).hint, "Check user and secret (the login is usually the full address).", unknown)
        }
    }

    func testHintsNameTheSettingAndItsValue() {
        XCTAssertEqual(diagnosis(.TLS_EXPECTED, relay("smtp.example.org")).hint, "Set starttls = true (STARTTLS on port 587).")
        XCTAssertEqual(
            diagnosis(.CONNECT_TIMEOUT, relay("smtp.example.org")).hint,
            "Check endpoint, and that a firewall allows outgoing connections to port 465; if only port 587 is open, set starttls = true.")
        XCTAssertEqual(
            diagnosis(.CONNECT_TIMEOUT, ConnectionPlan(host: "relay.example.org", port: 25, security: .none, isURL: true)).hint,
            "Check endpoint, and that a firewall allows outgoing connections to port 25.")
        XCTAssertEqual(
            diagnosis(.PLAINTEXT_EXPECTED, relay("smtp.example.org", .starttls)).hint,
            "Remove starttls (or set starttls = false) to use SMTPS on port 465.")
        XCTAssertEqual(
            diagnosis(.TLS_HANDSHAKE_FAILED, relay("smtp.example.org")).hint,
            "The server may only offer TLS older than 1.2 or unusual ciphers: try STARTTLS instead (starttls = true, port 587), or ask the provider to enable TLS 1.2.")
        XCTAssertEqual(
            diagnosis(.AUTH_NOT_OFFERED, ConnectionPlan(host: "relay.example.org", port: 25, security: .none, isURL: true)).hint,
            "Remove secret if this relay accepts mail without a login; otherwise use endpoint = \"smtp://relay.example.org:25?tls=required\" (many servers offer AUTH only after STARTTLS).")
        XCTAssertEqual(
            diagnosis(.AUTH_UNSUPPORTED, relay("smtp.example.org")).message,
            "The server offers AUTH CRAM-MD5, but neither PLAIN nor LOGIN, the only mechanisms BOMnipotent supports.")
    }

    func testAuthOverPlaintextOnlyForNonLoopbackHosts() {
        XCTAssertEqual(
            SettingsWarning.authOverPlaintext(host: "smtp.example.org", usedTLS: false),
            SettingsWarning(
                code: .AUTH_OVER_PLAINTEXT,
                message: "The password is sent to smtp.example.org without TLS: anyone on the network path can read it."))
        XCTAssertNil(SettingsWarning.authOverPlaintext(host: "smtp.example.org", usedTLS: true))
        XCTAssertNil(SettingsWarning.authOverPlaintext(host: "127.0.0.1", usedTLS: false))
        XCTAssertNil(SettingsWarning.authOverPlaintext(host: "localhost", usedTLS: false))
        XCTAssertNil(SettingsWarning.authOverPlaintext(host: "::1", usedTLS: false))
    }

    func testSecretProvenanceIsReportedNeverTheValue() {
        let plan = ConnectionPlan(host: "smtp.example.org", port: 465, security: .smtps, isURL: false)
        let cases: [(SecretProvenance, String, String?)] = [
            (SecretProvenance(source: .env, variable: "SMTP_SECRET", resolvedFrom: .dotenv),
             "{\"source\": \"env\", \"variable\": \"SMTP_SECRET\", \"resolved_from\": \"dotenv\"}",
             "Secret:      ${SMTP_SECRET}, from .env"),
            (SecretProvenance(source: .env, variable: "MAIL_PASSWORD", resolvedFrom: .environment),
             "{\"source\": \"env\", \"variable\": \"MAIL_PASSWORD\", \"resolved_from\": \"environment\"}",
             "Secret:      ${MAIL_PASSWORD}, from the environment"),
            (SecretProvenance(source: .inline),
             "{\"source\": \"inline\", \"variable\": null, \"resolved_from\": null}", "Secret:      written in config.toml"),
            (.none, "{\"source\": \"none\", \"variable\": null, \"resolved_from\": null}", nil),
        ]
        for (provenance, json, line) in cases {
            let report = ProbeReport(
                endpoint: "smtp.example.org", plan: plan, diagnosis: Diagnosis(code: .OK, message: "fine"), secret: provenance)
            XCTAssertTrue(report.jsonText().contains("\"secret\": \(json)"), report.jsonText())
            XCTAssertEqual(ProbeReport.secretLine(provenance), line)
            if let line { XCTAssertTrue(report.humanSummary().contains(line + "\n"), report.humanSummary()) }
        }
    }

    func testSenderNotAddressOnlyForLoginsThatAreNoAddress() {
        XCTAssertEqual(SettingsWarning.senderNotAddress(user: "apikey")?.code, .SENDER_NOT_ADDRESS)
        XCTAssertEqual(
            SettingsWarning.senderNotAddress(user: "apikey")?.message,
            "The login apikey is not a mail address: BOMnipotent has no separate sender setting, so its mails would go out from <apikey>, which most servers refuse or recipients distrust.")
        XCTAssertNil(SettingsWarning.senderNotAddress(user: "alice@example.org"))
    }

    func testNewCodesNameTheirSetting() {
        XCTAssertEqual(DiagnosisCode.TLS_REQUIRED.settingsField, .security)
        XCTAssertEqual(DiagnosisCode.RELAY_DENIED.settingsField, .user)
        XCTAssertNil(DiagnosisCode.TEMPORARY_FAILURE.settingsField)
        let plan = ConnectionPlan(host: "smtp.example.org", port: 587, security: .starttls, isURL: false)
        XCTAssertEqual(diagnosis(.TLS_REQUIRED, plan).hint, "Set starttls = true (STARTTLS on port 587).")
    }

    func testJSONStringEscaping() {
        XCTAssertEqual(JSONValue.string("a\"b\\c\n\u{1}é").text, "\"a\\\"b\\\\c\\n\\u0001é\"")
        XCTAssertEqual(JSONValue.string("\u{7F}\u{9B}2J").text, "\"\\u007f\\u009b2J\"", "C1 controls such as CSI are escaped too")
    }
}
