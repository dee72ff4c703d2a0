/// The `user` setting: the login at the mail server, validated.
///
/// The login is usually a mail address, but relay services use other names
/// (SendGrid's literal `apikey`, Postmark's server token), so a plain name is accepted.
public struct Login: SettingValue {
    /// The login exactly as given.
    public let text: String

    /// Checks `text`; the error says what is wrong and what is expected.
    public init(parsing text: String) throws(SettingsError) {
        if text.isEmpty { throw .loginEmpty }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .loginHasControlCharacters(text)
        }
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            throw .loginHasSurroundingWhitespace(text)
        }
        if text.contains("@"), !Login.isPlausibleAddress(text) { throw .loginInvalidAddress(text) }
        self.text = text
    }

    /// True when the login is a mail address (it contains `@`), false for a plain name such as `apikey`.
    public var isMailAddress: Bool { text.contains("@") }

    /// The login's mail domain, lower-cased; `nil` for a plain name.
    public var mailDomain: String? { Login.mailDomain(of: text) }

    /// The domain of a mail address (`example.org` for `you@example.org`), lower-cased; `nil` without `@`.
    public static func mailDomain(of text: String) -> String? {
        guard let at = text.lastIndex(of: "@") else { return nil }
        let domain = text[text.index(after: at)...]
        return domain.isEmpty ? nil : domain.lowercased()
    }

    static func isPlausibleAddress(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = String(text[text.index(after: at)...])
        guard !local.isEmpty, !local.contains(where: \.isWhitespace) else { return false }
        if domain.hasPrefix("["), domain.hasSuffix("]") {
            let literal = String(domain.dropFirst().dropLast())
            return HostName.isIPv4Literal(literal) || (literal.hasPrefix("IPv6:") && HostName.isIPv6Literal(String(literal.dropFirst(5))))
        }
        return !domain.unicodeScalars.contains(where: \.properties.isWhitespace) && !domain.contains("@")
            && (HostName.isValid(domain) || !domain.allSatisfy(\.isASCII)) && !domain.hasSuffix(".")
            && !HostName.isIPv4Literal(domain) && !HostName.isIPv6Literal(domain)
    }
}
