import SMTPSettings
import XCTest

final class LoginTests: XCTestCase {
    func testAcceptsAddressesAndPlainNames() throws {
        for login in ["you@example.org", "apikey", "first.last+tag@mail.example.co.uk", "user@[192.0.2.1]", "jörg@bücher.de", "a b"] {
            XCTAssertNoThrow(try Login.validate(login), login)
        }
    }

    func testRejectsWithExplanations() {
        let cases: [(String, SettingsError)] = [
            ("", .loginEmpty),
            ("you@example.org\n", .loginHasControlCharacters("you@example.org\n")),
            ("a\tb", .loginHasControlCharacters("a\tb")),
            (" you@example.org", .loginHasSurroundingWhitespace(" you@example.org")),
            ("you@example.org ", .loginHasSurroundingWhitespace("you@example.org ")),
            ("@example.org", .loginInvalidAddress("@example.org")),
            ("you@", .loginInvalidAddress("you@")),
            ("you@exa mple.org", .loginInvalidAddress("you@exa mple.org")),
            ("you@-bad.org", .loginInvalidAddress("you@-bad.org")),
        ]
        for (login, expected) in cases {
            XCTAssertThrowsError(try Login.validate(login), login) { XCTAssertEqual($0 as? SettingsError, expected) }
        }
        XCTAssertEqual(
            SettingsError.loginHasControlCharacters("you@example.org\n").description,
            "The user \"you@example.org\\n\" contains control characters (a pasted line break or tab?): enter the login only.")
        XCTAssertEqual(
            SettingsError.loginInvalidAddress("you@").description,
            "The user \"you@\" looks like a mail address but is not one: expected local-part@domain, e.g. you@example.org (some services use a plain name such as apikey instead).")
    }

    func testMailDomain() {
        XCTAssertEqual(Login.mailDomain(of: "You@GMail.com"), "gmail.com")
        XCTAssertNil(Login.mailDomain(of: "apikey"))
    }

    func testVariableNames() {
        XCTAssertNoThrow(try VariableName.validate("SMTP_SECRET"))
        XCTAssertNoThrow(try VariableName.validate("_x1"))
        for bad in ["", "1X", "SMTP-SECRET", "ÜBER", "A B", "${X}"] {
            XCTAssertThrowsError(try VariableName.validate(bad), bad) { XCTAssertEqual($0 as? SettingsError, .variableNameInvalid(bad)) }
        }
        XCTAssertEqual(
            SettingsError.variableNameInvalid("SMTP-SECRET").description,
            "\"SMTP-SECRET\" is not a valid variable name: use letters, digits and underscores, not starting with a digit (e.g. SMTP_SECRET).")
    }
}
