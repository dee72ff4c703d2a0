import Foundation
import SMTPSettings

/// What a diagnosis needs to know besides its code.
struct DiagnosisContext {
    var plan: ConnectionPlan
    var user: String
    var timeout: Double
    var ehloName: String
    var stage: StageID?
    var reply: SMTPReply?
    var detail: String = ""
    var tls: TLSReport?
    var authOffered: [String] = []
    var recipient: String?
    /// True when AUTH succeeded before the failure.
    var loggedIn = false
    /// A hint from the reply table (SPEC §7) that replaces the code's usual hint.
    var ruleHint: String?
}

/// The one place where probe outcomes become text: the message and the hint of every ``DiagnosisCode``.
enum DiagnosisBuilder {
    /// The code for a network failure at `stage`.
    static func code(for error: ProbeError, at stage: StageID) -> DiagnosisCode {
        switch error {
        case .dnsFailed: return .DNS_FAILED
        case .connectRefused: return .CONNECT_REFUSED
        case .connectTimeout: return .CONNECT_TIMEOUT
        case .connectFailed: return .CONNECT_REFUSED
        case .timeout: return .TIMEOUT
        case .connectionClosed: return .CONNECTION_CLOSED
        case .protocolViolation(.malformedLine) where stage == .greeting: return .NOT_SMTP
        case .protocolViolation(.closedMidReply): return .CONNECTION_CLOSED
        case .protocolViolation: return .PROTOCOL_ERROR
        case .tlsHandshake: return stage == .tls || stage == .starttls ? .TLS_HANDSHAKE_FAILED : .CONNECTION_CLOSED
        }
    }

    /// The text of a network failure, for the stage detail line.
    static func detail(for error: ProbeError) -> String {
        switch error {
        case .dnsFailed(let reason): return "lookup failed: \(reason)"
        case .connectRefused: return "connection refused"
        case .connectTimeout: return "no TCP answer"
        case .connectFailed(let reason): return "cannot connect: \(reason)"
        case .timeout: return "no answer in time"
        case .connectionClosed: return "the server closed the connection"
        case .protocolViolation(let problem): return protocolText(problem)
        case .tlsHandshake(let reason): return "TLS handshake failed: \(reason)"
        }
    }

    private static func protocolText(_ problem: SMTPProtocolError) -> String {
        switch problem {
        case .lineTooLong(let limit): return "a reply line longer than \(limit) bytes"
        case .replyTooLong(let limit): return "a reply longer than \(limit / 1024) KiB"
        case .malformedLine(let line): return "not an SMTP reply line: \"\(line)\""
        case .inconsistentCode(let expected, let got): return "a multi-line reply mixes codes \(expected) and \(got)"
        case .closedMidReply: return "the connection closed in the middle of a reply"
        }
    }

    /// `CONFIG_INVALID` when a value that goes into an SMTP command holds a control character (a CR or LF would
    /// end the command early and smuggle in another one), `nil` when all are safe.
    static func controlCharacterProblem(user: String, ehloName: String, recipient: String?) -> Diagnosis? {
        let values = [
            ("The user", user, "Set user to the login without line breaks or other control characters."),
            ("The EHLO name", ehloName, "Give --ehlo a plain host name such as mail.example.org."),
            ("The --send-test-to address", recipient ?? "", "Give --send-test-to a plain address such as admin@example.org."),
        ]
        for (name, value, hint) in values where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return Diagnosis(
                code: .CONFIG_INVALID,
                message: "\(name) contains a line break or another control character, which would corrupt the SMTP commands.",
                hint: hint)
        }
        return nil
    }

    /// The diagnosis for `code` in `context`.
    static func make(_ code: DiagnosisCode, _ context: DiagnosisContext) -> Diagnosis {
        let plan = context.plan
        let target = ReportFormat.hostPort(plan)
        var replyText = context.reply?.text ?? ""
        if replyText.hasSuffix(".") { replyText.removeLast() }  // the messages end with their own period
        let wait = ReportFormat.seconds(context.timeout)
        let message: String
        var hint: String?
        switch code {
        case .OK:
            message = "Every stage passed: \(target) accepts this configuration (\(ReportFormat.securityName(plan.security)))."
        case .CONFIG_INVALID, .SECRET_UNRESOLVED:
            message = context.detail
        case .DNS_FAILED:
            message = "The host name \(plan.host) does not resolve (\(context.detail))."
            hint = "Check the spelling of endpoint: it must be the mail server's host name, e.g. smtp.example.org."
        case .CONNECT_REFUSED:
            message = context.detail == detail(for: .connectRefused)
                ? "\(target) refused the connection: nothing listens on that port."
                : "No connection to \(target): \(context.detail)."
            hint = switch plan.security {
            case .smtps where !plan.isURL: "If the server offers STARTTLS on port 587 instead, set starttls = true; otherwise check endpoint."
            case .starttls where !plan.isURL: "If the server offers SMTPS on port 465, remove starttls (or set starttls = false); otherwise check endpoint."
            default: "Check the host and port in endpoint."
            }
        case .CONNECT_TIMEOUT:
            message = "No TCP answer from \(target) within \(wait): the port is filtered or the host is wrong."
            let firewall = "Check endpoint, and that a firewall allows outgoing connections to port \(plan.port)"
            hint = switch plan.security {
            case .smtps where !plan.isURL: "\(firewall); if only port 587 is open, set starttls = true."
            case .starttls where !plan.isURL: "\(firewall); if only port 465 is open, remove starttls."
            default: "\(firewall)."
            }
        case .TLS_EXPECTED:
            message = "\(target) speaks plain SMTP, but SMTPS (TLS from the first byte) was used."
            hint = plan.isURL
                ? "Use endpoint = \"smtp://\(plan.host):\(plan.port)?tls=required\" (STARTTLS on this port)."
                : "Set starttls = true (STARTTLS on port 587)."
        case .PLAINTEXT_EXPECTED:
            message = "\(target) expects TLS from the first byte (SMTPS), but plain SMTP was used."
            hint = plan.isURL
                ? "Use endpoint = \"\(plan.host)\" without starttls (SMTPS on port 465)."
                : "Remove starttls (or set starttls = false) to use SMTPS on port 465."
        case .TLS_HANDSHAKE_FAILED:
            message = "The TLS handshake with \(target) failed: \(context.detail)."
            let other = switch plan.security {
            case .smtps where !plan.isURL: "try STARTTLS instead (starttls = true, port 587)"
            case .starttls where !plan.isURL: "try SMTPS instead (remove starttls, port 465)"
            default: "try the other security mode"
            }
            hint = "The server may only offer TLS older than 1.2 or unusual ciphers: \(other), or ask the provider to enable TLS 1.2."
        case .CERT_UNTRUSTED:
            message = "The server's certificate is not trusted: \(context.tls?.error ?? context.detail)."
            hint = "The mail server uses the system trust store: install the issuing CA there (--ca-file only helps the probe), or use a relay with a publicly trusted certificate."
        case .CERT_HOSTNAME_MISMATCH:
            message = "The server's certificate does not name \(plan.host): \(context.tls?.error ?? context.detail)."
            let names = context.tls?.subjectAlternativeNames.filter { !$0.contains("*") } ?? []
            if plan.isURL {
                hint = names.isEmpty
                    ? "In the endpoint URL, replace \(plan.host) with the host name the certificate was issued for."
                    : "In the endpoint URL, replace \(plan.host) with a name the certificate lists, e.g. \"\(names[0])\"."
            } else {
                hint = names.isEmpty
                    ? "Set endpoint to the host name the certificate was issued for."
                    : "Set endpoint to a name the certificate lists, e.g. \"\(names[0])\"."
            }
        case .CERT_EXPIRED:
            message = "The server's certificate is not valid now: \(context.tls?.error ?? context.detail)."
            hint = "Nothing in config.toml fixes this: the mail server's administrator must renew the certificate (or check this machine's clock)."
        case .GREETING_TIMEOUT:
            message = "Connected to \(target), but no greeting arrived within \(wait), and the port does not answer TLS either."
            hint = "Check that \(target) is an SMTP server (465 for SMTPS, 587 for STARTTLS, 25 for a local relay)."
        case .NOT_SMTP:
            message = "\(target) answered, but not with SMTP: \(context.detail)."
            hint = "Another service listens on port \(plan.port): check the host and port in endpoint."
        case .SERVER_REJECTED:
            message = "The server refused the session in its greeting: \(replyText)."
            hint = "The server does not accept connections from this machine now (rate limit, block list, maintenance); try later or ask its administrator."
        case .EHLO_REJECTED:
            message = "The server rejected EHLO \(context.ehloName): \(replyText)."
            if let reply = context.reply, reply.code == 501 || reply.code == 504 {
                hint = "The server wants a fully qualified host name in EHLO (e.g. mail.example.org): give this machine such a host name; test one with --ehlo NAME."
            }
        case .STARTTLS_UNSUPPORTED:
            message = context.reply == nil
                ? "STARTTLS is required, but \(target) does not offer it."
                : "STARTTLS is required, but \(target) refused it: \(replyText)."
            hint = plan.isURL
                ? "Use SMTPS (endpoint = \"\(plan.host)\", port 465), or smtp://\(plan.host):\(plan.port) without tls= for a trusted local relay."
                : "Use SMTPS instead: remove starttls (port 465)."
        case .AUTH_NOT_OFFERED:
            message = "A secret is configured, but \(target) offers no AUTH."
            hint = plan.security == .none && plan.isURL
                ? "Remove secret if this relay accepts mail without a login; otherwise use endpoint = \"smtp://\(plan.host):\(plan.port)?tls=required\" (many servers offer AUTH only after STARTTLS)."
                : "Remove secret if this relay accepts mail without a login; otherwise ask the provider which endpoint offers AUTH."
        case .AUTH_UNSUPPORTED:
            message = "The server offers AUTH \(context.authOffered.joined(separator: " ")), but neither PLAIN nor LOGIN, the only mechanisms BOMnipotent supports."
            hint = "Ask the mail provider to enable AUTH PLAIN or LOGIN, or use another relay."
        case .AUTH_FAILED:
            message = "The server rejected the login of \(context.user): \(replyText)."
            hint = "Check user and secret (the login is usually the full address)."
            if let provider = knownProvider(host: plan.host), let note = provider.note {
                hint = "Check user and secret. \(provider.name): \(note)"
            }
        case .AUTH_REQUIRED:
            message = "The server requires authentication: \(replyText)."
            hint = "Set secret (e.g. secret = \"${SMTP_SECRET}\" with the password in the environment or .env)."
        case .TLS_REQUIRED:
            message = replyText.isEmpty
                ? "\(target) offers AUTH only after STARTTLS, which these settings do not use."
                : "\(target) demands STARTTLS, which these settings do not use: \(replyText)."
            hint = plan.isURL
                ? "Use endpoint = \"smtp://\(plan.host):\(plan.port)?tls=required\" (STARTTLS on this port)."
                : "Set starttls = true (STARTTLS on port 587)."
        case .RELAY_DENIED:
            message = "The login as \(context.user) succeeded, but the server will not relay to <\(context.recipient ?? "")> for it: \(replyText)."
            hint = "This login may not send to other domains through \(plan.host): use the submission server of the account's own provider or a relay service, or ask the administrator to allow relaying for it."
        case .SENDER_REJECTED:
            message = "The server refused the sender <\(context.user)>: \(replyText)."
            hint = "Set user to an address this server lets you send from."
        case .TEMPORARY_FAILURE:
            message = "The server refused for now at the \(context.stage?.rawValue ?? "") stage: \(replyText)."
            hint = "Nothing to change in the settings: the refusal is temporary (greylisting, a rate limit, a busy server); probe again later."
        case .RECIPIENT_REJECTED:
            message = "The server refused the recipient <\(context.recipient ?? "")>: \(replyText)."
            hint = "Check the test address; the server may not relay to that domain for this login."
        case .DATA_REJECTED:
            message = "The server refused the test message: \(replyText)."
            hint = "The server's reply says why (content filter, quota, sender policy)."
        case .TIMEOUT:
            message = "No answer from \(target) within \(wait) at the \(context.stage?.rawValue ?? "") stage."
            hint = "Try a longer --timeout; a slow server may also be throttling this machine."
        case .CONNECTION_CLOSED:
            message = "\(target) closed the connection during the \(context.stage?.rawValue ?? "") stage."
            hint = "The server may block this machine or dislike the previous command; check its logs if you can."
        case .PROTOCOL_ERROR:
            message = "\(target) sent a malformed reply: \(context.detail)."
            hint = "Check that endpoint points at an SMTP server."
        }
        if let ruleHint = context.ruleHint { hint = ruleHint }
        return Diagnosis(code: code, message: message, hint: hint, stage: code == .OK ? nil : context.stage)
    }

    /// The provider of SPEC §10 whose endpoint (or other endpoint) is `host`; `REGION` in an endpoint matches any label.
    static func knownProvider(host: String) -> KnownProvider? {
        var host = host.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        return (KnownProvider.mailProviders + KnownProvider.relayServices).first { provider in
            ([provider.endpoint] + provider.alternativeEndpoints).contains { endpoint in
                let parts = endpoint.components(separatedBy: "REGION")
                guard parts.count == 2 else { return endpoint == host }
                return host.count > parts[0].count + parts[1].count && host.hasPrefix(parts[0]) && host.hasSuffix(parts[1])
                    && !host.dropFirst(parts[0].count).dropLast(parts[1].count).contains(".")
            }
        }
    }
}
