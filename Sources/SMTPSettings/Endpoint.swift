/// The `endpoint` setting, parsed the way the server reads it (SPEC §2).
///
/// An endpoint that begins with `smtp://` is a URL the server connects to directly;
/// anything else is the host name of an external relay.
public enum Endpoint: Sendable, Equatable {
    /// A bare host name or IP address: SMTPS on 465, or STARTTLS on 587 when `starttls` is true.
    case relay(host: String)
    /// A `smtp://host[:port][?tls=…]` URL.
    case url(host: String, port: Int?, tls: URLTLSMode)
    /// A `smtps://host[:port]` URL: accepted by the mail library but not documented by the server.
    case smtpsURL(host: String, port: Int?)

    /// The `tls=` query parameter of a `smtp://` URL.
    public enum URLTLSMode: String, Sendable, Equatable {
        /// No parameter: plain text.
        case none
        /// `tls=required`: STARTTLS, fail when not offered.
        case required
        /// `tls=opportunistic`: STARTTLS when offered.
        case opportunistic
    }

    /// Parses an endpoint setting; the error says what is wrong and what is expected.
    public init(parsing text: String) throws(SettingsError) {
        if text.isEmpty { throw .endpointEmpty }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            throw .endpointHasWhitespace(text)
        }
        if text.hasPrefix("smtp://") {
            let parts = try Endpoint.urlParts(text, afterScheme: text.dropFirst("smtp://".count))
            self = .url(host: parts.host, port: parts.port, tls: parts.tls)
        } else if text.hasPrefix("smtps://") {
            let parts = try Endpoint.urlParts(text, afterScheme: text.dropFirst("smtps://".count))
            if parts.tls != .none { throw .endpointQueryUnsupported(text) }
            self = .smtpsURL(host: parts.host, port: parts.port)
        } else if let schemeEnd = text.firstRange(of: "://") {
            let scheme = String(text[..<schemeEnd.lowerBound])
            if scheme.lowercased() == "smtp" { throw .endpointSchemeCase(text) }
            throw .endpointUnsupportedScheme(text, scheme: scheme)
        } else {
            self = .relay(host: try Endpoint.relayHost(text))
        }
    }

    /// The host this endpoint names.
    public var host: String {
        switch self {
        case .relay(let host), .url(let host, _, _), .smtpsURL(let host, _): return host
        }
    }

    /// The connection plan for this endpoint; `starttls` only matters for a relay.
    public func plan(starttls: Bool) -> ConnectionPlan {
        switch self {
        case .relay(let host):
            return starttls
                ? ConnectionPlan(host: host, port: 587, security: .starttls, isURL: false)
                : ConnectionPlan(host: host, port: 465, security: .smtps, isURL: false)
        case .url(let host, let port, .none):
            return ConnectionPlan(host: host, port: port ?? 25, security: .none, isURL: true)
        case .url(let host, let port, .required):
            return ConnectionPlan(host: host, port: port ?? 587, security: .starttls, isURL: true)
        case .url(let host, let port, .opportunistic):
            return ConnectionPlan(host: host, port: port ?? 587, security: .starttlsOpportunistic, isURL: true)
        case .smtpsURL(let host, let port):
            return ConnectionPlan(host: host, port: port ?? 465, security: .smtps, isURL: true)
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
        var tls: URLTLSMode
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
        var tls = URLTLSMode.none
        if let query, !query.isEmpty {
            guard query.hasPrefix("tls="), let mode = URLTLSMode(rawValue: String(query.dropFirst(4))), mode != .none else {
                throw .endpointQueryUnsupported(text)
            }
            tls = mode
        }
        return URLParts(host: host, port: port, tls: tls)
    }
}
