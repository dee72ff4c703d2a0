import SMTPSettings
import XCTest

final class ConnectionChoiceTests: XCTestCase {
    /// Every endpoint form a file can hold, with `starttls` true, false and absent.
    static let endpointForms = [
        "smtp.example.org", "192.0.2.10", "2001:db8::25", "smtp://localhost", "smtp://localhost:2525", "smtp://192.0.2.10:25",
        "smtp://[::1]", "smtp://[2001:db8::25]:2587", "smtp://localhost?tls=required", "smtp://relay:2587?tls=required",
        "smtp://relay?tls=opportunistic", "smtp://[::1]:26?tls=opportunistic", "smtp://relay/", "smtps://mail.example.org",
        "smtps://mail.example.org:2465",
    ]
    static let starttlsValues: [Bool?] = [true, false, nil]

    func testSettingsToChoiceToSettingsIsTheIdentityForEveryForm() throws {
        for endpoint in Self.endpointForms {
            for starttls in Self.starttlsValues {
                let settings = SMTPSettings(user: "you@example.org", endpoint: endpoint, secret: .variable("S"), starttls: starttls)
                let choice = try XCTUnwrap(settings.connectionChoice, endpoint)
                let host = try Endpoint(parsing: endpoint).host
                XCTAssertEqual(try settings.choosing(choice, host: host), settings, "\(endpoint) starttls=\(String(describing: starttls))")
            }
        }
    }

    /// The canonical endpoint built for a choice means what the original meant: same plan.
    func testCanonicalEndpointHasTheSamePlan() throws {
        for endpoint in Self.endpointForms {
            for starttls in Self.starttlsValues {
                let parsed = try Endpoint(parsing: endpoint)
                let choice = ConnectionChoice(endpoint: parsed, starttls: starttls)
                let rebuilt = try choice.endpoint(host: parsed.host)
                let rebuiltStarttls = !choice.isURL && choice.security == .starttls
                XCTAssertEqual(rebuilt.plan(starttls: rebuiltStarttls), parsed.plan(starttls: starttls ?? false), endpoint)
            }
        }
    }

    func testTheFourWizardChoicesOnAHost() throws {
        let base = SMTPSettings(user: "you@example.org", endpoint: "smtp.example.org")
        XCTAssertEqual(try base.choosing(.starttls, host: "smtp.example.org"), SMTPSettings(user: "you@example.org", endpoint: "smtp.example.org", starttls: true))
        XCTAssertEqual(try base.choosing(.relaySTARTTLS(port: 3587), host: "relay").endpoint, "smtp://relay:3587?tls=required")
        XCTAssertEqual(try base.choosing(.relaySTARTTLS(port: 3587, required: false), host: "relay").endpoint, "smtp://relay:3587?tls=opportunistic")
        XCTAssertEqual(try base.choosing(.plain(port: 2500), host: "::1").endpoint, "smtp://[::1]:2500")
        let url = try base.choosing(.plain(port: 2500), host: "localhost")
        XCTAssertNil(url.starttls, "starttls stays absent when it was absent")
        let starttlsTrue = SMTPSettings(user: "u", endpoint: "smtp.example.org", starttls: true)
        XCTAssertEqual(try starttlsTrue.choosing(.plain(port: nil), host: "localhost").starttls, false)
        XCTAssertEqual(try starttlsTrue.choosing(.smtps, host: "smtp.example.org").starttls, false)
        XCTAssertThrowsError(try base.choosing(.smtps, host: "bad host")) {
            XCTAssertEqual($0 as? SettingsError, .endpointHasWhitespace("bad host"))
        }
        XCTAssertThrowsError(try base.choosing(.smtps, host: "smtp://relay"), "a host that is a URL is not a relay") {
            XCTAssertEqual($0 as? SettingsError, .endpointInvalidHost("smtp://relay"))
        }
    }

    func testEndpointKeepsItsText() throws {
        for endpoint in Self.endpointForms { XCTAssertEqual(try Endpoint(parsing: endpoint).text, endpoint) }
        XCTAssertEqual(try Endpoint(parsing: "smtp://localhost?tls=required").plan(starttls: false).port, 587)
        XCTAssertEqual(try Endpoint(.url(host: "localhost", port: nil, security: .starttls)).text, "smtp://localhost?tls=required")
    }
}

final class FieldValueTests: XCTestCase {
    func testFieldValidatorsSayWhatIsWrong() {
        XCTAssertNil(Login.problem(in: "apikey"))
        XCTAssertEqual(Login.problem(in: ""), .loginEmpty)
        XCTAssertNil(Endpoint.problem(in: "smtp://relay:2587?tls=required"))
        XCTAssertEqual(Endpoint.problem(in: "smtp.example.org:587"), .endpointRelayWithPort("smtp.example.org:587", host: "smtp.example.org", port: "587"))
        XCTAssertNil(VariableName.problem(in: "SMTP_SECRET"))
        XCTAssertEqual(VariableName.problem(in: "1X"), .variableNameInvalid("1X"))
        XCTAssertNil(PortNumber.problem(in: "2525"))
        XCTAssertEqual(PortNumber.problem(in: "0"), .portInvalid("0"))
        XCTAssertEqual(PortNumber.problem(in: "２５"), .portInvalid("２５"))
    }

    func testMailAddressIsALoginThatIsAnAddress() {
        XCTAssertNil(MailAddress.problem(in: "you@example.org"))
        XCTAssertEqual(MailAddress.problem(in: "not an address"), .addressInvalid("not an address"))
        XCTAssertEqual(MailAddress.problem(in: "apikey"), .addressInvalid("apikey"))
        XCTAssertEqual(MailAddress.problem(in: "you@example.org\n"), .addressInvalid("you@example.org\n"))
        XCTAssertEqual(MailAddress.problem(in: ""), .addressEmpty)
        XCTAssertEqual(
            SettingsError.addressInvalid("not an address").description,
            "\"not an address\" is not a mail address: expected local-part@domain, e.g. you@example.org.")
    }

    func testSecretValueChecksNeverQuoteTheValue() {
        XCTAssertThrowsError(try SecretSource.validateInlineValue("")) { XCTAssertEqual($0 as? SettingsError, .secretEmpty) }
        XCTAssertThrowsError(try SecretSource.validateDotEnvValue("hunter\r2")) { error in
            XCTAssertEqual(error as? SettingsError, .secretUnwritable(character: "carriage return"))
            XCTAssertFalse("\(error)".contains("hunter"))
        }
        XCTAssertThrowsError(try SecretSource.variable("SMTP-SECRET").validate()) {
            XCTAssertEqual($0 as? SettingsError, .variableNameInvalid("SMTP-SECRET"))
        }
        XCTAssertEqual(SecretSource.variable("S").provenance, SecretProvenance(source: .env, variable: "S"))
        XCTAssertEqual(SecretSource.inline("x").provenance, SecretProvenance(source: .inline))
    }

    func testRefusedFileWarningCodes() {
        XCTAssertEqual(
            SettingsWarning.Code.allCases.filter(\.serverRefusesFile),
            [.SMTP_NOT_TABLE, .SMTP_KEY_MISSING, .SMTP_KEY_TYPE, .SMTP_UNKNOWN_KEY, .SKIP_FLAG_NOT_BOOLEAN, .SMTP_CONFIG_TABLE])
    }
}
