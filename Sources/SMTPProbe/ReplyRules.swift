import SMTPSettings

/// What the probe knows when a reply refuses something, for the rules of ``ReplyRules``.
struct ReplyContext: Sendable, Equatable {
    /// The stage the reply answered.
    var stage: StageID
    /// True when the session runs over TLS (implicit or after STARTTLS).
    var usedTLS: Bool
    /// True when AUTH succeeded in this session.
    var loggedIn: Bool
    /// True when the `rcpt` stage addresses the relay-check recipient rather than a test address.
    var relayCheck: Bool
}

/// The conclusion a rule draws from a reply.
enum ReplyVerdict: Sendable, Equatable {
    /// The probe fails with `code`; `hint`, when given, replaces the code's usual hint.
    case failure(DiagnosisCode, hint: String? = nil)
    /// The stage still counts as passed, with this warning.
    case warning(SettingsWarning.Code)
}

/// One entry of the reply table: the real reply it was written for, where it applies, and what it means.
struct ReplyRule: Sendable {
    /// A short name, for tests and failure messages.
    var name: String
    /// The real server reply this rule is written for; its unit test feeds exactly this reply.
    var example: SMTPReply
    /// The stages where the rule applies.
    var stages: Set<StageID>
    /// True when the rule applies to `reply`.
    var matches: @Sendable (SMTPReply, ReplyContext) -> Bool
    /// The conclusion.
    var verdict: @Sendable (ReplyContext) -> ReplyVerdict
}

/// The one table that turns refusals into diagnoses (SPEC §7): reply code, enhanced status code (RFC 3463) and
/// known wordings, not the stage alone. The first rule that matches wins; ``fallback(_:_:)`` covers the rest.
enum ReplyRules {
    private static let transaction: Set<StageID> = [.mail, .rcpt]
    private static let transactionAndData: Set<StageID> = [.mail, .rcpt, .data]
    private static let anyStage = Set(StageID.allCases)

    /// "Not authenticated" means a missing login without a secret, and a login that may not relay with one.
    private static let notAuthenticated: @Sendable (ReplyContext) -> ReplyVerdict = { context in
        .failure(context.loggedIn ? .RELAY_DENIED : .AUTH_REQUIRED)
    }

    private static func says(_ phrases: String...) -> @Sendable (SMTPReply, ReplyContext) -> Bool {
        { reply, _ in phrases.contains { reply.searchText.contains($0) } }
    }

    static let all: [ReplyRule] = [
        ReplyRule(
            name: "STARTTLS demanded",
            example: SMTPReply(code: 530, lines: ["5.7.0 Must issue a STARTTLS command first"]),
            stages: anyStage,
            matches: { reply, context in reply.code == 530 && !context.usedTLS && reply.searchText.contains("starttls") },
            verdict: { _ in .failure(.TLS_REQUIRED) }),
        ReplyRule(
            name: "temporary refusal",
            example: SMTPReply(code: 450, lines: ["4.3.2 <alice@probe.test>: Sender address rejected: Try again later"]),
            stages: transactionAndData,
            matches: { reply, _ in reply.isTemporary },
            verdict: { _ in .failure(.TEMPORARY_FAILURE) }),
        ReplyRule(
            name: "relay-check address refused",
            example: SMTPReply(code: 556, lines: [
                "5.1.10 <postmaster@example.com>: Recipient address rejected: Domain example.com does not accept mail (nullMX)",
            ]),
            stages: [.rcpt],
            matches: { reply, context in context.relayCheck && reply.enhancedStatus?.hasPrefix("5.1.") == true },
            verdict: { _ in .warning(.RELAY_CHECK_INCONCLUSIVE) }),
        ReplyRule(
            name: "sender not owned by the login",
            example: SMTPReply(code: 553, lines: [
                "5.7.1 <bob@probe.test>: Sender address rejected: not owned by user alice@probe.test",
            ]),
            stages: transactionAndData,
            matches: { reply, context in context.loggedIn && reply.searchText.contains("not owned by user") },
            verdict: { _ in .failure(.SENDER_REJECTED, hint: senderHint) }),
        ReplyRule(
            name: "Amazon SES: identity not verified",
            example: SMTPReply(code: 554, lines: [
                "Message rejected: Email address is not verified. The following identities failed the check in region EU-CENTRAL-1: alice@example.org",
            ]),
            stages: transactionAndData,
            matches: says("email address is not verified"),
            verdict: { _ in .failure(.SENDER_REJECTED, hint: senderHint + " Amazon SES: verify the address or its domain in the SES console first.") }),
        ReplyRule(
            name: "authentication required",
            example: SMTPReply(code: 530, lines: ["5.7.0 Authentication required"]),
            stages: transaction,
            matches: { reply, _ in
                reply.code == 530 || reply.enhancedStatus == "5.7.0" && reply.searchText.contains("auth")
                    || reply.searchText.contains("authentication required")
            },
            verdict: notAuthenticated),
        ReplyRule(
            name: "sender refused: not logged in",
            example: SMTPReply(code: 553, lines: ["5.7.1 <alice@localhost>: Sender address rejected: not logged in"]),
            stages: transaction,
            matches: says("not logged in"),
            verdict: notAuthenticated),
        ReplyRule(
            name: "client host rejected",
            example: SMTPReply(code: 554, lines: ["5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied"]),
            stages: transaction,
            matches: says("client host rejected"),
            verdict: notAuthenticated),
        ReplyRule(
            name: "relaying denied",
            example: SMTPReply(code: 550, lines: ["5.7.1 Relaying denied"]),
            stages: transaction,
            matches: says("relaying denied", "relay access denied", "relay not permitted", "relaying not allowed"),
            verdict: notAuthenticated),
        ReplyRule(
            name: "Gmail: application-specific password required",
            example: SMTPReply(code: 534, lines: [
                "5.7.9 Application-specific password required. Learn more at",
                "5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor",
            ]),
            stages: [.auth],
            matches: { reply, _ in reply.code == 534 && reply.enhancedStatus == "5.7.9" },
            verdict: { _ in
                .failure(.AUTH_FAILED, hint: "Gmail wants an app password (2-step verification is on): create one in the Google account's security settings and set secret to it.")
            }),
        ReplyRule(
            name: "Microsoft 365: SMTP AUTH disabled",
            example: SMTPReply(code: 535, lines: [
                "5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
            ]),
            stages: [.auth],
            matches: says("smtpclientauthentication is disabled"),
            verdict: { _ in
                .failure(.AUTH_FAILED, hint: "Microsoft 365 has SMTP AUTH switched off: an administrator must enable Authenticated SMTP for this mailbox (or the tenant).")
            }),
        ReplyRule(
            name: "Microsoft: password login switched off",
            example: SMTPReply(code: 535, lines: [
                "5.7.139 Authentication unsuccessful, basic authentication is disabled. [AM0PR02CA0001.eurprd02.prod.outlook.com]",
            ]),
            stages: [.auth],
            matches: { reply, _ in reply.code == 535 && reply.enhancedStatus == "5.7.139" },
            verdict: { _ in
                .failure(.AUTH_FAILED, hint: "Microsoft has switched off password login for this account, and BOMnipotent cannot use OAuth2: use a relay service, or a Microsoft 365 mailbox with SMTP AUTH enabled.")
            }),
        ReplyRule(
            name: "wrong login",
            example: SMTPReply(code: 535, lines: [
                "5.7.8 Username and Password not accepted. For more information, go to",
                "5.7.8  https://support.google.com/mail/?p=BadCredentials",
            ]),
            stages: [.auth],
            matches: { reply, _ in reply.code == 535 && reply.enhancedStatus == "5.7.8" },
            verdict: { _ in
                .failure(.AUTH_FAILED, hint: "The user or the secret is wrong: check both (the login is usually the full address; for a relay service the secret is its SMTP key, not the account password).")
            }),
    ]

    private static let senderHint = "Set user to an address this login may send from."

    /// The verdict of the first rule that matches `reply` at `context.stage`, `nil` when none does.
    static func verdict(for reply: SMTPReply, _ context: ReplyContext) -> ReplyVerdict? {
        all.first { $0.stages.contains(context.stage) && $0.matches(reply, context) }?.verdict(context)
    }

    /// The rule's verdict, else what a refusal at that stage means when no known wording explains it.
    static func classify(_ reply: SMTPReply, _ context: ReplyContext, authOffered: Bool) -> ReplyVerdict {
        verdict(for: reply, context) ?? .failure(fallback(context, authOffered: authOffered))
    }

    /// A refusal no rule explains: the step's own code. A refused relay check means this login (or, without one,
    /// this machine) may not send to other domains: a login would help only when the server offers AUTH.
    static func fallback(_ context: ReplyContext, authOffered: Bool) -> DiagnosisCode {
        switch context.stage {
        case .auth: return .AUTH_FAILED
        case .mail: return .SENDER_REJECTED
        case .rcpt where context.relayCheck: return !context.loggedIn && authOffered ? .AUTH_REQUIRED : .RELAY_DENIED
        case .rcpt: return .RECIPIENT_REJECTED
        default: return .DATA_REJECTED
        }
    }
}
