/// The `endpoint` setting, parsed the way the server reads it (SPEC §2), keeping the text as written.
///
/// An endpoint that begins with `smtp://` is a URL the server connects to directly; anything else is the
/// host name of an external relay. `text` is always the exact input, so a parsed endpoint written back is
/// byte for byte what was read (`smtp://localhost?tls=required` never becomes `smtp://localhost:25`).
public struct Endpoint: SettingValue {
    /// The endpoint exactly as written or typed.
    public let text: String
    /// What the text means.
    public let form: Form

    /// The meaning of an endpoint.
    public enum Form: Sendable, Equatable {
        /// A bare host name or IP address: SMTPS on 465, or STARTTLS on 587 when `starttls` is true.
        case relay(host: String)
        /// A URL: `smtp://host[:port]` is `.none`, `?tls=required` is `.starttls`, `?tls=opportunistic` is
        /// `.starttlsOpportunistic`; `smtps://host[:port]` (accepted by the mail library, not documented by the
        /// server) is `.smtps`. `port` is `nil` when the URL names none.
        case url(host: String, port: Int?, security: TransportSecurity)

        /// The host named (an IPv6 address without brackets).
        public var host: String {
            switch self {
            case .relay(let host), .url(let host, _, _): return host
            }
        }
    }

    /// The `tls=` query values of a `smtp://` URL and the security each means.
    static let tlsQueryValues: [TransportSecurity: String] = [.starttls: "required", .starttlsOpportunistic: "opportunistic"]

    /// Parses an endpoint setting; the error says what is wrong and what is expected.
    public init(parsing text: String) throws(SettingsError) {
        if text.isEmpty { throw .endpointEmpty }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            throw .endpointHasWhitespace(text)
        }
        self.text = text
        if text.hasPrefix("smtp://") {
            let parts = try Endpoint.urlParts(text, afterScheme: text.dropFirst("smtp://".count))
            form = .url(host: parts.host, port: parts.port, security: parts.security ?? .none)
        } else if text.hasPrefix("smtps://") {
            let parts = try Endpoint.urlParts(text, afterScheme: text.dropFirst("smtps://".count))
            if parts.security != nil { throw .endpointQueryUnsupported(text) }
            form = .url(host: parts.host, port: parts.port, security: .smtps)
        } else if let schemeEnd = text.firstRange(of: "://") {
            let scheme = String(text[..<schemeEnd.lowerBound])
            if scheme.lowercased() == "smtp" { throw .endpointSchemeCase(text) }
            throw .endpointUnsupportedScheme(text, scheme: scheme)
        } else {
            form = .relay(host: try Endpoint.relayHost(text))
        }
    }

    /// The canonical endpoint for `form`: a bare host for a relay, `smtp://host[:port][?tls=…]` or
    /// `smtps://host[:port]` for a URL (an IPv6 host in brackets). The host must be valid.
    public init(_ form: Form) throws(SettingsError) {
        let text: String
        switch form {
        case .relay(let host):
            text = host
        case .url(let host, let port, let security):
            let authority = (HostName.isIPv6Literal(host) ? "[\(host)]" : host) + (port.map { ":\($0)" } ?? "")
            let scheme = security == .smtps ? "smtps://" : "smtp://"
            let query = Endpoint.tlsQueryValues[security].map { "?tls=\($0)" } ?? ""
            text = scheme + authority + query
        }
        try self.init(parsing: text)
        guard self.form == form else { throw .endpointInvalidHost(form.host) }
    }

    /// The host this endpoint names (an IPv6 address without brackets).
    public var host: String { form.host }

    /// True for a `smtp://` or `smtps://` URL.
    public var isURL: Bool {
        if case .url = form { return true }
        return false
    }

    /// The connection plan for this endpoint; `starttls` only matters for a relay. The one place where
    /// settings become a plan (SPEC §2 table).
    public func plan(starttls: Bool) -> ConnectionPlan {
        switch form {
        case .relay(let host):
            return starttls
                ? ConnectionPlan(host: host, port: 587, security: .starttls, isURL: false)
                : ConnectionPlan(host: host, port: 465, security: .smtps, isURL: false)
        case .url(let host, let port, let security):
            let defaultPort: Int
            switch security {
            case .none: defaultPort = 25
            case .smtps: defaultPort = 465
            case .starttls, .starttlsOpportunistic: defaultPort = 587
            }
            return ConnectionPlan(host: host, port: port ?? defaultPort, security: security, isURL: true)
        }
    }

    private static func relayHost(_ text: String) throws(SettingsError) -> String {
        if HostName.isIPv6Literal(text) { return text }
        if text.hasPrefix("["), text.hasSuffix("]"), HostName.isIPv6Literal(String(text.dropFirst().dropLast())) {
            throw .endpointBracketedRelay(text)
        }
        if let colon = text.lastIndex(of: ":") {
            let port = text[text.index(after: colon)...]
            let host = String(text[..<colon])
            if !port.isEmpty, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) {
                throw .endpointRelayWithPort(text, host: host, port: String(port))
            }
            throw .endpointInvalidHost(text)
        }
        if text.contains("/") || text.contains("?") || text.contains("@") { throw .endpointInvalidHost(text) }
        guard HostName.isValid(text) else { throw .endpointInvalidHost(text) }
        return text
    }

    private struct URLParts {
        var host: String
        var port: Int?
        var security: TransportSecurity?
    }

    private static func urlParts(_ text: String, afterScheme rest: Substring) throws(SettingsError) -> URLParts {
        var authority = rest
        var query: Substring?
        if let questionMark = rest.firstIndex(of: "?") {
            authority = rest[..<questionMark]
            query = rest[rest.index(after: questionMark)...]
        }
        if authority.contains("@") { throw .endpointURLCredentials(text) }
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        if authority.contains("/") { throw .endpointURLPath(text) }
        let host: String
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .endpointInvalidHost(text) }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            guard HostName.isIPv6Literal(host) else { throw .endpointInvalidHost(text) }
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .endpointInvalidHost(text) }
                portText = after.dropFirst()
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = String(authority[..<colon])
                portText = authority[authority.index(after: colon)...]
            } else {
                host = String(authority)
            }
            if host.isEmpty { throw .endpointURLMissingHost(text) }
            guard HostName.isValid(host) else { throw .endpointInvalidHost(text) }
        }
        var port: Int?
        if let portText {
            guard let value = Int(portText), portText.allSatisfy(\.isASCII), (1...65535).contains(value) else {
                throw .endpointInvalidPort(text, port: String(portText))
            }
            port = value
        }
        var security: TransportSecurity?
        if let query, !query.isEmpty {
            guard query.hasPrefix("tls="), let mode = Endpoint.tlsQueryValues.first(where: { $0.value == query.dropFirst(4) }) else {
                throw .endpointQueryUnsupported(text)
            }
            security = mode.key
        }
        return URLParts(host: host, port: port, security: security)
    }
}
