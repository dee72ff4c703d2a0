import XCTest
@testable import LosslessTOML

final class TOMLParsingTests: XCTestCase {
    func testRoundTripKeepsEveryByte() throws {
        let text = "\u{FEFF}# top\r\n[ smtp ] # c\r\n\tuser = 'x' # after\r\narr = [ 1,\n  # inner\n  2, ]\nt = { a = 1, b.c = \"\\u00e9\" }"
        let document = try TOMLDocument(parsing: text)
        XCTAssertEqual(document.description, text)
        XCTAssertEqual(document.lineEnding, "\r\n")
        XCTAssertEqual(document.value(at: ["smtp", "user"]), .string("x"))
        XCTAssertEqual(document.value(at: ["smtp", "t", "b", "c"]), .string("é"))
        XCTAssertEqual(document.value(at: ["smtp", "arr"]), .array([.integer(1), .integer(2)]))
    }

    func testDuplicateKeyHasLineAndColumn() {
        XCTAssertThrowsError(try TOMLDocument(parsing: "a = 1\n[t]\n  'é' = 1\n  \"é\" = 2\n")) { error in
            XCTAssertEqual((error as? TOMLError)?.description, "line 4, column 3: duplicate key `\"é\"`")
        }
    }
}

final class TOMLErrorMessageTests: XCTestCase {
    private func message(_ bytes: [UInt8]) -> String? {
        do {
            _ = try TOMLDocument(parsing: bytes)
            return nil
        } catch {
            return error.description
        }
    }

    private func message(_ text: String) -> String? { message(Array(text.utf8)) }

    /// The text after a bad escape may be the rest of an inline secret: only the escape itself is quoted.
    func testInvalidEscapeQuotesOnlyTheEscapeNeverTheRestOfTheString() {
        XCTAssertEqual(message("secret = \"pa\\ssw0rdXYZ\"\n"), "line 1, column 13: invalid escape sequence `\\s`")
        XCTAssertEqual(message("secret = \"\"\"\npa\\ssw0rdXYZ\"\"\"\n"), "line 2, column 3: invalid escape sequence `\\s`")
        XCTAssertEqual(message("secret = \"pa\\-ssw0rd\"\n"), "line 1, column 13: invalid escape sequence `\\-`")
        XCTAssertEqual(message("secret = \"pa\\éssw0rd\"\n"), "line 1, column 13: invalid escape sequence `\\é`")
        XCTAssertEqual(message("secret = \"pa\\ ssw0rd\"\n"), "line 1, column 13: invalid escape sequence `\\ `")
        XCTAssertEqual(message("secret = \"pa\\\tssw0rd\"\n"), "line 1, column 13: invalid escape sequence `\\`")
        XCTAssertEqual(message("secret = \"pa\\"), "line 1, column 13: invalid escape sequence `\\`")
        XCTAssertEqual(message("secret = \"\\uD800ABCDssw0rd\"\n"), "line 1, column 11: invalid escape sequence `\\uD800`")
        XCTAssertEqual(message("secret = \"\\u12Gssw0rd\"\n"), "line 1, column 11: invalid escape sequence `\\u12`")
        XCTAssertEqual(message("secret = \"\\usw0rd\"\n"), "line 1, column 11: invalid escape sequence `\\u`")
        XCTAssertEqual(message("secret = \"\\U00110000abcdef\"\n"), "line 1, column 11: invalid escape sequence `\\U00110000`")
        XCTAssertEqual(message("secret = \"\\U0000D800\"\n"), "line 1, column 11: invalid escape sequence `\\U0000D800`")
        for escape in ["\\s", "\\x", "\\-", "\\uD8", "\\uDFFF", "\\UFFFFFFFF", "\\u{"] {
            let text = "secret = \"\(escape)Secret1Marker\"\n"
            let error = message(text)
            XCTAssertNotNil(error, text)
            XCTAssertFalse(error?.contains("Secret1Marker") ?? true, error ?? text)
            XCTAssertFalse(error?.contains("S") ?? true, error ?? text)
        }
    }

    func testEveryKindOfErrorSaysWhereAndWhat() {
        XCTAssertEqual(message("[smtp]\nuser = 1\nuser = 2\n"), "line 3, column 1: duplicate key `user`")
        XCTAssertEqual(message("[smtp]\n[other]\n[ smtp ]\n"), "line 3, column 3: table `smtp` is defined twice")
        XCTAssertEqual(message("smtp.user = 1\n[smtp]\n"), "line 2, column 2: table `smtp` is defined twice")
        XCTAssertEqual(message("smtp = { user = 1 }\n[smtp.tls]\n"),
                       "line 2, column 2: `smtp` is an inline table, which cannot be extended after it is written")
        XCTAssertEqual(message("smtp = 1\nsmtp.user = 2\n"), "line 2, column 1: `smtp` is not a table, so no key can be added under it")
        XCTAssertEqual(message("a = \"x\u{7F}\"\n"), "line 1, column 7: control character U+007F is not allowed here")
        XCTAssertEqual(message("a = 1\r\nb = 2\r"), "line 2, column 6: control character U+000D is not allowed here (a carriage return must be followed by a line feed)")
        XCTAssertEqual(message([0x23, 0x20, 0xC3, 0x28, 0x0A]), "line 1, column 3: the file is not valid UTF-8")
        XCTAssertEqual(message("a = \"open\nb = 1\n"), "line 1, column 10: unterminated string")
        XCTAssertEqual(message("a = \"\\qux\"\n"), "line 1, column 6: invalid escape sequence `\\q`")
        XCTAssertEqual(message("a = \"\\uD800ab\"\n"), "line 1, column 6: invalid escape sequence `\\uD800`")
        XCTAssertEqual(message("a = 012\n"), "line 1, column 5: invalid number `012`")
        XCTAssertEqual(message("a = 1__0\n"), "line 1, column 5: invalid number `1__0`")
        XCTAssertEqual(message("a = 9223372036854775808\n"), "line 1, column 5: integer `9223372036854775808` does not fit in 64 bits")
        XCTAssertEqual(message("a = 2023-02-29\n"), "line 1, column 5: invalid date or time `2023-02-29`")
        XCTAssertEqual(message("a = 1 b = 2\n"), "line 1, column 7: unexpected `b`; expected a new line after the value")
        XCTAssertEqual(message("a = \n"), "line 1, column 5: unexpected end of line; expected a value")
        XCTAssertEqual(message("[a"), "line 1, column 3: unexpected end of file; expected `]` to close the header")
        XCTAssertEqual(message("a = " + String(repeating: "[", count: 100_000)), "line 1, column 261: arrays and inline tables are nested more than 256 deep")
        XCTAssertNotNil(try? TOMLDocument(parsing: "a = " + String(repeating: "[", count: 256) + String(repeating: "]", count: 256)))
        XCTAssertEqual(message("a = { b = 1, }\n"),
                       "line 1, column 14: unexpected `}` after a comma; expected another key (TOML 1.0 allows no trailing comma in an inline table)")
    }
}
