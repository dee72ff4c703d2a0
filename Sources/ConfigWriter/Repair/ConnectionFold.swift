import SMTPSettings

/// How `port` and `tls` in `[smtp]`, which the server rejects, are expressed with `endpoint` and `starttls`
/// (SPEC §2's table read backwards, §12). A pure decision: the planner makes the edits.
///
/// With a host name endpoint the server reaches only 465 (SMTPS) and 587 (STARTTLS): `port = 465` and
/// `port = 587` pick `starttls`, any other port becomes `smtp://host:port?tls=required`, and `tls = false`
/// becomes the plain `smtp://host[:port]`. With a URL endpoint the URL takes the port and `tls=required` when
/// it has none; a port or TLS mode the URL names already wins.
struct ConnectionFold {
    /// What happens to the `starttls` key, with the reason a summary of the key gives for it.
    enum StarttlsChange: Equatable {
        case keep
        case set(Bool, because: String)
        case remove(because: String)
    }

    let endpoint: Endpoint
    let starttls: Bool?
    let port: Int?
    let tls: Bool?

    /// The new endpoint text, `nil` to keep it.
    var newEndpoint: String?
    var starttlsChange = StarttlsChange.keep
    /// The unknown keys to remove, each with the repair that explains it.
    var repairs: [(key: String, kind: Repair.Kind, summary: String)] = []

    init(endpoint: Endpoint, starttls: Bool?, port: Int?, tls: Bool?) {
        self.endpoint = endpoint
        self.starttls = starttls
        self.port = port
        self.tls = tls
    }

    mutating func decide() {
        switch endpoint.form {
        case .relay(let host): decideRelay(host)
        case .url(let host, let urlPort, let security): decideURL(host, urlPort, security)
        }
    }

    private mutating func decideRelay(_ host: String) {
        if tls == false {
            let url = ConnectionFold.url(host, port, .none)
            newEndpoint = url
            if starttls != nil { starttlsChange = ConnectionFold.ignored(beside: url) }
            if let port { repairs.append(("port", .FOLD_UNKNOWN_KEY, "fold port = \(port) into endpoint = \"\(url)\"")) }
            repairs.append(("tls", .FOLD_UNKNOWN_KEY,
                            "replace tls = false with endpoint = \"\(url)\" (plain text, no TLS: a host name alone always uses TLS)"))
            return
        }
        var tlsReason = "a host name endpoint always uses TLS"
        switch port {
        case nil:
            break
        case 465?:
            if starttls == true {
                starttlsChange = .set(false, because: "port 465 means SMTPS, not STARTTLS")
                repairs.append(("port", .FOLD_UNKNOWN_KEY, "replace port = 465 with starttls = false in [smtp] (port 465 is SMTPS, TLS from the first byte)"))
            } else {
                repairs.append(("port", .REMOVE_UNKNOWN_KEY, "remove port = 465 from [smtp] (implied by SMTPS)"))
            }
        case 587?:
            if starttls == true {
                repairs.append(("port", .REMOVE_UNKNOWN_KEY, "remove port = 587 from [smtp] (implied by starttls = true)"))
            } else {
                starttlsChange = .set(true, because: "port 587 means STARTTLS")
                repairs.append(("port", .FOLD_UNKNOWN_KEY, "replace port = 587 with starttls = true in [smtp] (the server reaches port 587 only with STARTTLS)"))
            }
        case let other?:
            let url = ConnectionFold.url(host, other, .starttls)
            newEndpoint = url
            if starttls != nil { starttlsChange = ConnectionFold.ignored(beside: url) }
            tlsReason = "the new endpoint requires STARTTLS"
            repairs.append(("port", .FOLD_UNKNOWN_KEY,
                            "fold port = \(other) into endpoint = \"\(url)\" (STARTTLS required; a host name alone reaches only ports 465 and 587)"))
        }
        if tls == true { repairs.append(("tls", .REMOVE_UNKNOWN_KEY, "remove tls = true from [smtp] (\(tlsReason))")) }
    }

    private mutating func decideURL(_ host: String, _ urlPort: Int?, _ security: TransportSecurity) {
        var newPort = urlPort
        var newSecurity = security
        let plan = endpoint.plan(starttls: false)
        if let port {
            if plan.port == port {
                repairs.append(("port", .REMOVE_UNKNOWN_KEY, "remove port = \(port) from [smtp] (the endpoint's URL connects to port \(port))"))
            } else if urlPort == nil, security != .smtps {
                newPort = port
            } else {
                repairs.append(("port", .REMOVE_UNKNOWN_KEY,
                                "remove port = \(port) from [smtp]: the endpoint's URL names port \(plan.port), which the server uses"))
            }
        }
        if let tls {
            if tls, security == .none {
                newSecurity = .starttls
            } else {
                let reason = tls == security.usesTLS
                    ? (tls ? "the endpoint's URL asks for TLS already" : "the endpoint's URL is plain text already")
                    : "the endpoint's URL asks for TLS, which the server uses"
                repairs.append(("tls", .REMOVE_UNKNOWN_KEY, "remove tls = \(tls) from [smtp] (\(reason))"))
            }
        }
        guard newPort != urlPort || newSecurity != security else { return }
        let url = ConnectionFold.url(host, newPort, newSecurity)
        newEndpoint = url
        if newPort != urlPort, let port { repairs.insert(("port", .FOLD_UNKNOWN_KEY, "fold port = \(port) into endpoint = \"\(url)\""), at: 0) }
        if newSecurity != security {
            repairs.append(("tls", .FOLD_UNKNOWN_KEY, "fold tls = true into endpoint = \"\(url)\" (STARTTLS required)"))
        }
    }

    /// `starttls` removed: the server reads it only beside a host name endpoint.
    private static func ignored(beside url: String) -> StarttlsChange {
        .remove(because: "beside the new URL endpoint \"\(url)\" the server ignores starttls")
    }

    /// `smtp://host[:port][?tls=…]`, an IPv6 host in brackets.
    static func url(_ host: String, _ port: Int?, _ security: TransportSecurity) -> String {
        let authority = (HostName.isIPv6Literal(host) ? "[\(host)]" : host) + (port.map { ":\($0)" } ?? "")
        switch security {
        case .starttls: return "smtp://" + authority + "?tls=required"
        case .starttlsOpportunistic: return "smtp://" + authority + "?tls=opportunistic"
        case .none, .smtps: return "smtp://" + authority
        }
    }
}
