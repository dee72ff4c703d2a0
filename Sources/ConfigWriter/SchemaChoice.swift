/// The `--schema` option: which skip-flag layout to use (SPEC §1).
public enum SchemaChoice: String, Sendable, CaseIterable {
    /// Decide from the file's content; `legacy` when it says nothing.
    case auto
    /// `skip_user_verification` at the root (server < 0.7).
    case legacy
    /// `[user] skip_verification` (server ≥ 0.7).
    case current
}
