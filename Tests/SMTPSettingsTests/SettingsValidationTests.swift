import SMTPSettings
import XCTest

final class SettingsValidationTests: XCTestCase {
    func testSMTPSURLIsNotWritableButExplained() {
        let settings = SMTPSettings(user: "you@example.org", endpoint: "smtps://mail.example.org")
        XCTAssertThrowsError(try settings.validateForWriting()) { error in
            XCTAssertEqual(error as? SettingsError, .endpointSMTPSNotWritable("smtps://mail.example.org", host: "mail.example.org", port: nil))
            XCTAssertEqual(
                "\(error)",
                "The endpoint \"smtps://mail.example.org\" uses smtps://, which the server does not document: write endpoint = \"mail.example.org\" without starttls, which is SMTPS on port 465.")
        }
        XCTAssertEqual(
            SettingsError.endpointSMTPSNotWritable("smtps://h:2465", host: "h", port: 2465).description,
            "The endpoint \"smtps://h:2465\" uses smtps://, which the server does not document: write endpoint = \"h\" for SMTPS on port 465, or smtp://h:2465?tls=required if port 2465 speaks STARTTLS.")
    }

    func testValidateForWritingChecksEveryPart() {
        XCTAssertNoThrow(try SMTPSettings(user: "apikey", endpoint: "smtp.sendgrid.net", secret: .variable("SMTP_SECRET")).validateForWriting())
        XCTAssertNoThrow(try SMTPSettings(user: "you@example.org", endpoint: "smtp://localhost:2500").validateForWriting())
        XCTAssertThrowsError(try SMTPSettings(user: "", endpoint: "smtp.example.org").validateForWriting()) {
            XCTAssertEqual($0 as? SettingsError, .loginEmpty)
        }
        XCTAssertThrowsError(try SMTPSettings(user: "you@example.org", endpoint: "smtp.example.org:587").validateForWriting()) {
            XCTAssertEqual($0 as? SettingsError, .endpointRelayWithPort("smtp.example.org:587", host: "smtp.example.org", port: "587"))
        }
        XCTAssertThrowsError(try SMTPSettings(user: "you@example.org", endpoint: "https://mail.example.org").validateForWriting()) {
            XCTAssertEqual($0 as? SettingsError, .endpointUnsupportedScheme("https://mail.example.org", scheme: "https"))
        }
        XCTAssertThrowsError(try SMTPSettings(user: "u", endpoint: "smtp://h:99999").validateForWriting()) {
            XCTAssertEqual($0 as? SettingsError, .endpointInvalidPort("smtp://h:99999", port: "99999"))
        }
    }

    func testWarnings() {
        XCTAssertEqual(SMTPSettings(user: "u", endpoint: "smtps://mail.example.org").warnings.map(\.code), [.SMTPS_URL])
        XCTAssertEqual(SMTPSettings(user: "u", endpoint: "smtp://relay:2500", starttls: true).warnings.map(\.code), [.STARTTLS_IGNORED])
        XCTAssertEqual(
            SMTPSettings(user: "u", endpoint: "smtp://relay.example.org:2500", secret: .variable("S")).warnings.map(\.code),
            [.AUTH_OVER_PLAINTEXT])
        XCTAssertEqual(SMTPSettings(user: "u", endpoint: "smtp://localhost:2500", secret: .variable("S")).warnings, [])
        XCTAssertEqual(SMTPSettings(user: "u", endpoint: "smtp.example.org", secret: .variable("S"), starttls: true).warnings, [])
        XCTAssertEqual(
            SettingsWarning.smtpsURL("smtps://m.example.org", host: "m.example.org").message,
            "The endpoint \"smtps://m.example.org\" uses smtps://, which the server does not document; endpoint = \"m.example.org\" without starttls means the same (SMTPS on port 465).")
    }
}
