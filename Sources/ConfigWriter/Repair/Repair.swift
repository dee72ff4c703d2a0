import SMTPSettings

/// One fix of something in config.toml that the server refuses or misreads (SPEC §12), as the wizard's review
/// and `apply --repair` list it. Secrets never appear in a summary.
public struct Repair: Sendable, Equatable {
    /// What kind of fix; the raw value is a stable upper-case name for tests and scripts.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// An unknown `[smtp]` key removed: its meaning is implied by the settings, or cannot be kept.
        case REMOVE_UNKNOWN_KEY
        /// An unknown `[smtp]` key (`port`, `tls`) expressed by `endpoint` and `starttls` instead.
        case FOLD_UNKNOWN_KEY
        /// An unknown `[smtp]` key renamed to the known key it means (`password` → `secret`).
        case RENAME_KEY
        /// A known `[smtp]` key or the skip flag of the wrong type written with the type the server reads
        /// (`starttls = "yes"`).
        case FIX_TYPE
        /// A known `[smtp]` key whose value cannot be read as its type, removed.
        case REMOVE_UNREADABLE_VALUE
        /// The settings of `[smtp_config]`, a table the server does not read, moved to `[smtp]`.
        case MOVE_SMTP_CONFIG
        /// The skip flag moved to the layout the server's version reads (`SKIP_FLAG_LAYOUT_MISMATCH`).
        case MOVE_SKIP_FLAG
        /// `tmp_admin` or `user_expiration_period` moved to the layout the server's version reads, with the skip
        /// flag (`SKIP_FLAG_LAYOUT_MISMATCH`): servers 0.7 and later read them under `[user]` (the latter as
        /// `expiration_period`), older ones only at the top level.
        case MOVE_USER_KEY
        /// An inline secret with `${…}` left as it is, with the warning `INLINE_SECRET_HAS_VARIABLE`.
        case KEEP_INLINE_SECRET_WITH_VARIABLE

        /// The warning about the file as read that this kind of fix ends, if it has its own code.
        public var cures: SettingsWarning.Code? {
            switch self {
            case .REMOVE_UNKNOWN_KEY, .FOLD_UNKNOWN_KEY, .RENAME_KEY: return .SMTP_UNKNOWN_KEY
            case .FIX_TYPE, .REMOVE_UNREADABLE_VALUE: return .SMTP_KEY_TYPE
            case .MOVE_SKIP_FLAG, .MOVE_USER_KEY: return .SKIP_FLAG_LAYOUT_MISMATCH
            case .MOVE_SMTP_CONFIG, .KEEP_INLINE_SECRET_WITH_VARIABLE: return nil
            }
        }
    }

    /// What kind of fix.
    public var kind: Kind
    /// One line for screens and the `apply` summary, e.g. "remove port = 465 from [smtp] (implied by SMTPS)".
    public var summary: String
    /// False for a finding that is reported but deliberately left in the file (the inline secret with `${…}`).
    public var changesFile: Bool
    /// The unknown `[smtp]` key a fold removed, so a change that replaces the connection can say so instead.
    var foldedKey: String?
    /// The text of a `starttls` of the wrong type this fix replaced and the value it left (`nil`: removed), so
    /// a change that then writes another `starttls` can tell the fix with the value the file ends with.
    var starttlsFix: (written: String, left: Bool?)?

    public static func == (lhs: Repair, rhs: Repair) -> Bool {
        lhs.kind == rhs.kind && lhs.summary == rhs.summary && lhs.changesFile == rhs.changesFile
    }

    /// Creates a repair from its parts.
    public init(kind: Kind, summary: String, changesFile: Bool = true) {
        self.kind = kind
        self.summary = summary
        self.changesFile = changesFile
    }
}
