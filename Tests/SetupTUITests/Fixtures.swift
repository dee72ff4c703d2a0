import SMTPProbe
import SMTPSettings
import XCTest

@testable import SetupTUI

/// The secret used in tests; no screen may ever show it.
let secretMarker = "S3CR3T-marker-7f3a\u{00E9}"

enum Fixtures {
    static let emptySummary = ConfigSummary(
        configPath: "/srv/bomnipotent/config.toml", envFilePath: "/srv/bomnipotent/.env", exists: true, smtp: nil,
        skipVerification: nil, layout: nil,
        layoutReason: "unknown: neither the file nor the deployment shows the server version")

    static let configuredSummary = ConfigSummary(
        configPath: "/srv/bomnipotent/config.toml", envFilePath: "/srv/bomnipotent/.env", exists: true,
        smtp: SMTPSettings(user: "admin@example.org", endpoint: "smtp.example.org", secret: .variable("SMTP_SECRET"), starttls: true),
        skipVerification: false, layout: .current, layoutReason: "the file has a [user] section, as servers 0.7 and later expect")

    static func stages(failingAt failed: String? = nil) -> [StageRow] {
        var reached = true
        return StageRow.stageIDs.map { id in
            if !reached || ["tls", "rcpt", "data"].contains(id) { return StageRow(id: id, status: .skipped) }
            if id == failed {
                reached = false
                return StageRow(id: id, status: .failed, milliseconds: 41.2, detail: "535 5.7.8 authentication failed")
            }
            return StageRow(id: id, status: .ok, milliseconds: 1.5, detail: id == "resolve" ? "127.0.0.1" : "")
        }
    }

    static let okOutcome = ProbeOutcome(
        code: .OK, message: "Every stage passed: the server can send mail with these settings.", hint: nil, step: nil,
        stages: stages())

    static let authFailed = ProbeOutcome(
        code: .AUTH_FAILED, message: "The server rejected the login (535 5.7.8 authentication failed).",
        hint: "Check user and secret; for Gmail use an app password.", step: .secret, stages: stages(failingAt: "auth"))

    static let warnings = [
        SettingsWarning(code: .CERT_EXPIRES_SOON, message: "The server's certificate expires on 2026-12-01, in less than 30 days."),
        SettingsWarning(
            code: .AUTH_OVER_PLAINTEXT,
            message: "The password is sent to mail.example.org without TLS: anyone on the network path can read it."),
    ]

    static let diff = """
        --- a/config.toml
        +++ b/config.toml
        @@ -1,2 +1,7 @@
         domain = "bom.example.org"
         tmp_admin = "admin@example.org"
        +
        +[smtp]
        +user = "admin@example.org"
        +endpoint = "smtp.example.org"
        +secret = "${SMTP_SECRET}"
        +starttls = true
        --- a/.env
        +++ b/.env
        @@ -0,0 +1 @@
        +SMTP_SECRET=***
        """
}

/// Feeds events to a state and collects the effects.
func send(_ state: inout WizardState, _ events: [WizardEvent]) -> [WizardEffect] {
    events.flatMap { update(&state, $0) }
}

/// Key events for typing `text`.
func typing(_ text: String) -> [WizardEvent] {
    text.map { .key(.character($0)) }
}
