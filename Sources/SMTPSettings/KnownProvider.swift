/// A mail provider or relay service whose SMTP settings are known (SPEC §10).
///
/// These are facts to pre-fill the wizard with; the probe verifies them, nothing trusts them blindly.
public struct KnownProvider: Sendable, Equatable {
    /// The provider's name, e.g. `Gmail`.
    public var name: String
    /// The mail domains that identify the provider; empty for relay services and custom-domain hosting.
    public var domains: [String]
    /// The endpoint to write (a relay host name; `REGION` is a placeholder the administrator fills in).
    public var endpoint: String
    /// Other endpoints of the same provider, e.g. an EU region.
    public var alternativeEndpoints: [String]
    /// How the server should connect: `.smtps` (port 465) or `.starttls` (port 587).
    public var security: TransportSecurity
    /// What the administrator must know, e.g. that an app password is needed; `nil` when nothing.
    public var note: String?
    /// True for relay services, which are chosen from a list rather than matched by domain.
    public var isRelayService: Bool

    /// The `starttls` setting that gives this provider's security.
    public var starttls: Bool { security == .starttls }

    /// True when `endpoint` holds a placeholder that must be replaced before use.
    public var endpointNeedsRegion: Bool { endpoint.contains("REGION") }

    /// Creates a table entry.
    public init(
        name: String, domains: [String], endpoint: String, alternativeEndpoints: [String] = [],
        security: TransportSecurity, note: String? = nil, isRelayService: Bool = false
    ) {
        self.name = name
        self.domains = domains
        self.endpoint = endpoint
        self.alternativeEndpoints = alternativeEndpoints
        self.security = security
        self.note = note
        self.isRelayService = isRelayService
    }

    /// The date the notes and endpoints of this table were last checked against the providers' own pages
    /// (SPEC §10: a note the provider's facts depend on carries that date).
    public static let notesLastChecked = "2026-12-03"

    /// The note with the date it was last checked, as the wizard and `apply` show it; `nil` without a note.
    public var datedNote: String? {
        note.map { note in
            (note.hasSuffix(".") ? String(note.dropLast()) : note) + " (checked \(KnownProvider.notesLastChecked))."
        }
    }

    /// What the wizard offers for a login: the provider's endpoint and `starttls`, taken with one key.
    public struct Suggestion: Sendable, Equatable {
        /// The provider suggested.
        public var provider: KnownProvider
        /// The endpoint to write.
        public var endpoint: String
        /// The `starttls` setting for the provider's security.
        public var starttls: Bool
    }

    /// The suggestion for `login` (by its mail domain), or `nil` when the domain is not a known provider's.
    /// The wizard asks again whenever the login changes, so a changed login updates the suggestion.
    public static func suggestion(forLogin login: String) -> Suggestion? {
        forUser(login).map { Suggestion(provider: $0, endpoint: $0.endpoint, starttls: $0.starttls) }
    }

    /// The provider for a mail domain such as `gmail.com` (case-insensitive), or `nil`.
    public static func forMailDomain(_ domain: String) -> KnownProvider? {
        var lower = domain.lowercased()
        if lower.hasSuffix(".") { lower.removeLast() }
        return mailProviders.first { $0.domains.contains(lower) }
    }

    /// The provider for the domain of a login such as `you@gmail.com`, or `nil`.
    public static func forUser(_ user: String) -> KnownProvider? {
        Login.mailDomain(of: user).flatMap(forMailDomain)
    }

    /// Mail providers, matched by the user's mail domain, plus Microsoft 365 for custom domains.
    public static let mailProviders: [KnownProvider] = [
        KnownProvider(
            name: "Gmail", domains: ["gmail.com", "googlemail.com"], endpoint: "smtp.gmail.com", security: .smtps,
            note: "Needs an app password when 2-step verification is on; STARTTLS on port 587 also works."),
        KnownProvider(
            name: "Outlook.com", domains: ["outlook.com", "hotmail.com", "live.com"], endpoint: "smtp-mail.outlook.com",
            security: .starttls,
            note: "Microsoft has switched off password login (basic auth) for these accounts; BOMnipotent has only user + secret, so use a relay service instead."),
        KnownProvider(
            name: "Microsoft 365", domains: [], endpoint: "smtp.office365.com", security: .starttls,
            note: "SMTP AUTH must be enabled for the mailbox."),
        KnownProvider(name: "Yahoo", domains: ["yahoo.com"], endpoint: "smtp.mail.yahoo.com", security: .smtps, note: "Needs an app password."),
        KnownProvider(
            name: "iCloud", domains: ["icloud.com", "me.com", "mac.com"], endpoint: "smtp.mail.me.com", security: .starttls,
            note: "Needs an app-specific password."),
        KnownProvider(name: "Fastmail", domains: ["fastmail.com"], endpoint: "smtp.fastmail.com", security: .smtps, note: "Needs an app password."),
        KnownProvider(name: "GMX", domains: ["gmx.de", "gmx.net"], endpoint: "mail.gmx.net", security: .smtps),
        KnownProvider(
            name: "WEB.DE", domains: ["web.de"], endpoint: "smtp.web.de", security: .starttls,
            note: "SMTP access must be enabled in the mailbox settings."),
        KnownProvider(name: "Telekom", domains: ["t-online.de"], endpoint: "securesmtp.t-online.de", security: .smtps),
        KnownProvider(name: "Posteo", domains: ["posteo.de"], endpoint: "posteo.de", security: .smtps),
        KnownProvider(name: "mailbox.org", domains: ["mailbox.org"], endpoint: "smtp.mailbox.org", security: .smtps),
        KnownProvider(name: "IONOS", domains: ["ionos.de"], endpoint: "smtp.ionos.de", security: .smtps),
        KnownProvider(name: "IONOS", domains: ["ionos.com"], endpoint: "smtp.ionos.com", security: .smtps),
        KnownProvider(name: "STRATO", domains: ["strato.de"], endpoint: "smtp.strato.de", security: .smtps),
        KnownProvider(name: "Zoho", domains: ["zoho.com"], endpoint: "smtp.zoho.com", security: .smtps),
        KnownProvider(name: "Zoho", domains: ["zoho.eu"], endpoint: "smtp.zoho.eu", security: .smtps),
    ]

    /// Relay services, chosen from a list rather than matched by domain.
    public static let relayServices: [KnownProvider] = [
        KnownProvider(
            name: "SendGrid", domains: [], endpoint: "smtp.sendgrid.net", security: .smtps,
            note: "The user is the literal word apikey; the secret is the API key.", isRelayService: true),
        KnownProvider(
            name: "Mailgun", domains: [], endpoint: "smtp.mailgun.org", alternativeEndpoints: ["smtp.eu.mailgun.org"],
            security: .smtps, note: "Accounts in the EU region use smtp.eu.mailgun.org.", isRelayService: true),
        KnownProvider(
            name: "Amazon SES", domains: [], endpoint: "email-smtp.REGION.amazonaws.com", security: .smtps,
            note: "Use SMTP credentials, not IAM access keys; replace REGION, e.g. eu-central-1.", isRelayService: true),
        KnownProvider(
            name: "Postmark", domains: [], endpoint: "smtp.postmarkapp.com", security: .starttls,
            note: "The server token is both the user and the secret.", isRelayService: true),
        KnownProvider(name: "Brevo", domains: [], endpoint: "smtp-relay.brevo.com", security: .starttls, isRelayService: true),
    ]
}
