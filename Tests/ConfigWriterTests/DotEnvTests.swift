@testable import ConfigWriter
import SMTPSettings
import XCTest

final class DotEnvTests: XCTestCase {
    private func parse(_ text: String, environment: [String: String] = [:]) throws -> DotEnvDocument {
        try DotEnvDocument(parsing: Array(text.utf8), environment: environment)
    }

    private func text(_ document: DotEnvDocument) -> String { String(decoding: document.bytes, as: UTF8.self) }

    func testReadsDotenvyForms() throws {
        let document = try parse("""
            # comment
            A=1
            B="two words" # trailing
            C='single $X'
            export D=exported
            E = "spaced"
            F=
            G=a\\ b
            H="x\\"y\\\\z\\$w\\nv"
            I=${A}-$A-${X}
            J=plain # comment
            K="multi
            line"

            """, environment: ["X": "env"])
        XCTAssertEqual(document.values, [
            "A": "1", "B": "two words", "C": "single $X", "D": "exported", "E": "spaced", "F": "", "G": "a b",
            "H": "x\"y\\z$w\nv", "I": "1-1-env", "J": "plain", "K": "multi\nline",
        ])
        XCTAssertEqual(document.entries.first { $0.name == "K" }?.lines, 11...12)
        XCTAssertNil(document.dotenvyIssue, "every line above is read the same way by dotenvy")
    }

    /// Lines this reader accepts but dotenvy (the server's reader) refuses or reads differently are flagged.
    func testLinesDotenvyRefusesAreFlagged() throws {
        let cases: [(String, DotenvyIssue)] = [
            ("A=1\nB=two words\nC=3\n", .init(line: 2, reason: "a space in a value outside quotes, which dotenvy refuses (put the value in double quotes)")),
            ("B=\"quoted\" tail\n", .init(line: 1, reason: "a space in a value outside quotes, which dotenvy refuses (put the value in double quotes)")),
            ("A=1\nB=\"tab\\there\"\n", .init(line: 2, reason: "an escape dotenvy does not know (only \\\\ \\\" \\' \\$ \\n and backslash-space)")),
            ("B=\"x$A\"\n", .init(line: 1, reason: "a quote, backslash or space right after a $NAME reference, which dotenvy copies literally (write ${NAME})")),
        ]
        for (text, issue) in cases {
            XCTAssertEqual(try parse(text).dotenvyIssue, issue, text)
        }
        let document = try parse("# ok\nSMTP_SECRET=\"v\"\nLATER=a b\n")
        XCTAssertEqual(document.dotenvyIssue?.line, 3)
        XCTAssertNil(document.dotenvyWarning(for: "SMTP_SECRET", path: ".env"), "dotenvy has read SMTP_SECRET before it stops")
        let early = try parse("EARLY=a b\nSMTP_SECRET=\"v\"\n")
        XCTAssertEqual(early.dotenvyWarning(for: "SMTP_SECRET", path: "/srv/.env"), SettingsWarning(
            code: .ENV_NOT_DOTENVY,
            message: "/srv/.env line 1 has a space in a value outside quotes, which dotenvy refuses (put the value in double quotes); the server's .env reader stops or misreads there, so it may not get SMTP_SECRET as shown here."))
    }

    func testSyntaxErrorsNameTheLine() {
        XCTAssertThrowsError(try parse("A=1\nnot an assignment\n")) {
            XCTAssertEqual($0 as? DotEnvDocument.SyntaxError, .init(line: 2, reason: "expected NAME=value"))
        }
        XCTAssertThrowsError(try parse("A=\"open\nB=2\n")) {
            XCTAssertEqual($0 as? DotEnvDocument.SyntaxError, .init(line: 2, reason: "the quoted value is not closed"))
        }
        XCTAssertThrowsError(try parse("=x\n")) { XCTAssertEqual(($0 as? DotEnvDocument.SyntaxError)?.line, 1) }
    }

    /// Each hard value is written, read back by the dotenvy rules, and written again without change.
    func testQuotingRoundTrips() throws {
        let values = [
            "with space", "hash # inside", "#start", "double \" quote", "single ' quote", "dollar $HOME and ${HOME}", "$",
            "back\\slash\\", "a=b=c", "two\nlines", "ünïcødé ✓ 秘密", "trailing space ", " leading", "\\n literal", "'\"$\\",
        ]
        for value in values {
            var document = try parse("# secrets\nOTHER=1\n")
            document.set(value, for: "SMTP_SECRET")
            let reread = try DotEnvDocument(parsing: document.bytes, environment: ["HOME": "/root"])
            XCTAssertEqual(reread.value(of: "SMTP_SECRET"), value, value)
            XCTAssertNil(reread.dotenvyIssue, "dotenvy reads the written line as it is: \(value)")
            XCTAssertEqual(reread.value(of: "OTHER"), "1")
            var again = reread
            again.set(value, for: "SMTP_SECRET")
            XCTAssertEqual(again.bytes, document.bytes, value)
        }
        XCTAssertEqual(DotEnvQuoting.quote("a\"b\\c$d\ne #f"), "\"a\\\"b\\\\c\\$d\\ne #f\"")
    }

    func testRefusesCarriageReturnAndNUL() {
        XCTAssertThrowsError(try SecretSource.validateDotEnvValue("a\rb")) {
            XCTAssertEqual($0 as? SettingsError, .secretUnwritable(character: "carriage return"))
        }
        XCTAssertThrowsError(try SecretSource.validateDotEnvValue("a\0b")) {
            XCTAssertEqual($0 as? SettingsError, .secretUnwritable(character: "NUL character"))
        }
        XCTAssertNoThrow(try SecretSource.validateDotEnvValue("a\nb"))
    }

    func testReplacesInPlaceKeepingEverythingElse() throws {
        var document = try parse("""
            # database
            BOMNIPOTENT_DB_PW=db-pass
            export SMTP_SECRET='old value' # rotated yearly
            PGP_PASSPHRASE="pgp"
            """)
        document.set("new value", for: "SMTP_SECRET")
        XCTAssertEqual(text(document), """
            # database
            BOMNIPOTENT_DB_PW=db-pass
            export SMTP_SECRET="new value" # rotated yearly
            PGP_PASSPHRASE="pgp"
            """)
    }

    func testAppendsAfterMissingFinalNewlineAndKeepsCRLF() throws {
        var document = try parse("A=1\r\nB=2")
        document.set("x", for: "SMTP_SECRET")
        XCTAssertEqual(text(document), "A=1\r\nB=2\r\nSMTP_SECRET=\"x\"\r\n")
        var empty = try parse("")
        empty.set("x", for: "SMTP_SECRET")
        XCTAssertEqual(text(empty), "SMTP_SECRET=\"x\"\n")
    }

    func testEmptyValueBeforeCommentAndDuplicates() throws {
        var document = try parse("SMTP_SECRET= # fill in\nSMTP_SECRET=old\n")
        document.set("v", for: "SMTP_SECRET")
        XCTAssertEqual(text(document), "SMTP_SECRET= \"v\" # fill in\nSMTP_SECRET=\"v\"\n")
        XCTAssertEqual(document.entries.map(\.value), ["v", "v"])
    }

    func testMultiLineValueIsReplacedWhole() throws {
        var document = try parse("KEY=\"line1\nline2\"\nAFTER=1\n")
        document.set("one", for: "KEY")
        XCTAssertEqual(text(document), "KEY=\"one\"\nAFTER=1\n")
    }

    func testByteOrderMarkIsKept() throws {
        var document = try DotEnvDocument(parsing: [0xEF, 0xBB, 0xBF] + Array("A=1\n".utf8))
        XCTAssertEqual(document.value(of: "A"), "1")
        document.set("2", for: "A")
        XCTAssertEqual(document.bytes, [0xEF, 0xBB, 0xBF] + Array("A=\"2\"\n".utf8))
    }

    /// 2000 random values from an alphabet of the characters that matter (and some that do not) round-trip.
    func testRandomValuesRoundTrip() throws {
        let alphabet = Array("ab Z9 #$'\"\\={}\n\té✓秘\u{1F511}-_.:/@!`".unicodeScalars)
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<2000 {
            var value = String.UnicodeScalarView()
            for _ in 0..<(1 + next(24)) { value.append(alphabet[next(alphabet.count)]) }
            let text = String(value)
            var document = try parse("A=1\n")
            document.set(text, for: "SMTP_SECRET")
            let reread = try DotEnvDocument(parsing: document.bytes, environment: ["A": "env"])
            XCTAssertEqual(reread.value(of: "SMTP_SECRET"), text, text.debugDescription)
            XCTAssertNil(reread.dotenvyIssue, text.debugDescription)
            XCTAssertEqual(reread.value(of: "A"), "1")
        }
    }
}
