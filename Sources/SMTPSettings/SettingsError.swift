/// Everything that can be wrong with a setting, each case carrying what is needed to explain it.
///
/// `description` is the one place where these become text: what is wrong and what is expected.
public enum SettingsError: Error, Sendable, Equatable {
    /// The endpoint is empty.
    case endpointEmpty
    /// The endpoint contains spaces or control characters.
    case endpointHasWhitespace(String)
    /// `SMTP://…` and the like: the server only recognises lower-case `smtp://`.
    case endpointSchemeCase(String)
    /// A scheme other than `smtp://` or `smtps://`, e.g. `https://`.
    case endpointUnsupportedScheme(String, scheme: String)
    /// A relay endpoint of the form `host:port`.
    case endpointRelayWithPort(String, host: String, port: String)
    /// A relay endpoint written as a bracketed IPv6 address.
    case endpointBracketedRelay(String)
    /// The host part is not a valid host name or IP address.
    case endpointInvalidHost(String)
    /// A URL without a host, e.g. `smtp://:25`.
    case endpointURLMissingHost(String)
    /// A URL whose port is not a number from 1 to 65535.
    case endpointInvalidPort(String, port: String)
    /// A URL with a path after the host.
    case endpointURLPath(String)
    /// A URL with `user:password@` in it.
    case endpointURLCredentials(String)
    /// A URL with a query other than `tls=required` or `tls=opportunistic`.
    case endpointQueryUnsupported(String)
    /// A `smtps://` URL where a setting is written: the server does not document it.
    case endpointSMTPSNotWritable(String, host: String, port: Int?)
    /// The login is empty.
    case loginEmpty
    /// The login contains control characters (a pasted newline, a tab).
    case loginHasControlCharacters(String)
    /// The login starts or ends with whitespace.
    case loginHasSurroundingWhitespace(String)
    /// The login contains `@` but is not a plausible mail address.
    case loginInvalidAddress(String)
    /// A variable name that does not match `[A-Za-z_][A-Za-z0-9_]*`.
    case variableNameInvalid(String)
    /// A recipient address that is empty.
    case addressEmpty
    /// A recipient address that is not a mail address (`local-part@domain`).
    case addressInvalid(String)
    /// A port that is not a number from 1 to 65535.
    case portInvalid(String)
    /// A secret value to store that is empty.
    case secretEmpty
    /// A secret value for `.env` holding a character `.env` cannot carry (named, never quoted).
    case secretUnwritable(character: String)
}

extension SettingsError: CustomStringConvertible {
    /// A sentence saying what is wrong and what is expected instead.
    public var description: String {
        switch self {
        case .endpointEmpty:
            return "The endpoint is empty: enter the mail server's host name (e.g. smtp.example.org) or a URL such as smtp://localhost:2500."
        case .endpointHasWhitespace(let text):
            return "The endpoint \"\(text.debugEscaped)\" contains spaces or control characters: enter only a host name or a smtp:// URL."
        case .endpointSchemeCase(let text):
            return "The endpoint \"\(text)\" must start with \"smtp://\" in lower case: the server treats anything else as a host name."
        case .endpointUnsupportedScheme(let text, let scheme):
            return "The endpoint \"\(text)\" starts with \"\(scheme)://\", which the server does not understand: write the bare host name for a relay, or smtp://host:port for a direct connection."
        case .endpointRelayWithPort(_, let host, let port):
            return "A relay endpoint is a host name only: the server would look up \"\(host):\(port)\" as a name. Write endpoint = \"\(host)\" (port 465, or 587 with starttls = true), or smtp://\(host):\(port)?tls=required to use port \(port)."
        case .endpointBracketedRelay(let text):
            return "The relay endpoint \"\(text)\" has brackets: write the IPv6 address without them, or use smtp://\(text):port."
        case .endpointInvalidHost(let text):
            return "\"\(text)\" is not a valid host name or IP address: use letters, digits, hyphens and dots, e.g. smtp.example.org."
        case .endpointURLMissingHost(let text):
            return "The URL \"\(text)\" has no host: write smtp://host or smtp://host:port."
        case .endpointInvalidPort(let text, let port):
            return "The port \"\(port)\" in \"\(text)\" is not a number from 1 to 65535."
        case .endpointURLPath(let text):
            return "The URL \"\(text)\" has a path after the host: write smtp://host:port with nothing after it but ?tls=required or ?tls=opportunistic."
        case .endpointURLCredentials(let text):
            return "The URL \"\(text.redactingUserInfo)\" carries credentials: put the login in `user` and the password in `secret` instead."
        case .endpointQueryUnsupported(let text):
            return "The URL \"\(text)\" has an unsupported query: the only ones the server knows are ?tls=required and ?tls=opportunistic (smtp:// only)."
        case .endpointSMTPSNotWritable(let text, let host, let port):
            if let port, port != 465 {
                return "The endpoint \"\(text)\" uses smtps://, which the server does not document: write endpoint = \"\(host)\" for SMTPS on port 465, or smtp://\(host):\(port)?tls=required if port \(port) speaks STARTTLS."
            }
            return "The endpoint \"\(text)\" uses smtps://, which the server does not document: write endpoint = \"\(host)\" without starttls, which is SMTPS on port 465."
        case .loginEmpty:
            return "The user is empty: enter the login at the mail server, usually your mail address (e.g. you@example.org)."
        case .loginHasControlCharacters(let text):
            return "The user \"\(text.debugEscaped)\" contains control characters (a pasted line break or tab?): enter the login only."
        case .loginHasSurroundingWhitespace(let text):
            return "The user \"\(text.debugEscaped)\" starts or ends with a space: remove it, the server would send it as part of the login."
        case .loginInvalidAddress(let text):
            return "The user \"\(text.debugEscaped)\" looks like a mail address but is not one: expected local-part@domain, e.g. you@example.org (some services use a plain name such as apikey instead)."
        case .variableNameInvalid(let name):
            return "\"\(name.debugEscaped)\" is not a valid variable name: use letters, digits and underscores, not starting with a digit (e.g. SMTP_SECRET)."
        case .addressEmpty:
            return "The address is empty: enter a mail address such as you@example.org."
        case .addressInvalid(let text):
            return "\"\(text.debugEscaped)\" is not a mail address: expected local-part@domain, e.g. you@example.org."
        case .portInvalid(let text):
            return "\"\(text.debugEscaped)\" is not a port number from 1 to 65535."
        case .secretEmpty:
            return "The secret is empty: enter the password or API key."
        case .secretUnwritable(let character):
            return "The secret contains a \(character), which a .env file cannot hold: use another secret, or keep it in the environment."
        }
    }
}

extension String {
    /// The text with control characters shown as escapes, for quoting user input in messages.
    var debugEscaped: String {
        String(unicodeScalars.flatMap { scalar -> [Character] in
            scalar.value < 0x20 || scalar.value == 0x7F ? Array(scalar.escaped(asASCII: true)) : [Character(scalar)]
        })
    }

    /// A URL with anything between `://` and `@` replaced by `***`: how an endpoint is shown, since a URL's
    /// user information may hold a password (possibly substituted from `${VAR}`).
    public var redactingUserInfo: String {
        guard let scheme = firstRange(of: "://"), let at = self[scheme.upperBound...].lastIndex(of: "@") else { return self }
        return String(self[..<scheme.upperBound]) + "***" + String(self[at...])
    }
}
