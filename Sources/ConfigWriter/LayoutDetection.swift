import LosslessTOML
import SMTPSettings

/// How `--schema auto` picks the skip-flag layout from a file (SPEC §1).
enum LayoutDetection {
    /// The layout, whether the file's content decided it, and why (for the message the tool prints).
    struct Result {
        var layout: SkipFlagLayout
        var detected: Bool
        var reason: String
    }

    /// The root keys that only exist in the legacy layout.
    static let legacyRootKeys = ["skip_user_verification", "tmp_admin", "user_expiration_period"]

    /// Decides the layout for `choice` from `document`.
    static func decide(_ choice: SchemaChoice, document: TOMLDocument) -> Result {
        switch choice {
        case .legacy: return Result(layout: .legacy, detected: false, reason: "chosen with --schema legacy")
        case .current: return Result(layout: .current, detected: false, reason: "chosen with --schema current")
        case .auto: break
        }
        if let form = document.tableForm(at: ["user"]) {
            let how: String
            switch form {
            case .header: how = "a [user] section"
            case .dotted: how = "user.* keys"
            case .inline: how = "an inline user table"
            case .implicit: how = "a user table"
            }
            return Result(layout: .current, detected: true, reason: "the file has \(how), as servers 0.7 and later expect")
        }
        if let key = legacyRootKeys.first(where: { document.value(at: [$0]) != nil }) {
            return Result(layout: .legacy, detected: true, reason: "the file has \(key) at the top level, as servers before 0.7 expect")
        }
        return Result(
            layout: .legacy, detected: false,
            reason: "the file does not say; legacy is what the server's documentation shows, use --schema current for server 0.7 or later")
    }

    /// The path of the skip flag in `layout`.
    static func flagPath(_ layout: SkipFlagLayout) -> [String] {
        layout == .legacy ? ["skip_user_verification"] : ["user", "skip_verification"]
    }

    /// How the flag is named in messages.
    static func flagName(_ layout: SkipFlagLayout) -> String {
        layout == .legacy ? "skip_user_verification" : "[user] skip_verification"
    }
}
