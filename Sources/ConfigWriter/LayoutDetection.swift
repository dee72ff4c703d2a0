import LosslessTOML
import SMTPSettings

/// What decided the skip-flag layout (SPEC §1), in the order `--schema auto` tries them.
public enum LayoutBasis: String, Sendable, Equatable {
    /// The file's content (a `user` table, or a legacy root key).
    case file
    /// `--schema legacy` or `--schema current`.
    case schemaOption = "schema"
    /// The image tag of the compose service that runs the server (SPEC §11).
    case imageTag = "image"
    /// Nothing tells: the wizard asks, `apply --skip-verification` stops with exit 64.
    case unknown
}

/// How `--schema auto` picks the skip-flag layout: from the file, then from the server image's tag (SPEC §1).
enum LayoutDetection {
    /// The layout, what decided it, and why (for the message the tool prints).
    struct Result {
        /// The layout; ``unknownPlaceholder`` when `basis` is `.unknown`.
        var layout: SkipFlagLayout
        var basis: LayoutBasis
        var reason: String
    }

    /// A user setting, which servers 0.7 and later moved from the top level into `[user]`, under its name in
    /// each layout.
    struct UserKey: Equatable {
        /// The top-level name servers before 0.7 read.
        let legacy: String
        /// The name under `[user]` servers 0.7 and later read.
        let current: String

        /// Its path in `layout`.
        func path(_ layout: SkipFlagLayout) -> [String] {
            layout == .legacy ? [legacy] : ["user", current]
        }

        /// How it is named in messages in `layout`.
        func name(_ layout: SkipFlagLayout) -> String {
            layout == .legacy ? legacy : "[user] \(current)"
        }
    }

    /// The skip flag, first, and the other user settings that moved in server 0.7.
    static let userKeys = [
        UserKey(legacy: "skip_user_verification", current: "skip_verification"),
        UserKey(legacy: "tmp_admin", current: "tmp_admin"),
        UserKey(legacy: "user_expiration_period", current: "expiration_period"),
    ]

    /// The skip flag's names.
    static let skipFlag = userKeys[0]

    /// The root keys that only exist in the legacy layout.
    static let legacyRootKeys = userKeys.map(\.legacy)

    /// The layout value an unknown decision carries. A file without any signal has no skip flag in either layout,
    /// so reading it is the same in both; writing a skip flag first needs a known layout.
    static let unknownPlaceholder = SkipFlagLayout.legacy

    /// What `--schema legacy` and `--schema current` mean, for the messages that ask for one.
    static let schemaChoicesText =
        "--schema legacy (server before 0.7, the layout the server's SMTP settings page shows) or --schema current (server 0.7 and later)"

    /// Decides the layout for `choice` from `document`, then from `image` (the compose service's server image).
    static func decide(_ choice: SchemaChoice, document: TOMLDocument, image: ServerImage? = nil) -> Result {
        switch choice {
        case .legacy: return Result(layout: .legacy, basis: .schemaOption, reason: "chosen with --schema legacy")
        case .current: return Result(layout: .current, basis: .schemaOption, reason: "chosen with --schema current")
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
            return Result(layout: .current, basis: .file, reason: "the file has \(how), as servers 0.7 and later expect")
        }
        if let key = legacyRootKeys.first(where: { document.value(at: [$0]) != nil }) {
            return Result(layout: .legacy, basis: .file, reason: "the file has \(key) at the top level, as servers before 0.7 expect")
        }
        if let image, let layout = image.layout, let reason = image.layoutReason {
            return Result(layout: layout, basis: .imageTag, reason: reason)
        }
        return Result(
            layout: unknownPlaceholder, basis: .unknown,
            reason: "unknown: neither the file nor the deployment shows the server version; choose \(schemaChoicesText)")
    }

    /// The path of the skip flag in `layout`.
    static func flagPath(_ layout: SkipFlagLayout) -> [String] { skipFlag.path(layout) }

    /// How the flag is named in messages.
    static func flagName(_ layout: SkipFlagLayout) -> String { skipFlag.name(layout) }

    /// The user settings `document` has in `layout`, in the order of ``userKeys``.
    static func userKeys(in document: TOMLDocument, layout: SkipFlagLayout) -> [UserKey] {
        userKeys.filter { document.value(at: $0.path(layout)) != nil }
    }
}
