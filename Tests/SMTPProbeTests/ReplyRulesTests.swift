import XCTest

@testable import SMTPProbe

/// One test per rule of ``ReplyRules``, each fed the real reply the rule was written for (SPEC §7, issue 9).
final class ReplyRulesTests: XCTestCase {
    private var tested: Set<String> = []

    private func context(
        _ stage: StageID, usedTLS: Bool = true, loggedIn: Bool = false, relayCheck: Bool = true
    ) -> ReplyContext {
        ReplyContext(stage: stage, usedTLS: usedTLS, loggedIn: loggedIn, relayCheck: relayCheck)
    }

    /// Asserts that `reply` in `context` is decided by the rule `name` (the first that matches), that the rule's
    /// documented example is this reply, and that the verdict is `expected`.
    private func assertRule(
        _ name: String, _ reply: SMTPReply, _ context: ReplyContext, _ expected: ReplyVerdict,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let rule = ReplyRules.all.first { $0.stages.contains(context.stage) && $0.matches(reply, context) }
        XCTAssertEqual(rule?.name, name, file: file, line: line)
        XCTAssertEqual(rule?.example, reply, "the rule's example is the reply it was written for", file: file, line: line)
        XCTAssertEqual(ReplyRules.verdict(for: reply, context), expected, file: file, line: line)
    }

    private func decoded(_ wire: String) throws -> SMTPReply {
        try XCTUnwrap(CodecTests.decodeReplies(wire).first)
    }

    func testSTARTTLSDemandIsTLSRequiredAtAnyStage() throws {
        let reply = try decoded("530 5.7.0 Must issue a STARTTLS command first\r\n")
        assertRule("STARTTLS demanded", reply, context(.mail, usedTLS: false), .failure(.TLS_REQUIRED))
        XCTAssertEqual(ReplyRules.verdict(for: reply, context(.auth, usedTLS: false)), .failure(.TLS_REQUIRED))
        XCTAssertEqual(ReplyRules.verdict(for: reply, context(.ehlo, usedTLS: false)), .failure(.TLS_REQUIRED))
    }

    func testTemporaryRefusalIsTemporaryFailure() throws {
        let reply = try decoded("450 4.3.2 <alice@probe.test>: Sender address rejected: Try again later\r\n")
        assertRule("temporary refusal", reply, context(.mail), .failure(.TEMPORARY_FAILURE))
        XCTAssertEqual(
            ReplyRules.verdict(for: SMTPReply(code: 451, lines: ["4.7.1 Greylisted, try again in 5 minutes"]), context(.rcpt)),
            .failure(.TEMPORARY_FAILURE))
        XCTAssertEqual(
            ReplyRules.verdict(for: SMTPReply(code: 452, lines: ["4.3.1 Insufficient system storage"]), context(.data)),
            .failure(.TEMPORARY_FAILURE))
    }

    func testRelayCheckAddressRefusedIsAWarning() throws {
        let reply = try decoded(
            "556 5.1.10 <postmaster@example.com>: Recipient address rejected: Domain example.com does not accept mail (nullMX)\r\n")
        assertRule("relay-check address refused", reply, context(.rcpt), .warning(.RELAY_CHECK_INCONCLUSIVE))
        XCTAssertNotEqual(
            ReplyRules.verdict(for: reply, context(.rcpt, relayCheck: false)), .warning(.RELAY_CHECK_INCONCLUSIVE),
            "a refused test address is a failure")
    }

    func testSenderNotOwnedAfterLoginIsSenderRejected() throws {
        let reply = try decoded("553 5.7.1 <bob@probe.test>: Sender address rejected: not owned by user alice@probe.test\r\n")
        assertRule(
            "sender not owned by the login", reply, context(.rcpt, loggedIn: true),
            .failure(.SENDER_REJECTED, hint: "Set user to an address this login may send from."))
    }

    func testSESUnverifiedIdentityIsSenderRejected() throws {
        let reply = try decoded(
            "554 Message rejected: Email address is not verified. The following identities failed the check in region EU-CENTRAL-1: alice@example.org\r\n")
        assertRule(
            "Amazon SES: identity not verified", reply, context(.data, loggedIn: true),
            .failure(
                .SENDER_REJECTED,
                hint: "Set user to an address this login may send from. Amazon SES: verify the address or its domain in the SES console first."))
    }

    func testAuthenticationRequiredIsAuthRequiredWithoutLoginAndRelayDeniedWithOne() throws {
        let reply = try decoded("530 5.7.0 Authentication required\r\n")
        assertRule("authentication required", reply, context(.mail), .failure(.AUTH_REQUIRED))
        XCTAssertEqual(ReplyRules.verdict(for: reply, context(.mail, loggedIn: true)), .failure(.RELAY_DENIED))
    }

    func testNotLoggedInIsAuthRequired() throws {
        let reply = try decoded("553 5.7.1 <alice@localhost>: Sender address rejected: not logged in\r\n")
        assertRule("sender refused: not logged in", reply, context(.mail), .failure(.AUTH_REQUIRED))
    }

    func testClientHostRejectedIsAuthRequiredWithoutLoginAndRelayDeniedWithOne() throws {
        let reply = try decoded("554 5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied\r\n")
        assertRule("client host rejected", reply, context(.rcpt), .failure(.AUTH_REQUIRED))
        XCTAssertEqual(ReplyRules.verdict(for: reply, context(.rcpt, relayCheck: false)), .failure(.AUTH_REQUIRED))
        XCTAssertEqual(ReplyRules.verdict(for: reply, context(.rcpt, loggedIn: true)), .failure(.RELAY_DENIED))
    }

    func testRelayingDeniedIsRelayDeniedAfterLogin() throws {
        let reply = try decoded("550 5.7.1 Relaying denied\r\n")
        assertRule("relaying denied", reply, context(.rcpt, loggedIn: true), .failure(.RELAY_DENIED))
        XCTAssertEqual(ReplyRules.verdict(for: reply, context(.rcpt)), .failure(.AUTH_REQUIRED))
        XCTAssertEqual(
            ReplyRules.verdict(for: SMTPReply(code: 554, lines: ["5.7.1 <postmaster@example.com>: Relay access denied"]), context(.rcpt, loggedIn: true)),
            .failure(.RELAY_DENIED))
    }

    func testGmailApplicationSpecificPassword() throws {
        let reply = try decoded(
            "534-5.7.9 Application-specific password required. Learn more at\r\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor\r\n")
        XCTAssertEqual(reply.messageLines, [
            "Application-specific password required. Learn more at", "https://support.google.com/mail/?p=InvalidSecondFactor",
        ])
        assertRule(
            "Gmail: application-specific password required", reply, context(.auth),
            .failure(.AUTH_FAILED, hint: "Gmail wants an app password (2-step verification is on): create one in the Google account's security settings and set secret to it."))
    }

    func testMicrosoftSMTPAuthDisabled() throws {
        let reply = try decoded(
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.\r\n")
        assertRule(
            "Microsoft 365: SMTP AUTH disabled", reply, context(.auth),
            .failure(.AUTH_FAILED, hint: "Microsoft 365 has SMTP AUTH switched off: an administrator must enable Authenticated SMTP for this mailbox (or the tenant)."))
    }

    func testMicrosoftPasswordLoginSwitchedOff() throws {
        let reply = try decoded(
            "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [AM0PR02CA0001.eurprd02.prod.outlook.com]\r\n")
        assertRule(
            "Microsoft: password login switched off", reply, context(.auth),
            .failure(.AUTH_FAILED, hint: "Microsoft has switched off password login for this account, and BOMnipotent cannot use OAuth2: use a relay service, or a Microsoft 365 mailbox with SMTP AUTH enabled."))
    }

    func testWrongLogin() throws {
        let reply = try decoded(
            "535-5.7.8 Username and Password not accepted. For more information, go to\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials\r\n")
        assertRule(
            "wrong login", reply, context(.auth),
            .failure(.AUTH_FAILED, hint: "The user or the secret is wrong: check both (the login is usually the full address; for a relay service the secret is its SMTP key, not the account password)."))
    }

    func testEveryRuleHasATest() {
        let names = ReplyRules.all.map(\.name)
        XCTAssertEqual(Set(names).count, names.count, "rule names are unique")
        XCTAssertEqual(names, [
            "STARTTLS demanded", "temporary refusal", "relay-check address refused", "sender not owned by the login",
            "Amazon SES: identity not verified", "authentication required", "sender refused: not logged in",
            "client host rejected", "relaying denied", "Gmail: application-specific password required",
            "Microsoft 365: SMTP AUTH disabled", "Microsoft: password login switched off", "wrong login",
        ], "a new rule needs a test of its own above")
    }

    func testFallbackWhenNoRuleMatches() {
        let unknown = SMTPReply(code: 550, lines: ["5.7.0 Policy says no"])
        XCTAssertNil(ReplyRules.verdict(for: unknown, context(.mail)))
        XCTAssertEqual(ReplyRules.classify(unknown, context(.mail), authOffered: true), .failure(.SENDER_REJECTED))
        XCTAssertEqual(ReplyRules.classify(unknown, context(.rcpt, relayCheck: false), authOffered: true), .failure(.RECIPIENT_REJECTED))
        XCTAssertEqual(ReplyRules.classify(unknown, context(.rcpt), authOffered: true), .failure(.AUTH_REQUIRED))
        XCTAssertEqual(ReplyRules.classify(unknown, context(.rcpt), authOffered: false), .failure(.RELAY_DENIED))
        XCTAssertEqual(ReplyRules.classify(unknown, context(.rcpt, loggedIn: true), authOffered: true), .failure(.RELAY_DENIED))
        XCTAssertEqual(ReplyRules.classify(unknown, context(.data), authOffered: true), .failure(.DATA_REJECTED))
        XCTAssertEqual(ReplyRules.classify(SMTPReply(code: 535, lines: ["no"]), context(.auth), authOffered: true), .failure(.AUTH_FAILED))
    }

    func testA4xxOutsideTheMailTransactionIsNotATemporaryFailure() {
        XCTAssertNil(ReplyRules.verdict(for: SMTPReply(code: 454, lines: ["4.7.0 Temporary authentication failure"]), context(.auth)))
    }
}
