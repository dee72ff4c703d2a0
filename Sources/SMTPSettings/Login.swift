/// Validation of the `user` setting: the login at the mail server.
///
/// The login is usually a mail address, but relay services use other names
/// (SendGrid's literal `apikey`, Postmark's server token), so a plain name is accepted.
public enum Login {
    /// Checks `text` and throws an error that says what is wrong and what is expected.
    public static func validate(_ text: String) throws(SettingsError) {
        if text.isEmpty { throw .loginEmpty }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .loginHasControlCharacters(text)
        }
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            throw .loginHasSurroundingWhitespace(text)
        }
        if text.contains("@"), !isPlausibleAddress(text) { throw .loginInvalidAddress(text) }
    }

    /// The domain of a mail address (`example.org` for `you@example.org`), lower-cased; `nil` without `@`.
    public static func mailDomain(of text: String) -> String? {
        guard let at = text.lastIndex(of: "@") else { return nil }
        let domain = text[text.index(after: at)...]
        return domain.isEmpty ? nil : domain.lowercased()
    }

    private static func isPlausibleAddress(_ text: String) -> Bool {
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
