import Foundation
import SMTPSettings

/// Formatting shared by the JSON and human renderings.
enum ReportFormat {
    /// An ISO 8601 UTC timestamp, e.g. `2026-01-31T12:00:00Z` (formatted by hand: no ICU start-up cost).
    static func date(_ date: Date) -> String {
        let parts = utcParts(date)
        return "\(parts.year)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }

    /// An RFC 5322 date in UTC, e.g. `Sat, 31 Jan 2026 12:00:00 +0000`.
    static func mailDate(_ date: Date) -> String {
        let parts = utcParts(date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[parts.weekday]), \(two(parts.day)) \(months[parts.month - 1]) \(parts.year) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// Seconds for messages: `10 s`, `2.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(oneDecimal(value)) s"
    }

    /// A number with exactly one decimal, e.g. `12.3`.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// A byte as two lower-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private struct UTCParts {
        var year, month, day, hour, minute, second, weekday: Int
    }

    private static func utcParts(_ date: Date) -> UTCParts {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        return UTCParts(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec), weekday: Int(parts.tm_wday))
    }

    /// Milliseconds rounded to one decimal.
    static func milliseconds(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    /// `text` safe for a terminal or a log: control characters (C0, DEL, C1), which a server may put into its
    /// replies to move the cursor or recolour the screen, are shown as `\x1b`-style escapes.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\x" + hex(UInt8(scalar.value))
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
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
