@testable import ConfigWriter
import XCTest

final class SecretMaskTests: XCTestCase {
    /// An inline secret's text is hidden where another value holds it too (a database URL with the password),
    /// in both versions of the file, also after the secret moved out to `.env`.
    func testSecretTextInAnotherValueIsHiddenInTheDiff() throws {
        let config = "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"hunter22\"\n"
            + "[db]\nurl = \"postgres://app:hunter22@db/app\"\n"
        let fixture = try ConfigFixture(self, config: config)
        let plan = try fixture.load().plan(.smtp("b@example.org", "h.example.org", secret: .variable("SMTP_SECRET")))
        let diff = plan.diff()
        XCTAssertFalse(diff.contains("hunter22"), diff)
        XCTAssertEqual(diff, """
            --- a\(fixture.configPath)
            +++ b\(fixture.configPath)
            @@ -1,6 +1,6 @@
             [smtp]
            -user = "a@example.org"
            +user = "b@example.org"
             endpoint = "h.example.org"
            -secret = "***"
            +secret = "${SMTP_SECRET}"
             [db]
             url = "postgres://app:***@db/app"

            """)
    }

    /// A secret shorter than `minimumSearchedLength` is masked only as the value of its key: searching for it
    /// elsewhere would hide ordinary text.
    func testShortSecretIsMaskedOnlyWhereItIsTheValue() {
        XCTAssertEqual(
            SecretMask.configLines(Array("[smtp]\nsecret = \"ex\"\nuser = \"ex@mail.test\"\n".utf8)),
            ["[smtp]", "secret = \"***\"", "user = \"ex@mail.test\""])
        XCTAssertEqual(
            SecretMask.configLines(Array("[smtp]\nsecret = \"exam\"\nuser = \"exam@mail.test\"\n".utf8)),
            ["[smtp]", "secret = \"***\"", "user = \"***@mail.test\""])
    }

    /// The masked lines are made one by one as the diff asks for them, and agree with the eager list.
    /// A line far into a file is found from the nearest kept line start (one per 64 lines), CRLF or not,
    /// and masked as a line near the top is.
    func testLinesPastManyCheckpointsAreFoundFromTheNearestOne() {
        var lines = (0..<300).map { $0 % 3 == 0 ? "k\($0) = \($0)\r" : "k\($0) = 'v\($0)'" }
        lines[130] = "[t]"
        lines[131] = "secret = 'abcdef' # the secret"
        lines[200] = "url = 'x://abcdef@host'"
        lines[299] = "last = 1"
        let text = lines.joined(separator: "\n")
        let masked = SecretMask.configLines(before: Array(text.utf8), after: [], documents: nil).0
        var expected = lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        expected[131] = "secret = \"***\" # the secret"
        expected[200] = "url = 'x://***@host'"
        XCTAssertEqual(masked.count, 300)
        XCTAssertEqual((0..<300).compactMap { masked[$0] }, expected)
        XCTAssertEqual([masked[63], masked[64], masked[65], masked[299]], [expected[63], expected[64], expected[65], "last = 1"])
        XCTAssertNil(masked[300])
        XCTAssertNil(masked[-1])
    }

    func testLinesOnDemandMatchTheWholeList() {
        let text = "# top\r\n[smtp]\r\nsecret = '''\r\nx\r\ny'''\r\nuser = \"u\""
        let lines = SecretMask.configLines(before: Array(text.utf8), after: [], documents: nil).0
        XCTAssertEqual((0..<lines.count).compactMap { lines[$0] }, SecretMask.configLines(Array(text.utf8)))
        XCTAssertEqual(lines.count, 6)
        XCTAssertNil(lines[6])
    }
}
