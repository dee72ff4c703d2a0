import SMTPSettings
import XCTest

final class KnownProviderTests: XCTestCase {
    func testLookupByMailDomain() throws {
        let gmail = try XCTUnwrap(KnownProvider.forUser("Someone@GoogleMail.com"))
        XCTAssertEqual(gmail.endpoint, "smtp.gmail.com")
        XCTAssertEqual(gmail.security, .smtps)
        XCTAssertFalse(gmail.starttls)
        XCTAssertEqual(gmail.note, "Needs an app password when 2-step verification is on; STARTTLS on port 587 also works.")
        let table: [(String, String, TransportSecurity)] = [
            ("outlook.com", "smtp-mail.outlook.com", .starttls), ("hotmail.com", "smtp-mail.outlook.com", .starttls),
            ("live.com", "smtp-mail.outlook.com", .starttls), ("yahoo.com", "smtp.mail.yahoo.com", .smtps),
            ("icloud.com", "smtp.mail.me.com", .starttls), ("me.com", "smtp.mail.me.com", .starttls), ("mac.com", "smtp.mail.me.com", .starttls),
            ("fastmail.com", "smtp.fastmail.com", .smtps), ("gmx.de", "mail.gmx.net", .smtps), ("gmx.net", "mail.gmx.net", .smtps),
            ("web.de", "smtp.web.de", .starttls), ("t-online.de", "securesmtp.t-online.de", .smtps), ("posteo.de", "posteo.de", .smtps),
            ("mailbox.org", "smtp.mailbox.org", .smtps), ("ionos.de", "smtp.ionos.de", .smtps), ("ionos.com", "smtp.ionos.com", .smtps),
            ("strato.de", "smtp.strato.de", .smtps), ("zoho.com", "smtp.zoho.com", .smtps), ("zoho.eu", "smtp.zoho.eu", .smtps),
        ]
        for (domain, endpoint, security) in table {
            let provider = try XCTUnwrap(KnownProvider.forMailDomain(domain), domain)
            XCTAssertEqual(provider.endpoint, endpoint, domain)
            XCTAssertEqual(provider.security, security, domain)
            XCTAssertNoThrow(try SMTPSettings(user: "u@\(domain)", endpoint: provider.endpoint, starttls: provider.starttls).validateForWriting())
        }
        XCTAssertNil(KnownProvider.forMailDomain("example.org"))
        XCTAssertNil(KnownProvider.forUser("apikey"))
    }

    func testRelayServicesAreListedNotMatched() {
        XCTAssertEqual(KnownProvider.relayServices.map(\.name), ["SendGrid", "Mailgun", "Amazon SES", "Postmark", "Brevo"])
        XCTAssertTrue(KnownProvider.relayServices.allSatisfy { $0.isRelayService && $0.domains.isEmpty })
        XCTAssertEqual(KnownProvider.relayServices.map(\.endpoint), [
            "smtp.sendgrid.net", "smtp.mailgun.org", "email-smtp.REGION.amazonaws.com", "smtp.postmarkapp.com", "smtp-relay.brevo.com",
        ])
        XCTAssertEqual(KnownProvider.relayServices.map(\.security), [.smtps, .smtps, .smtps, .starttls, .starttls])
        XCTAssertEqual(KnownProvider.relayServices[1].alternativeEndpoints, ["smtp.eu.mailgun.org"])
        XCTAssertTrue(KnownProvider.relayServices[2].endpointNeedsRegion)
        XCTAssertEqual(KnownProvider.relayServices[0].note, "The user is the literal word apikey; the secret is the API key.")
        let microsoft = KnownProvider.mailProviders.first { $0.name == "Microsoft 365" }
        XCTAssertEqual(microsoft?.endpoint, "smtp.office365.com")
        XCTAssertEqual(microsoft?.security, .starttls)
    }
}

final class KnownProviderSuggestionTests: XCTestCase {
    func testOutlookNoteSaysPasswordLoginIsOffAndCarriesTheDate() throws {
        let outlook = try XCTUnwrap(KnownProvider.forUser("me@hotmail.com"))
        XCTAssertEqual(
            outlook.datedNote,
            "Microsoft has switched off password login (basic auth) for these accounts; BOMnipotent has only user + secret, so use a relay service instead (checked \(KnownProvider.notesLastChecked)).")
        XCTAssertEqual(KnownProvider.notesLastChecked, "2026-12-03")
    }

    func testSuggestionFollowsTheLogin() throws {
        let gmail = try XCTUnwrap(KnownProvider.suggestion(forLogin: "you@gmail.com"))
        XCTAssertEqual(gmail.endpoint, "smtp.gmail.com")
        XCTAssertFalse(gmail.starttls)
        let icloud = try XCTUnwrap(KnownProvider.suggestion(forLogin: "you@icloud.com"))
        let settings = SMTPSettings(user: "you@icloud.com", endpoint: "smtp.gmail.com").taking(icloud)
        XCTAssertEqual(settings, SMTPSettings(user: "you@icloud.com", endpoint: "smtp.mail.me.com", starttls: true))
        XCTAssertEqual(settings.taking(gmail).starttls, false)
        XCTAssertNil(KnownProvider.suggestion(forLogin: "apikey"))
    }
}
