/// The release version of bomnipotent-smtp, printed by `--version`; `scripts/release` reads it from here.
enum Version {
    /// Semantic version of this release.
    static let current = "0.3.0"
}
