@testable import ConfigWriter
import LosslessTOML
import Foundation
import SMTPSettings
import XCTest

/// Given a file → the repairs of SPEC §12 → the exact repaired text.
final class RepairTests: XCTestCase {
    /// Repairs `input`, checks the exact text and the repairs' kinds, that the written file needs no further
    /// repair and that the server would not refuse it.
    /// The same again with CRLF line endings and with a byte-order mark, which must stay as they are.
    @discardableResult
    private func check(
        _ input: String, serverLayout: SkipFlagLayout? = nil, expected: String, kinds: [Repair.Kind],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> ChangePlan {
        if !input.contains("\r") {
            let crlf = { (text: String) in text.replacingOccurrences(of: "\n", with: "\r\n") }
            try checkOnce(crlf(input), serverLayout: serverLayout, expected: crlf(expected), kinds: kinds, file: file, line: line)
        }
        if !input.hasPrefix("\u{FEFF}") {
            try checkOnce("\u{FEFF}" + input, serverLayout: serverLayout, expected: "\u{FEFF}" + expected, kinds: kinds, file: file, line: line)
        }
        return try checkOnce(input, serverLayout: serverLayout, expected: expected, kinds: kinds, file: file, line: line)
    }

    @discardableResult
    private func checkOnce(
        _ input: String, serverLayout: SkipFlagLayout?, expected: String, kinds: [Repair.Kind],
        file: StaticString, line: UInt
    ) throws -> ChangePlan {
        let fixture = try ConfigFixture(self, config: input)
        let state = try fixture.load()
        XCTAssertEqual(state.repairs(serverLayout: serverLayout).map(\.kind), kinds, file: file, line: line)
        let plan = try state.repairPlan(serverLayout: serverLayout)
        XCTAssertEqual(String(decoding: plan.configAfter, as: UTF8.self), expected, file: file, line: line)
        XCTAssertEqual(plan.repairs.map(\.kind), kinds, file: file, line: line)
        _ = try plan.write(backup: false)
        let again = try fixture.load()
        XCTAssertEqual(again.repairs(serverLayout: serverLayout).filter(\.changesFile), [], "a second repair finds more", file: file, line: line)
        XCTAssertEqual(again.warnings.filter(\.code.serverRefusesFile).map(\.code), [], file: file, line: line)
        return plan
    }

    // MARK: Unknown keys in [smtp]

    func testPort465WithoutStarttlsIsRemovedWithItsComment() throws {
        let plan = try check("""
            [smtp] # mail
            user = "admin@example.org"
            endpoint = "smtp.example.org" # the provider
            # SMTPS port
            port = 465 # as the provider says

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, expected: """
            [smtp] # mail
            user = "admin@example.org"
            endpoint = "smtp.example.org" # the provider

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, kinds: [.REMOVE_UNKNOWN_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), ["remove port = 465 from [smtp] (implied by SMTPS)"])
    }

    func testPort587WithStarttlsIsRemoved() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            port = 587
            starttls = true

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            starttls = true

            """, kinds: [.REMOVE_UNKNOWN_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), ["remove port = 587 from [smtp] (implied by starttls = true)"])
    }

    func testPort587WithoutStarttlsBecomesStarttls() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            port = 587

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            starttls = true

            """, kinds: [.FOLD_UNKNOWN_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), ["replace port = 587 with starttls = true in [smtp] (the server reaches port 587 only with STARTTLS)"])
    }

    func testPort465WithStarttlsMeansSMTPS() throws {
        try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            port = 465
            starttls = true # TLS on

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            starttls = false # TLS on

            """, kinds: [.FOLD_UNKNOWN_KEY])
    }

    func testOtherPortBecomesAURLAndStarttlsGoes() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "mail.example.org" # relay
            starttls = true
            port = 2525

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp://mail.example.org:2525?tls=required" # relay

            """, kinds: [.FOLD_UNKNOWN_KEY])
        XCTAssertEqual(
            plan.repairs.map(\.summary),
            ["fold port = 2525 into endpoint = \"smtp://mail.example.org:2525?tls=required\" (STARTTLS required; a host name alone reaches only ports 465 and 587; "
                + "starttls = true goes too: beside a URL endpoint the server ignores it)"])
    }

    func testPortAsStringIsRead() throws {
        try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "mail.example.org"
            port = "2525"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp://mail.example.org:2525?tls=required"

            """, kinds: [.FOLD_UNKNOWN_KEY])
    }

    func testPortGoesIntoAURLWithoutOne() throws {
        try check("""
            [smtp]
            user = "relay@example.org"
            endpoint = "smtp://smtp_relay"
            port = 2500

            """, expected: """
            [smtp]
            user = "relay@example.org"
            endpoint = "smtp://smtp_relay:2500"

            """, kinds: [.FOLD_UNKNOWN_KEY])
    }

    func testURLPortWinsOverAnotherPort() throws {
        let plan = try check("""
            [smtp]
            user = "relay@example.org"
            endpoint = "smtp://localhost:2500"
            port = 25

            """, expected: """
            [smtp]
            user = "relay@example.org"
            endpoint = "smtp://localhost:2500"

            """, kinds: [.REMOVE_UNKNOWN_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), ["remove port = 25 from [smtp]: the endpoint's URL names port 2500, which the server uses"])
    }

    func testTLSTrueWithARelayIsImplied() throws {
        try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            tls = true

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            """, kinds: [.REMOVE_UNKNOWN_KEY])
    }

    func testTLSTrueAddsTLSRequiredToAPlainURL() throws {
        try check("""
            [smtp]
            user = "relay@example.org"
            endpoint = "smtp://relay.example.org:2525"
            tls = true

            """, expected: """
            [smtp]
            user = "relay@example.org"
            endpoint = "smtp://relay.example.org:2525?tls=required"

            """, kinds: [.FOLD_UNKNOWN_KEY])
    }

    func testTLSFalseWithPortBecomesAPlainURL() throws {
        let plan = try check("""
            [smtp]
            user = "relay@example.org"
            endpoint = "localhost"
            port = 25
            tls = false
            starttls = false

            """, expected: """
            [smtp]
            user = "relay@example.org"
            endpoint = "smtp://localhost:25"

            """, kinds: [.FOLD_UNKNOWN_KEY, .FOLD_UNKNOWN_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), [
            "fold port = 25 into endpoint = \"smtp://localhost:25\" (starttls = false goes too: beside a URL endpoint the server ignores it)",
            "replace tls = false with endpoint = \"smtp://localhost:25\" (plain text, no TLS: a host name alone always uses TLS)",
        ])
    }

    func testPasswordBecomesSecretInPlace() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            # from the provider's page
            password = "${SMTP_PASSWORD}" # kept in .env

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            # from the provider's page
            secret = "${SMTP_PASSWORD}" # kept in .env

            """, kinds: [.RENAME_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), ["rename password to secret in [smtp] (the server's name for it)"])
        XCTAssertFalse(plan.warnings.contains(.inlineSecret))
        let inline = try ConfigFixture(self, config: "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\npassword = \"x\"\n").load()
        XCTAssertTrue(try inline.repairPlan().warnings.contains(.inlineSecret))
        let replaced = try inline.plan(.smtp("a@example.org", "h.example.org"), repair: true)
        XCTAssertFalse(replaced.warnings.contains(.inlineSecret), "\(replaced.warnings)")
        let kept = try inline.plan(.smtp("a@example.org", "h.example.org", secret: .keep), repair: true)
        XCTAssertEqual(kept.warnings.filter { $0 == .inlineSecret }.count, 1, "\(kept.warnings)")
    }

    func testPasswordBesideASecretIsRemovedAndSaidSo() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            secret = "${SMTP_SECRET}"
            password = "Marker-Secret-7f3a"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            secret = "${SMTP_SECRET}"

            """, kinds: [.REMOVE_UNKNOWN_KEY])
        XCTAssertEqual(
            plan.repairs.map(\.summary),
            ["remove password from [smtp]: the server uses secret, which the file also has (password's other value is dropped)"])
        XCTAssertFalse(plan.repairs.map(\.summary).joined().contains("Marker-Secret-7f3a"))
        XCTAssertFalse(plan.diff().contains("Marker-Secret-7f3a"), plan.diff())
    }

    func testOtherUnknownKeysAreRemoved() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            from = "BOMnipotent <admin@example.org>"
            endpoint = "smtp.example.org"
            auth = "plain"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            """, kinds: [.REMOVE_UNKNOWN_KEY, .REMOVE_UNKNOWN_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), [
            "remove auth from [smtp] (the server does not know this key)",
            "remove from from [smtp] (the server does not know this key)",
        ])
    }

    func testInlineAndDottedSMTPTablesAreRepairedInTheirForm() throws {
        try check("""
            smtp = { user = "admin@example.org", endpoint = "smtp.example.org", port = 465, starttls = "no" } # mail

            """, expected: """
            smtp = { user = "admin@example.org", endpoint = "smtp.example.org", starttls = false } # mail

            """, kinds: [.FIX_TYPE, .REMOVE_UNKNOWN_KEY])
        try check("""
            smtp.user = "admin@example.org"
            smtp.endpoint = "mail.example.org"
            # the relay's port
            smtp.port = 2525
            domain = "https://bomnipotent.example.org"

            """, expected: """
            smtp.user = "admin@example.org"
            smtp.endpoint = "smtp://mail.example.org:2525?tls=required"
            domain = "https://bomnipotent.example.org"

            """, kinds: [.FOLD_UNKNOWN_KEY])
    }

    func testUnknownSubTableOfSMTPIsRemoved() throws {
        try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            [smtp.tls]
            verify = false

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, kinds: [.REMOVE_UNKNOWN_KEY])
    }

    // MARK: Known keys of the wrong type

    func testStarttllsWordsBecomeBooleans() throws {
        for (written, flag) in [("\"yes\"", "true"), ("\"true\"", "true"), ("1", "true"), ("\"no\"", "false"), ("\"Off\"", "false")] {
            let plan = try check("""
                [smtp]
                user = "admin@example.org"
                endpoint = "smtp.example.org"
                starttls = \(written) # STARTTLS

                """, expected: """
                [smtp]
                user = "admin@example.org"
                endpoint = "smtp.example.org"
                starttls = \(flag) # STARTTLS

                """, kinds: [.FIX_TYPE])
            XCTAssertEqual(plan.repairs.map(\.summary), ["write starttls = \(flag) instead of \(written) in [smtp] (the server reads only true or false)"])
        }
    }

    /// A `starttls` of the wrong type beside a fold of `port` or `tls`: the repairs give one account of the
    /// key, the value the file ends up with (the fold may set or remove it after its type is fixed).
    func testWrongTypedStarttlsWithAFoldIsOneAccountOfTheFinalValue() throws {
        let typeOnly = "(the server reads only true or false)"
        let cases: [(keys: String, after: String, repairs: [(Repair.Kind, String)])] = [
            ("port = 465\nstarttls = \"yes\"", "endpoint = \"smtp.example.org\"\nstarttls = false", [
                (.FIX_TYPE, "write starttls = false instead of \"yes\" in [smtp] (the server reads only true or false, and port 465 means SMTPS, not STARTTLS)"),
                (.FOLD_UNKNOWN_KEY, "replace port = 465 with starttls = false in [smtp] (port 465 is SMTPS, TLS from the first byte)"),
            ]),
            ("port = 465\nstarttls = 1", "endpoint = \"smtp.example.org\"\nstarttls = false", [
                (.FIX_TYPE, "write starttls = false instead of 1 in [smtp] (the server reads only true or false, and port 465 means SMTPS, not STARTTLS)"),
                (.FOLD_UNKNOWN_KEY, "replace port = 465 with starttls = false in [smtp] (port 465 is SMTPS, TLS from the first byte)"),
            ]),
            ("port = 465\nstarttls = \"no\"", "endpoint = \"smtp.example.org\"\nstarttls = false", [
                (.FIX_TYPE, "write starttls = false instead of \"no\" in [smtp] \(typeOnly)"),
                (.REMOVE_UNKNOWN_KEY, "remove port = 465 from [smtp] (implied by SMTPS)"),
            ]),
            ("port = 465\nstarttls = \"maybe\"", "endpoint = \"smtp.example.org\"", [
                (.REMOVE_UNREADABLE_VALUE, "remove starttls = \"maybe\" from [smtp]: it is neither true nor false (absent means false)"),
                (.REMOVE_UNKNOWN_KEY, "remove port = 465 from [smtp] (implied by SMTPS)"),
            ]),
            ("port = 587\nstarttls = \"no\"", "endpoint = \"smtp.example.org\"\nstarttls = true", [
                (.FIX_TYPE, "write starttls = true instead of \"no\" in [smtp] (the server reads only true or false, and port 587 means STARTTLS)"),
                (.FOLD_UNKNOWN_KEY, "replace port = 587 with starttls = true in [smtp] (the server reaches port 587 only with STARTTLS)"),
            ]),
            ("port = 587\nstarttls = \"maybe\"", "endpoint = \"smtp.example.org\"\nstarttls = true", [
                (.FIX_TYPE, "write starttls = true instead of \"maybe\" in [smtp] (it is neither true nor false, and port 587 means STARTTLS)"),
                (.FOLD_UNKNOWN_KEY, "replace port = 587 with starttls = true in [smtp] (the server reaches port 587 only with STARTTLS)"),
            ]),
            ("port = 587\nstarttls = \"yes\"", "endpoint = \"smtp.example.org\"\nstarttls = true", [
                (.FIX_TYPE, "write starttls = true instead of \"yes\" in [smtp] \(typeOnly)"),
                (.REMOVE_UNKNOWN_KEY, "remove port = 587 from [smtp] (implied by starttls = true)"),
            ]),
            ("port = 2525\nstarttls = \"yes\"", "endpoint = \"smtp://smtp.example.org:2525?tls=required\"", [
                (.REMOVE_UNREADABLE_VALUE, "remove starttls = \"yes\" from [smtp] (the server reads only true or false, and beside the new URL endpoint \"smtp://smtp.example.org:2525?tls=required\" the server ignores starttls)"),
                (.FOLD_UNKNOWN_KEY, "fold port = 2525 into endpoint = \"smtp://smtp.example.org:2525?tls=required\" (STARTTLS required; a host name alone reaches only ports 465 and 587)"),
            ]),
            ("tls = false\nstarttls = \"no\"", "endpoint = \"smtp://smtp.example.org\"", [
                (.REMOVE_UNREADABLE_VALUE, "remove starttls = \"no\" from [smtp] (the server reads only true or false, and beside the new URL endpoint \"smtp://smtp.example.org\" the server ignores starttls)"),
                (.FOLD_UNKNOWN_KEY, "replace tls = false with endpoint = \"smtp://smtp.example.org\" (plain text, no TLS: a host name alone always uses TLS)"),
            ]),
            ("port = 25\ntls = false\nstarttls = \"yes\"", "endpoint = \"smtp://smtp.example.org:25\"", [
                (.REMOVE_UNREADABLE_VALUE, "remove starttls = \"yes\" from [smtp] (the server reads only true or false, and beside the new URL endpoint \"smtp://smtp.example.org:25\" the server ignores starttls)"),
                (.FOLD_UNKNOWN_KEY, "fold port = 25 into endpoint = \"smtp://smtp.example.org:25\""),
                (.FOLD_UNKNOWN_KEY, "replace tls = false with endpoint = \"smtp://smtp.example.org:25\" (plain text, no TLS: a host name alone always uses TLS)"),
            ]),
            ("port = 465\ntls = true\nstarttls = \"on\"", "endpoint = \"smtp.example.org\"\nstarttls = false", [
                (.FIX_TYPE, "write starttls = false instead of \"on\" in [smtp] (the server reads only true or false, and port 465 means SMTPS, not STARTTLS)"),
                (.FOLD_UNKNOWN_KEY, "replace port = 465 with starttls = false in [smtp] (port 465 is SMTPS, TLS from the first byte)"),
                (.REMOVE_UNKNOWN_KEY, "remove tls = true from [smtp] (a host name endpoint always uses TLS)"),
            ]),
            ("tls = true\nstarttls = \"yes\"", "endpoint = \"smtp.example.org\"\nstarttls = true", [
                (.FIX_TYPE, "write starttls = true instead of \"yes\" in [smtp] \(typeOnly)"),
                (.REMOVE_UNKNOWN_KEY, "remove tls = true from [smtp] (a host name endpoint always uses TLS)"),
            ]),
        ]
        for (keys, after, repairs) in cases {
            let plan = try check(
                "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\n\(keys)\n",
                expected: "[smtp]\nuser = \"admin@example.org\"\n\(after)\n", kinds: repairs.map(\.0))
            XCTAssertEqual(plan.repairs.map(\.summary), repairs.map(\.1), keys)
        }
    }

    func testUnreadableStarttlsIsRemovedWithANote() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            starttls = "sometimes"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            """, kinds: [.REMOVE_UNREADABLE_VALUE])
        XCTAssertEqual(plan.repairs.map(\.summary), ["remove starttls = \"sometimes\" from [smtp]: it is neither true nor false (absent means false)"])
    }

    func testNumberAsUserBecomesText() throws {
        try check("""
            [smtp]
            user = 4711
            endpoint = "smtp.example.org"

            """, expected: """
            [smtp]
            user = "4711"
            endpoint = "smtp.example.org"

            """, kinds: [.FIX_TYPE])
    }

    // MARK: [smtp_config]

    func testSMTPConfigHeaderIsRenamedWithEveryComment() throws {
        let plan = try check("""
            domain = "https://bomnipotent.example.org"

            # SMTP relay, see the relay integration page
            [smtp_config] # relay
            # no secret for the local relay
            user = "bomnipotent@example.org"
            endpoint = "smtp://smtp_relay:2500"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, expected: """
            domain = "https://bomnipotent.example.org"

            # SMTP relay, see the relay integration page
            [smtp] # relay
            # no secret for the local relay
            user = "bomnipotent@example.org"
            endpoint = "smtp://smtp_relay:2500"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, kinds: [.MOVE_SMTP_CONFIG])
        XCTAssertEqual(plan.repairs.map(\.summary), ["move [smtp_config] to [smtp] (the server reads only [smtp])"])
        let before = try ConfigFixture(self, config: "[smtp_config]\nuser = \"a@example.org\"\n").load()
        XCTAssertEqual(before.warnings.filter(\.code.serverRefusesFile).map(\.code), [.SMTP_CONFIG_TABLE])
    }

    func testSMTPConfigBesideATrueSkipFlagLeavesTheFlagAndSaysSo() throws {
        let plan = try check("""
            skip_user_verification = true # until mail works

            [smtp_config]
            user = "bomnipotent@example.org"
            endpoint = "smtp://smtp_relay:2500"

            """, expected: """
            skip_user_verification = true # until mail works

            [smtp]
            user = "bomnipotent@example.org"
            endpoint = "smtp://smtp_relay:2500"

            """, kinds: [.MOVE_SMTP_CONFIG])
        XCTAssertEqual(plan.repairs.map(\.summary), [
            "move [smtp_config] to [smtp] (the server reads only [smtp]); skip_user_verification stays true, so the server still "
                + "mails no verification link: set it to false, or run apply with --user and --endpoint, which does, once the probe passes",
        ])
        let off = try ConfigFixture(self, config: "skip_user_verification = false\n[smtp_config]\nuser = \"a@example.org\"\n").load()
        XCTAssertEqual(off.repairs().map(\.summary), ["move [smtp_config] to [smtp] (the server reads only [smtp])"])
    }

    func testSMTPConfigInCRLFWithSpacedHeaderAndItsOwnUnknownKey() throws {
        try check(
            "# relay\r\n[ smtp_config ]\r\nuser = \"relay@example.org\"\r\nendpoint = \"smtp_relay\"\r\nport = 2500\r\n",
            expected: "# relay\r\n[ smtp ]\r\nuser = \"relay@example.org\"\r\nendpoint = \"smtp://smtp_relay:2500?tls=required\"\r\n",
            kinds: [.MOVE_SMTP_CONFIG, .FOLD_UNKNOWN_KEY])
    }

    func testSMTPConfigDottedAndInline() throws {
        try check("""
            smtp_config.user = "relay@example.org" # login
            smtp_config . endpoint = "smtp://localhost:2500"
            domain = "https://bomnipotent.example.org"

            """, expected: """
            smtp.user = "relay@example.org" # login
            smtp . endpoint = "smtp://localhost:2500"
            domain = "https://bomnipotent.example.org"

            """, kinds: [.MOVE_SMTP_CONFIG])
        try check("""
            smtp_config = { user = "relay@example.org", endpoint = "smtp://localhost:2500" } # relay

            """, expected: """
            smtp = { user = "relay@example.org", endpoint = "smtp://localhost:2500" } # relay

            """, kinds: [.MOVE_SMTP_CONFIG])
    }

    func testSMTPConfigBesideSMTPMergesAndSMTPWins() throws {
        let plan = try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            # from the relay page
            [smtp_config]
            endpoint = "smtp://smtp_relay:2500"
            # STARTTLS on 587
            starttls = true # as the provider says

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            # STARTTLS on 587
            starttls = true # as the provider says

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, kinds: [.MOVE_SMTP_CONFIG])
        XCTAssertEqual(
            plan.repairs.map(\.summary),
            ["remove [smtp_config] (the server reads only [smtp]); move starttls to [smtp]; [smtp] keeps its own endpoint, [smtp_config]'s differing value is dropped"])
    }

    func testSMTPConfigWithASubTableBesideSMTPGoesWhole() throws {
        try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            [smtp_config]
            secret = "${SMTP_SECRET}"

            [smtp_config.tls]
            verify = true

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            secret = "${SMTP_SECRET}"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, kinds: [.MOVE_SMTP_CONFIG, .REMOVE_UNKNOWN_KEY])
    }

    func testSMTPConfigAtTheEndBesideSMTP() throws {
        try check("""
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            [smtp_config]
            user = "admin@example.org"

            """, expected: """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"

            """, kinds: [.MOVE_SMTP_CONFIG])
    }

    // MARK: Skip flag layout

    func testLegacyFlagMovesToUserForACurrentServer() throws {
        let plan = try check("""
            # BOMnipotent
            domain = "https://bomnipotent.example.org"
            # until SMTP works
            skip_user_verification = true # remove later

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, serverLayout: .current, expected: """
            # BOMnipotent
            domain = "https://bomnipotent.example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            [user]
            # until SMTP works
            skip_verification = true # remove later

            """, kinds: [.MOVE_SKIP_FLAG])
        XCTAssertEqual(plan.repairs.map(\.summary), ["move skip_user_verification to [user] skip_verification (the layout servers 0.7 and later read)"])
    }

    func testCurrentFlagMovesToTheRootForALegacyServer() throws {
        try check("""
            domain = "https://bomnipotent.example.org"

            [user]
            skip_verification = true # for now

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, serverLayout: .legacy, expected: """
            domain = "https://bomnipotent.example.org"
            skip_user_verification = true # for now

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, kinds: [.MOVE_SKIP_FLAG])
    }

    func testTmpAdminAndExpirationPeriodMoveWithTheFlagForACurrentServer() throws {
        let plan = try check("""
            # BOMnipotent
            domain = "https://bomnipotent.example.org"
            skip_user_verification = true
            # the first admin
            tmp_admin = "admin@example.org" # remove after setup
            user_expiration_period = "30 days"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, serverLayout: .current, expected: """
            # BOMnipotent
            domain = "https://bomnipotent.example.org"

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            [user]
            skip_verification = true
            # the first admin
            tmp_admin = "admin@example.org" # remove after setup
            expiration_period = "30 days"

            """, kinds: [.MOVE_SKIP_FLAG, .MOVE_USER_KEY, .MOVE_USER_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary), [
            "move skip_user_verification to [user] skip_verification (the layout servers 0.7 and later read)",
            "move tmp_admin to [user] tmp_admin (the layout servers 0.7 and later read)",
            "move user_expiration_period to [user] expiration_period (the layout servers 0.7 and later read)",
        ])
    }

    func testUserKeysWithoutAFlagMoveToTheRootForALegacyServer() throws {
        let plan = try check("""
            domain = "https://bomnipotent.example.org"

            [user]
            tmp_admin = "admin@example.org"
            expiration_period = "30 days" # a month

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, serverLayout: .legacy, expected: """
            domain = "https://bomnipotent.example.org"
            tmp_admin = "admin@example.org"
            user_expiration_period = "30 days" # a month

            [tls]
            certificate_chain_path = "/etc/ssl/chain.crt"

            """, kinds: [.MOVE_USER_KEY, .MOVE_USER_KEY])
        XCTAssertEqual(plan.repairs.map(\.summary).last, "move [user] expiration_period to user_expiration_period (the layout servers before 0.7 read)")
    }

    func testFlagInBothLayoutsKeepsTheOneTheServerReads() throws {
        try check("""
            skip_user_verification = false

            [user]
            skip_verification = true

            """, serverLayout: .current, expected: """
            [user]
            skip_verification = true

            """, kinds: [.MOVE_SKIP_FLAG])
    }

    func testSkipFlagWordBecomesABoolean() throws {
        let plan = try check("""
            skip_user_verification = "yes" # for now
            domain = "https://bomnipotent.example.org"

            """, expected: """
            skip_user_verification = true # for now
            domain = "https://bomnipotent.example.org"

            """, kinds: [.FIX_TYPE])
        XCTAssertEqual(plan.repairs.map(\.summary), ["write skip_user_verification = true instead of \"yes\" (the server reads only true or false)"])
        let unclear = try ConfigFixture(self, config: "[user]\nskip_verification = \"later\"\n").load()
        XCTAssertEqual(unclear.repairs(), [])
    }

    func testWithoutTheServerLayoutNoFlagMoves() throws {
        let input = "skip_user_verification = true\n"
        let fixture = try ConfigFixture(self, config: input)
        let state = try fixture.load()
        XCTAssertEqual(state.repairs(), [])
        XCTAssertFalse(try state.repairPlan().changesAnything)
        XCTAssertEqual(state.repairs(serverLayout: .legacy), [])
    }

    // MARK: Inline secret with ${…}

    func testInlineSecretWithVariableIsReportedAndLeft() throws {
        let input = """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            secret = "pre${SUFFIX}"

            """
        let fixture = try ConfigFixture(self, config: input)
        let state = try fixture.load()
        let plan = try state.repairPlan()
        XCTAssertFalse(plan.changesAnything)
        XCTAssertEqual(plan.repairs.map(\.kind), [.KEEP_INLINE_SECRET_WITH_VARIABLE])
        XCTAssertEqual(plan.repairs.map(\.changesFile), [false])
        XCTAssertEqual(plan.warnings.filter { $0.code == .INLINE_SECRET_HAS_VARIABLE }.count, 1, "\(plan.warnings)")
        XCTAssertTrue(state.warnings.contains(.inlineSecretHasVariable), "show names it: \(state.warnings)")
        let replaced = try state.plan(.smtp("admin@example.org", "smtp.example.org"), repair: true)
        XCTAssertEqual(replaced.repairs, [])
        XCTAssertFalse(replaced.warnings.map(\.code).contains(.INLINE_SECRET_HAS_VARIABLE))
    }

    // MARK: Bytes kept

    func testByteOrderMarkCRLFAndMissingFinalNewlineStay() throws {
        try check(
            "\u{FEFF}# config\r\n[smtp]\r\nuser = \"a@example.org\"\r\nendpoint = \"smtp.example.org\"\r\nstarttls = \"yes\"\r\nport = 587",
            expected: "\u{FEFF}# config\r\n[smtp]\r\nuser = \"a@example.org\"\r\nendpoint = \"smtp.example.org\"\r\nstarttls = true",
            kinds: [.FIX_TYPE, .REMOVE_UNKNOWN_KEY])
    }

    func testNothingToRepairChangesNothing() throws {
        let input = "[smtp]\nuser = \"a@example.org\"\nendpoint = \"smtp.example.org\"\nstarttls = true\n"
        let fixture = try ConfigFixture(self, config: input)
        let plan = try fixture.load().repairPlan(serverLayout: .current)
        XCTAssertFalse(plan.changesAnything)
        XCTAssertEqual(plan.repairs, [])
        XCTAssertEqual(plan.diff(), "")
    }

    // MARK: With a change

    func testRepairsAndTheSMTPChangeAreOnePlan() throws {
        let input = """
            [smtp_config]
            user = "old@example.org"
            endpoint = "old.example.org"
            port = 465
            starttls = "no"

            """
        let fixture = try ConfigFixture(self, config: input)
        let state = try fixture.load()
        let plan = try state.plan(.smtp("admin@example.org", "smtp.example.org", starttls: true), repair: true)
        XCTAssertEqual(String(decoding: plan.configAfter, as: UTF8.self), """
            [smtp]
            user = "admin@example.org"
            endpoint = "smtp.example.org"
            starttls = true
            secret = "${SMTP_SECRET}"

            """)
        XCTAssertEqual(plan.repairs.map(\.kind), [.MOVE_SMTP_CONFIG, .FIX_TYPE, .REMOVE_UNKNOWN_KEY])
        XCTAssertFalse(plan.warnings.map(\.code).contains(.SMTP_UNKNOWN_KEY), "\(plan.warnings)")
    }

    func testAFoldTheChangeReplacesIsSummarisedAsARemoval() throws {
        let input = "[smtp]\nuser = \"old@example.org\"\nendpoint = \"old.example.org\"\nport = 2525\n"
        let state = try ConfigFixture(self, config: input).load()
        let replaced = try state.plan(.smtp("admin@example.org", "smtp.example.org", secret: .keep), repair: true)
        XCTAssertEqual(String(decoding: replaced.configAfter, as: UTF8.self), "[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp.example.org\"\n")
        XCTAssertEqual(replaced.repairs.map(\.summary), ["remove port from [smtp] (the endpoint and starttls given replace it)"])
        let kept = try state.plan(.smtp("admin@example.org", "smtp://old.example.org:2525?tls=required", secret: .keep), repair: true)
        XCTAssertEqual(kept.repairs.map(\.kind), [.FOLD_UNKNOWN_KEY])
    }

    func testWithoutRepairTheChangeSaysTheFileStillNeedsIt() throws {
        let input = "[smtp]\nuser = \"old@example.org\"\nendpoint = \"old.example.org\"\nport = 465\n"
        let fixture = try ConfigFixture(self, config: input)
        let plan = try fixture.load().plan(.smtp("admin@example.org", "smtp.example.org"))
        XCTAssertEqual(plan.repairs, [])
        XCTAssertTrue(String(decoding: plan.configAfter, as: UTF8.self).contains("port = 465"))
        XCTAssertTrue(plan.warnings.map(\.code).contains(.SMTP_UNKNOWN_KEY))
        XCTAssertTrue(plan.notes.contains("the file still holds what the server refuses or misreads: 1 repair not made (apply --repair makes it)"), "\(plan.notes)")
    }

    func testSkipWithRepairWritesTheServersLayout() throws {
        let input = "skip_user_verification = false\n"
        let fixture = try ConfigFixture(self, config: input)
        let plan = try fixture.load().plan(.skipVerification, repair: true, serverLayout: .current)
        XCTAssertEqual(String(decoding: plan.configAfter, as: UTF8.self), "[user]\nskip_verification = true\n")
        XCTAssertEqual(plan.repairs.map(\.kind), [.MOVE_SKIP_FLAG])
    }

    // MARK: Every combination

    /// Every combination of `port`, `tls`, `starttls` and endpoint forms, in each table form and under
    /// `[smtp]` or `[smtp_config]`, repairs into a file the server accepts, reads back as intended, needs no
    /// second repair, and connects where the keys asked: to the port given (unless the URL names its own), with
    /// TLS when `tls = true`, without it when `tls = false` beside a host name.
    func testEveryCombinationRepairsIntoWhatWasMeant() throws {
        let ports = [nil, "465", "587", "2525", "\"2500\"", "\"x\""]
        let tlsValues = [nil, "true", "false", "\"yes\""]
        let starttlsValues = [nil, "true", "false", "\"yes\"", "\"maybe\""]
        let endpoints = ["\"smtp.example.org\"", "\"smtp://relay.example.org\"", "\"smtp://relay.example.org:2600?tls=required\"", "\"${HOST}\""]
        var count = 0
        for table in ["smtp", "smtp_config"] {
            for form in 0..<3 {
                for endpoint in endpoints {
                    for port in ports {
                        for tls in tlsValues {
                            for starttls in starttlsValues {
                                var pairs = [("user", "\"a@example.org\""), ("endpoint", endpoint)]
                                if let port { pairs.append(("port", port)) }
                                if let tls { pairs.append(("tls", tls)) }
                                if let starttls { pairs.append(("starttls", starttls)) }
                                pairs.append(("password", "\"${SMTP_SECRET}\""))
                                let text: String
                                switch form {
                                case 0: text = "# c\n[\(table)]\n" + pairs.map { "\($0.0) = \($0.1) # \($0.0)\n" }.joined() + "\n[tls]\nx = 1\n"
                                case 1: text = pairs.map { "\(table).\($0.0) = \($0.1)\n" }.joined() + "domain = \"d\"\n"
                                default: text = "\(table) = { " + pairs.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") + " }\n"
                                }
                                try checkCombination(text, port: port, tls: tls)
                                count += 1
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(count, 2 * 3 * 4 * 6 * 4 * 5)
    }

    /// `[smtp]` and `[smtp_config]` both present, each in every form: `[smtp]` keeps its values, gains the
    /// keys only `[smtp_config]` has, and `[smtp_config]` is gone.
    func testBothTablesInEveryFormMerge() throws {
        func written(_ table: String, _ pairs: [(String, String)], form: Int) -> String {
            switch form {
            case 0: return "[\(table)]\n" + pairs.map { "# \($0.0)\n\($0.0) = \($0.1)\n" }.joined() + "\n"
            case 1: return pairs.map { "\(table).\($0.0) = \($0.1)\n" }.joined()
            default: return "\(table) = { " + pairs.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") + " }\n"
            }
        }
        let smtp = [("user", "\"a@example.org\""), ("endpoint", "\"smtp.example.org\"")]
        let misplaced = [("endpoint", "\"smtp://relay:2500\""), ("secret", "\"${SMTP_SECRET}\""), ("starttls", "true")]
        for smtpForm in 0..<3 {
            for misplacedForm in 0..<3 {
                // Dotted keys go before any header; header tables after them.
                let parts = [(smtpForm, written("smtp", smtp, form: smtpForm)), (misplacedForm, written("smtp_config", misplaced, form: misplacedForm))]
                let text = "domain = \"d\"\n" + parts.sorted { ($0.0 == 0 ? 1 : 0) < ($1.0 == 0 ? 1 : 0) }.map(\.1).joined() + "[tls]\nx = 1\n"
                let document = try TOMLDocument(parsing: text)
                var repairer = RepairPlanner(document: document, serverLayout: nil, configPath: "config.toml")
                try repairer.run()
                let reparsed = try TOMLDocument(parsing: repairer.document.bytes)
                XCTAssertEqual(reparsed.root, expectedRoot(of: repairer, from: document), text)
                XCTAssertNil(reparsed.value(at: ["smtp_config"]), text)
                XCTAssertEqual(reparsed.value(at: ["smtp", "endpoint"]), .string("smtp.example.org"), text)
                XCTAssertEqual(reparsed.value(at: ["smtp", "secret"]), .string("${SMTP_SECRET}"), text)
                XCTAssertEqual(reparsed.value(at: ["smtp", "starttls"]), .boolean(true), text)
                XCTAssertEqual(reparsed.value(at: ["tls", "x"]), .integer(1), text)
                XCTAssertEqual(repairer.repairs.map(\.kind), [.MOVE_SMTP_CONFIG], text)
            }
        }
    }

    /// The whole root the repaired file must read back as: the file's, with the keys the repairs touched as
    /// the planner expects them.
    private func expectedRoot(of repairer: RepairPlanner, from document: TOMLDocument) -> TOMLValue {
        guard case .table(let expected) = repairer.expectedRoot else { return repairer.expectedRoot }
        var root = document.root
        for key in repairer.touchedKeys {
            root = root.removing(at: [key][...])
            if let value = expected[key] { root = root.setting(value, at: [key][...]) }
        }
        return root
    }

    /// What a repair's summary says the repaired `[smtp]` holds agrees with it: `write K = V instead of …` and
    /// `replace A = … with K = V` / `fold A = … into K = V` leave `V` in `K` (and `A` gone), `write K as text`
    /// leaves text, `remove K[ = …] from [smtp]` leaves no `K`, `rename A to K` leaves `K` and no `A`. A summary
    /// of another shape fails, so none goes unchecked.
    private func assertSummaryAgrees(_ repair: Repair, with smtp: TOMLTable, _ text: String) throws {
        let summary = repair.summary
        let context = "\(summary)\n\(text)"
        if repair.kind == .MOVE_SMTP_CONFIG || !repair.changesFile { return }
        let action = summary.components(separatedBy: " (")[0].components(separatedBy: ": ")[0]
        func words(after prefix: String) -> [String] { action.dropFirst(prefix.count).components(separatedBy: " ") }
        func assertValue(_ assignment: Substring) throws {
            let parts = assignment.components(separatedBy: " = ")
            XCTAssertEqual(parts.count, 2, context)
            let named = try TOMLDocument(parsing: "v = " + parts.dropFirst().joined(separator: " = ")).value(at: ["v"])
            XCTAssertEqual(smtp[parts[0]], named, context)
        }
        if action.hasPrefix("write "), let instead = action.range(of: " instead of ") {
            try assertValue(action[action.index(action.startIndex, offsetBy: 6)..<instead.lowerBound])
        } else if action.hasPrefix("write "), action.hasSuffix(" as text in [smtp]") {
            XCTAssertNotNil(smtp[words(after: "write ")[0]]?.stringValue, context)
        } else if action.hasPrefix("replace ") || action.hasPrefix("fold "),
                  let joint = action.range(of: " with ") ?? action.range(of: " into ") {
            let folded = action.components(separatedBy: " ")[1]
            XCTAssertNil(smtp[folded], context)
            var assignment = action[joint.upperBound...]
            if assignment.hasSuffix(" in [smtp]") { assignment = assignment.dropLast(" in [smtp]".count) }
            try assertValue(assignment)
        } else if action.hasPrefix("remove "), action.hasSuffix(" from [smtp]") {
            XCTAssertNil(smtp[words(after: "remove ")[0]], context)
        } else if action.hasPrefix("rename ") {
            let named = words(after: "rename ")
            XCTAssertNil(smtp[named[0]], context)
            XCTAssertNotNil(smtp[named[2]], context)
        } else {
            XCTFail("a summary of no known shape: \(context)")
        }
    }

    private func checkCombination(_ text: String, port: String?, tls: String?) throws {
        let document = try TOMLDocument(parsing: text)
        var repairer = RepairPlanner(document: document, serverLayout: nil, configPath: "config.toml")
        try repairer.run()
        let reparsed = try TOMLDocument(parsing: repairer.document.bytes)
        XCTAssertEqual(reparsed.root, expectedRoot(of: repairer, from: document), text)
        XCTAssertNil(reparsed.value(at: ["smtp_config"]), text)
        guard case .table(let smtp)? = reparsed.value(at: ["smtp"]) else { return XCTFail(text) }
        XCTAssertEqual(Set(smtp.keys).subtracting(ConfigState.smtpKeys), [], text)
        if let flag = smtp["starttls"] { XCTAssertNotNil(flag.boolValue, text) }
        XCTAssertEqual(smtp["secret"], .string("${SMTP_SECRET}"), text)
        for repair in repairer.repairs { try assertSummaryAgrees(repair, with: smtp, text) }
        var again = RepairPlanner(document: reparsed, serverLayout: nil, configPath: "config.toml")
        try again.run()
        XCTAssertEqual(again.repairs, [], text)
        guard let written = smtp["endpoint"]?.stringValue, let endpoint = try? Endpoint(parsing: written) else { return }
        let plan = endpoint.plan(starttls: smtp["starttls"]?.boolValue ?? false)
        let original = try Endpoint(parsing: try XCTUnwrap(document.value(at: [text.contains("smtp_config") ? "smtp_config" : "smtp", "endpoint"])?.stringValue))
        if let port, let number = Int(port.replacingOccurrences(of: "\"", with: "")) {
            if case .url(_, let urlPort?, _) = original.form {
                XCTAssertEqual(plan.port, urlPort, text)
            } else if tls != "false" || original.isURL {
                XCTAssertEqual(plan.port, number, text)
            }
        }
        if tls == "true" || tls == "\"yes\"" { XCTAssertTrue(plan.security.usesTLS, text) }
        if tls == "false", !original.isURL { XCTAssertEqual(plan.security, .none, text) }
    }
}
