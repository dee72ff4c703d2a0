import Foundation
import SMTPSettings

/// Formatting shared by the JSON and human renderings.
enum ReportFormat {
    /// An ISO 8601 UTC timestamp, e.g. `2026-01-31T12:00:00Z`.
    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Seconds for messages: `10 s`, `2.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    /// Milliseconds rounded to one decimal.
    static func milliseconds(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    /// The security mode as shown to people.
    static func securityName(_ security: TransportSecurity) -> String {
        switch security {
        case .smtps: return "SMTPS (implicit TLS)"
        case .starttls: return "STARTTLS (required)"
        case .starttlsOpportunistic: return "STARTTLS (opportunistic)"
        case .none: return "plain text, no TLS"
        }
    }

    /// `host:port`, with brackets around IPv6 literals.
    static func hostPort(_ plan: ConnectionPlan) -> String {
        (plan.host.contains(":") ? "[\(plan.host)]" : plan.host) + ":\(plan.port)"
    }
}
