import SMTPSettings

/// The settings `--discover` recommends writing.
public struct DiscoveryRecommendation: Sendable, Equatable {
    /// The `endpoint` value.
    public var endpoint: String
    /// The `starttls` value.
    public var starttls: Bool
}

/// The outcome of `--discover`: one probe per way of connecting, and the recommendation.
public struct DiscoveryReport: Sendable {
    /// The host probed.
    public var host: String
    /// SMTPS, STARTTLS and plain attempts, in that order, then STARTTLS on the fallback port when 465 and 587 both
    /// timed out.
    public var attempts: [ProbeReport]
    /// What to write, or `nil` when nothing worked.
    public var recommended: DiscoveryRecommendation?
    /// A finding about the attempts as a whole (the mail ports being blocked), `nil` when there is none.
    public var hint: String?

    /// True when a recommendation exists.
    public var ok: Bool { recommended != nil }

    /// `{"host": …, "attempts": […], "recommended": {"endpoint": …, "starttls": …} | null, "hint": … | null}`.
    public func jsonText() -> String {
        JSONValue.object([
            ("host", .string(host)), ("attempts", .array(attempts.map { $0.jsonObject() })),
            ("recommended", recommended.map { .object([("endpoint", .string($0.endpoint)), ("starttls", .bool($0.starttls))]) } ?? .null),
            ("hint", .optional(hint)),
        ]).text
    }

    /// Each attempt's stage list and diagnosis, a one-line summary per attempt, then the recommendation.
    public func humanText() -> String {
        var parts = attempts.map { $0.humanText() }
        parts.append((["Summary:"] + attempts.map(Self.summaryLine)).joined(separator: "\n"))
        if let hint { parts.append(ReportFormat.printable("Hint: \(hint)")) }
        if let recommended {
            var line = "Recommended: endpoint = \"\(recommended.endpoint)\""
            if recommended.starttls { line += ", starttls = true" }
            parts.append(line)
        } else {
            let working = attempts.filter(\.ok).map(\.plan.security)
            parts.append(working == [.none]
                ? "Recommended: nothing — only plain SMTP answered, and it was not tried with the secret (that would expose it)."
                : "Recommended: nothing — no way of connecting to \(host) passed every stage.")
        }
        return parts.joined(separator: "\n\n")
    }
}

extension DiscoveryReport {
    fileprivate static func summaryLine(_ attempt: ProbeReport) -> String {
        let way: String
        switch attempt.plan.security {
        case .smtps: way = "SMTPS on \(attempt.plan.port)"
        case .starttls, .starttlsOpportunistic: way = "STARTTLS on \(attempt.plan.port)"
        case .none: way = "plain SMTP on \(attempt.plan.port)"
        }
        var line = "  " + way.padding(toLength: 20, withPad: " ", startingAt: 0) + attempt.diagnosis.code.rawValue
        if attempt.stage(.auth).detail == ProbeSession.notChosenDetail { line += " up to EHLO, AUTH not tried" }
        if !attempt.warnings.isEmpty {
            line += " (warning: \(attempt.warnings.map(\.code.rawValue).joined(separator: ", ")))"
        }
        return line
    }
}
