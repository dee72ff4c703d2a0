@testable import ConfigWriter
import Foundation
import SMTPSettings
import TOMLKit
import XCTest

/// Given a file → an edit → the exact expected text (SPEC §1, §4).
final class ConfigMergeTests: XCTestCase {
    /// The config.toml example of the server's documentation, read from ../shared/docs/bomnipotent.md.
    private func documentedConfig() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("../shared/docs/bomnipotent.md"), encoding: .utf8)
        let start = try XCTUnwrap(doc.range(of: "```toml\n"))
        let end = try XCTUnwrap(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        return String(doc[start.upperBound..<end.lowerBound])
    }

    /// Applies `change` twice: the second run must change nothing, byte for byte.
    private func check(
        _ input: String, _ change: ConfigChange, schema: SchemaChoice = .auto, expected: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let fixture = try ConfigFixture(self, config: input)
        try fixture.apply(change, schema: schema)
        XCTAssertEqual(try fixture.read("config.toml"), expected, file: file, line: line)
        let again = try fixture.load(schema: schema).plan(change)
        XCTAssertFalse(again.changesAnything, "second apply changes something", file: file, line: line)
        XCTAssertEqual(again.configAfter, Array(expected.utf8), file: file, line: line)
    }

    func testDocumentedConfig() throws {
        let input = try documentedConfig()
        let expected = input
            .replacingOccurrences(of: "user = \"<you@yourdomain.com>\"", with: "user = \"admin@example.org\"")
            .replacingOccurrences(of: "endpoint = \"<your.smtp.host>\"", with: "endpoint = \"smtp.example.org\"")
            .replacingOccurrences(of: "secret = \"${SMTP_SECRET}\"\n", with: "secret = \"${SMTP_SECRET}\"\nstarttls = true\n")
        XCTAssertNotEqual(input, expected)
        try check(input, .smtp("admin@example.org", "smtp.example.org", starttls: true), expected: expected)
    }

    func testCommentOnEveryLineStays() throws {
        let input = """
            # Mail settings, see the server docs
            [smtp] # the section
            # the login
            user = "old@example.org" # old login
            # the relay
            endpoint = "old.example.org"   # old host
            # the secret
            secret = "${OLD_SECRET}" # from compose
            # security
            starttls = true # STARTTLS on 587
            # end of smtp

            [tls] # tls
            certificate_chain_path = "/etc/ssl/chain.crt"

            """
        let expected = """
            # Mail settings, see the server docs
            [smtp] # the section
            # the login
            user = "new@example.org" # old login
            # the relay
            endpoint = "mail.example.org"   # old host
            # the secret
            secret = "${SMTP_SECRET}" # from compose
            # security
            starttls = false # STARTTLS on 587
            # end of smtp

            [tls] # tls
            certificate_chain_path = "/etc/ssl/chain.crt"

            """
        try check(input, .smtp("new@example.org", "mail.example.org", starttls: false), expected: expected)
    }

    func testDottedKeysAtTheRoot() throws {
        let input = """
            domain = "https://bomnipotent.example.org"
            smtp.user = "old@example.org"
            smtp.endpoint = "old.example.org"

            [tls]
            secret_key_path = "/etc/ssl/private/key"

            """
        let expected = """
            domain = "https://bomnipotent.example.org"
            smtp.user = "new@example.org"
            smtp.endpoint = "smtp.example.org"
            smtp.secret = "${SMTP_SECRET}"
            smtp.starttls = true

            [tls]
            secret_key_path = "/etc/ssl/private/key"

            """
        try check(input, .smtp("new@example.org", "smtp.example.org", starttls: true), expected: expected)
    }

    func testInlineTable() throws {
        let input = """
            domain = "https://bomnipotent.example.org"
            smtp = { user = "old@example.org", endpoint = "old.example.org", secret = "${SMTP_SECRET}" }

            [tls]
            secret_key_path = "/etc/ssl/private/key"

            """
        let expected = """
            domain = "https://bomnipotent.example.org"
            smtp = { user = "new@example.org", endpoint = "smtp://localhost:2500" }

            [tls]
            secret_key_path = "/etc/ssl/private/key"

            """
        try check(input, .smtp("new@example.org", "smtp://localhost:2500", secret: .remove), expected: expected)
    }

    /// The input has no final newline, and neither has the output: the file's own style is kept.
    func testNoSMTPSectionAppendsOneAtTheEnd() throws {
        let input = """
            # BOMnipotent config
            domain = "https://bomnipotent.example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt" # chain
            """
        let expected = """
            # BOMnipotent config
            domain = "https://bomnipotent.example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt" # chain

            [smtp]
            user = "you@example.org"
            endpoint = "smtp.example.org"
            secret = "${SMTP_SECRET}"
            """
        let fixture = try ConfigFixture(self, config: input)
        try fixture.apply(.smtp("you@example.org", "smtp.example.org"))
        XCTAssertEqual(try fixture.read("config.toml"), expected)
    }

    func testSMTPFirstInFile() throws {
        let input = """
            [smtp]
            user = "old@example.org"
            endpoint = "old.example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """
        let expected = """
            [smtp]
            user = "old@example.org"
            endpoint = "old.example.org"
            secret = "${SMTP_SECRET}"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """
        try check(input, .smtp("old@example.org", "old.example.org"), expected: expected)
    }

    func testQuotedAndSpacedHeader() throws {
        let input = "[ \"smtp\" ]\n  user = \"a@example.org\"\n  endpoint = \"h.example.org\"\n"
        let expected = "[ \"smtp\" ]\n  user = \"a@example.org\"\n  endpoint = \"h.example.org\"\n  starttls = true\n"
        try check(input, .smtp("a@example.org", "h.example.org", starttls: true, secret: .keep), expected: expected)
    }

    func testLegacySkipFlagTrueIsTurnedOffInPlace() throws {
        let input = """
            # top comment
            domain = "https://bomnipotent.example.org"
            # no mail server yet
            skip_user_verification = true # TODO
            tmp_admin = "admin@example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """
        let fixture = try ConfigFixture(self, config: input)
        let plan = try fixture.apply(.smtp("you@example.org", "smtp.example.org"))
        XCTAssertEqual(try fixture.read("config.toml"), """
            # top comment
            domain = "https://bomnipotent.example.org"
            # no mail server yet
            skip_user_verification = false # TODO
            tmp_admin = "admin@example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            [smtp]
            user = "you@example.org"
            endpoint = "smtp.example.org"
            secret = "${SMTP_SECRET}"

            """)
        XCTAssertEqual(plan.notes, ["skip_user_verification set to false: user verification is on again"])
    }

    func testCurrentSkipFlagTrueIsTurnedOffInPlace() throws {
        let input = """
            [user]
            tmp_admin = "admin@example.org"
            skip_verification = true # for now
            expiration_period = "365 days"

            [smtp]
            user = "you@example.org"
            endpoint = "smtp.example.org"

            """
        let expected = """
            [user]
            tmp_admin = "admin@example.org"
            skip_verification = false # for now
            expiration_period = "365 days"

            [smtp]
            user = "you@example.org"
            endpoint = "smtp.example.org"

            """
        try check(input, .smtp("you@example.org", "smtp.example.org", secret: .keep), expected: expected)
    }

    func testSkipLegacyGoesAfterLastRootKey() throws {
        let input = """
            # The db_url has the structure [db_client]://[user]:[password]@[container]:[port]/[db]
            db_url = "postgres://u:${BOMNIPOTENT_DB_PW}@db:5432/db"
            # Domain
            domain = "https://bomnipotent.example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            [smtp]
            user = "you@example.org"
            endpoint = "smtp.example.org"

            """
        let expected = """
            # The db_url has the structure [db_client]://[user]:[password]@[container]:[port]/[db]
            db_url = "postgres://u:${BOMNIPOTENT_DB_PW}@db:5432/db"
            # Domain
            domain = "https://bomnipotent.example.org"
            skip_user_verification = true

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            [smtp]
            user = "you@example.org"
            endpoint = "smtp.example.org"

            """
        try check(input, .skipVerification, expected: expected)
    }

    /// SPEC §4: with no root key/value at all, the flag still goes before the first header, after the top comments.
    func testSkipLegacyWithoutRootKeysKeepsTopCommentsFirst() throws {
        let input = "# BOMnipotent config\n# managed by hand\n\n[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\n"
        let expected = "# BOMnipotent config\n# managed by hand\nskip_user_verification = true\n\n[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\n"
        try check(input, .skipVerification, expected: expected)
    }

    /// The documented config: the legacy flag lands after `domain`, the last root key, and `[smtp]` stays as it is.
    func testSkipOnDocumentedConfig() throws {
        let input = try documentedConfig()
        let domainLine = try XCTUnwrap(input.split(separator: "\n", omittingEmptySubsequences: false).first { $0.hasPrefix("domain = ") })
        let expected = input.replacingOccurrences(of: domainLine + "\n", with: domainLine + "\nskip_user_verification = true\n")
        XCTAssertNotEqual(input, expected)
        try check(input, .skipVerification, expected: expected)
    }

    func testSkipLegacyAlreadyFalseBecomesTrueInPlace() throws {
        let input = "skip_user_verification = false # keep me\ndomain = \"d\"\n"
        try check(input, .skipVerification, expected: "skip_user_verification = true # keep me\ndomain = \"d\"\n")
    }

    func testSkipCurrentInUserTableWithOtherKeys() throws {
        let input = """
            domain = "https://bomnipotent.example.org"

            [user]
            # first admin
            tmp_admin = "admin@example.org"
            expiration_period = "365 days"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """
        let expected = """
            domain = "https://bomnipotent.example.org"

            [user]
            # first admin
            tmp_admin = "admin@example.org"
            expiration_period = "365 days"
            skip_verification = true

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """
        try check(input, .skipVerification, expected: expected)
    }

    func testSkipCurrentAlreadyFalseBecomesTrueInPlace() throws {
        let input = "[user]\n# off until mail works\nskip_verification = false # later\ntmp_admin = \"admin@example.org\"\n"
        let expected = "[user]\n# off until mail works\nskip_verification = true # later\ntmp_admin = \"admin@example.org\"\n"
        try check(input, .skipVerification, expected: expected)
    }

    func testSkipLegacyAlreadyTrueChangesNothing() throws {
        let fixture = try ConfigFixture(self, config: "skip_user_verification = true # for now\n")
        let plan = try fixture.load().plan(.skipVerification)
        XCTAssertFalse(plan.changesAnything)
        XCTAssertEqual(plan.notes, ["skip_user_verification is already true"])
    }

    func testSkipCurrentAlreadyTrueChangesNothing() throws {
        let input = "[user]\nskip_verification = true\n"
        let fixture = try ConfigFixture(self, config: input)
        let plan = try fixture.load().plan(.skipVerification)
        XCTAssertFalse(plan.changesAnything)
        XCTAssertEqual(plan.notes, ["[user] skip_verification is already true"])
    }

    func testSkipWithExplicitCurrentSchemaAddsUserTable() throws {
        try check(
            "domain = \"d\"\n", .skipVerification, schema: .current,
            expected: "domain = \"d\"\n\n[user]\nskip_verification = true\n")
    }

    func testCRLFFileStaysCRLF() throws {
        let input = "# crlf\r\ndomain = \"d\"\r\n\r\n[smtp]\r\nuser = \"old@example.org\"\r\nendpoint = \"old.example.org\"\r\n"
        let expected = "# crlf\r\ndomain = \"d\"\r\n\r\n[smtp]\r\nuser = \"new@example.org\"\r\nendpoint = \"old.example.org\"\r\nsecret = \"${SMTP_SECRET}\"\r\nstarttls = true\r\n"
        try check(input, .smtp("new@example.org", "old.example.org", starttls: true), expected: expected)
    }

    func testByteOrderMarkAndMissingFinalNewlineKept() throws {
        let input = "\u{FEFF}[smtp]\nuser = \"old@example.org\"\nendpoint = \"h.example.org\""
        let expected = "\u{FEFF}[smtp]\nuser = \"new@example.org\"\nendpoint = \"h.example.org\""
        try check(input, .smtp("new@example.org", "h.example.org", secret: .keep), expected: expected)
    }

    func testSwitchingSecuritySecretSourceBackAndForth() throws {
        let fixture = try ConfigFixture(self, config: "domain = \"d\"\n\n[smtp] # mail\nuser = \"you@example.org\" # login\nendpoint = \"smtp.example.org\"\n")
        let steps: [(ConfigChange, String, String?)] = [
            (.smtp("you@example.org", "smtp.example.org", starttls: true),
             "domain = \"d\"\n\n[smtp] # mail\nuser = \"you@example.org\" # login\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\nstarttls = true\n", nil),
            (.smtp("you@example.org", "smtp.example.org", starttls: false, secret: .inline("pa\"ss\\word")),
             "domain = \"d\"\n\n[smtp] # mail\nuser = \"you@example.org\" # login\nendpoint = \"smtp.example.org\"\nsecret = \"pa\\\"ss\\\\word\"\nstarttls = false\n", nil),
            (.smtp("you@example.org", "smtp.example.org", starttls: true, secret: .dotenv(name: "SMTP_SECRET", value: "from env file")),
             "domain = \"d\"\n\n[smtp] # mail\nuser = \"you@example.org\" # login\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\nstarttls = true\n",
             "SMTP_SECRET=\"from env file\"\n"),
            (.smtp("you@example.org", "smtp://localhost:2500", starttls: false, secret: .remove),
             "domain = \"d\"\n\n[smtp] # mail\nuser = \"you@example.org\" # login\nendpoint = \"smtp://localhost:2500\"\nstarttls = false\n",
             "SMTP_SECRET=\"from env file\"\n"),
            (.smtp("you@example.org", "smtp.example.org", starttls: false, secret: .variable("SMTP_SECRET")),
             "domain = \"d\"\n\n[smtp] # mail\nuser = \"you@example.org\" # login\nendpoint = \"smtp.example.org\"\nstarttls = false\nsecret = \"${SMTP_SECRET}\"\n",
             "SMTP_SECRET=\"from env file\"\n"),
        ]
        for (index, (change, config, env)) in steps.enumerated() {
            try fixture.apply(change)
            XCTAssertEqual(try fixture.read("config.toml"), config, "step \(index)")
            XCTAssertEqual(try? fixture.read(".env"), env, "step \(index)")
            let again = try fixture.load().plan(change)
            XCTAssertFalse(again.changesAnything, "step \(index) applied twice")
        }
    }

    func testUnmanagedKeysStayAndAreReported() throws {
        let input = "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nport = 587\n"
        let fixture = try ConfigFixture(self, config: input)
        let state = try fixture.load()
        XCTAssertEqual(state.warnings.map(\.code), [.SMTP_UNKNOWN_KEY])
        let plan = try fixture.apply(.smtp("b@example.org", "h.example.org", secret: .keep))
        XCTAssertEqual(try fixture.read("config.toml"), "[smtp]\nuser = \"b@example.org\"\nendpoint = \"h.example.org\"\nport = 587\n")
        XCTAssertEqual(plan.warnings, [SettingsWarning(
            code: .SMTP_UNKNOWN_KEY,
            message: "[smtp] has the key \"port\", which the server rejects as unknown (it knows user, endpoint, secret, starttls).")])
    }

    func testStringsAreEscapedAndReadBackByAnotherParser() throws {
        let user = "quote\"back\\slash\ttab\u{1}ünï"
        let fixture = try ConfigFixture(self, config: "")
        try fixture.apply(.smtp(user: "u@example.org", endpoint: "smtp.example.org", starttls: false, secret: .inline(user)))
        let state = try fixture.load()
        XCTAssertEqual(state.smtp?.secret, .inline(user))
        XCTAssertEqual(state.smtp?.user, "u@example.org")
        let table = try TOMLTable(string: try fixture.read("config.toml"))
        XCTAssertEqual(table["smtp"]?["secret"]?.string, user)
    }
}
