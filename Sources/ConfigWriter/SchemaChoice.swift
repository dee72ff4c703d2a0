/// The `--schema` option: which skip-flag layout to use (SPEC §1).
public enum SchemaChoice: String, Sendable, CaseIterable {
    /// Decide from the file's content, then from the compose service's image tag; unknown when neither tells.
    case auto
    /// `skip_user_verification` at the root (server < 0.7).
    case legacy
    /// `[user] skip_verification` (server ≥ 0.7).
    case current
}
