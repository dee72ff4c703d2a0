/// Where the flag that skips user verification lives (SPEC §1).
public enum SkipFlagLayout: String, Sendable, Equatable, CaseIterable {
    /// `skip_user_verification = true` among the root keys (server < 0.7).
    case legacy
    /// `[user]` table, `skip_verification = true` (server ≥ 0.7).
    case current
}
