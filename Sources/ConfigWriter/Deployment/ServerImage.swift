import SMTPSettings

/// The BOMnipotent Server image a compose service runs, and the server version its tag names (SPEC §1, §11).
public struct ServerImage: Sendable, Equatable {
    /// The image reference after interpolation, e.g. `wwhsoft/bomnipotent_server:0.7.2`.
    public var reference: String
    /// The tag, `nil` when untagged (or pinned by digest only).
    public var tag: String?
    /// True when pinned by a digest (`@sha256:…`): the version cannot be read from the reference.
    public var pinnedByDigest: Bool

    /// The repository path of the official image.
    public static let repository = "wwhsoft/bomnipotent_server"

    /// Reads `reference`; `nil` when it is not the BOMnipotent Server image.
    public init?(reference: String) {
        var name = Substring(reference)
        var digest = false
        if let at = name.firstIndex(of: "@") {
            digest = true
            name = name[..<at]
        }
        var tag: String?
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            tag = String(name[name.index(after: colon)...])
            name = name[..<colon]
        }
        var components = name.split(separator: "/").map(String.init)
        if components.count > 2, let first = components.first, first.contains(".") || first.contains(":") || first == "localhost" {
            components.removeFirst()
        }
        guard components.joined(separator: "/").lowercased() == ServerImage.repository else { return nil }
        self.reference = reference
        self.tag = tag
        self.pinnedByDigest = digest
    }

    /// True for `:latest` or no tag at all: the newest release.
    public var isNewest: Bool { !pinnedByDigest && (tag == nil || tag == "latest") }

    /// The version the tag names (`0.6.3`, `v0.7`, `0.7.0-rc1`), as major and minor; `nil` when it names none.
    public var version: (major: Int, minor: Int)? {
        guard let tag else { return nil }
        let text = tag.hasPrefix("v") ? tag.dropFirst() : Substring(tag)
        let numbers = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }.split(separator: ".")
        guard numbers.count >= 2, let major = Int(numbers[0]), let minor = Int(numbers[1]) else { return nil }
        return (major, minor)
    }

    /// The skip-flag layout this server reads, `nil` when the reference does not tell.
    public var layout: SkipFlagLayout? {
        if isNewest { return .current }
        guard let version else { return nil }
        return (version.major, version.minor) >= (0, 7) ? .current : .legacy
    }

    /// How the layout was decided, for messages: "the compose service runs wwhsoft/bomnipotent_server:0.6.3, a server
    /// before 0.7".
    public var layoutReason: String? {
        guard let layout else { return nil }
        let version = isNewest ? "the newest release (0.7 or later)" : layout == .current ? "a server 0.7 or later" : "a server before 0.7"
        return "the compose service runs \(reference), \(version)"
    }
}
