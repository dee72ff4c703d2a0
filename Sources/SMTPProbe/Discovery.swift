import SMTPSettings

/// The ports `--discover` tries.
public struct DiscoveryPorts: Sendable, Equatable {
    /// SMTPS (implicit TLS).
    public var smtps: Int
    /// STARTTLS submission.
    public var starttls: Int
    /// Plain SMTP, for information.
    public var plain: Int

    /// Creates a port set.
    public init(smtps: Int, starttls: Int, plain: Int) {
        self.smtps = smtps
        self.starttls = starttls
        self.plain = plain
    }

    /// 465, 587 and 25: the ports the server itself can use.
    public static let standard = DiscoveryPorts(smtps: 465, starttls: 587, plain: 25)
}

/// The settings `--discover` recommends writing.
public struct DiscoveryRecommendation: Sendable, Equatable {
    /// The `endpoint` value.
    public var endpoint: String
    /// The `starttls` value.
    public var starttls: Bool
}

/// The outcome of `--discover`: one probe per way of connecting, and the recommendation.
public struct DiscoveryReport: Sendable {
    /// The host probed.
    public var host: String
    /// SMTPS, STARTTLS and plain attempts, in that order.
    public var attempts: [ProbeReport]
    /// What to write, or `nil` when nothing worked.
    public var recommended: DiscoveryRecommendation?

    /// True when a recommendation exists.
    public var ok: Bool { recommended != nil }

    /// `{"host": …, "attempts": […], "recommended": {"endpoint": …, "starttls": …} | null}`.
    public func jsonText() -> String {
        JSONValue.object([
            ("host", .string(host)), ("attempts", .array(attempts.map { $0.jsonObject() })),
            ("recommended", recommended.map { .object([("endpoint", .string($0.endpoint)), ("starttls", .bool($0.starttls))]) } ?? .null),
        ]).text
    }

    /// Each attempt's stage list and diagnosis, a one-line summary per attempt, then the recommendation.
    public func humanText() -> String {
        var parts = attempts.map { $0.humanText() }
        parts.append((["Summary:"] + attempts.map(Self.summaryLine)).joined(separator: "\n"))
        if let recommended {
            var line = "Recommended: endpoint = \"\(recommended.endpoint)\""
            if recommended.starttls { line += ", starttls = true" }
            parts.append(line)
        } else {
            let plainOnly = attempts.count == 3 && attempts[2].ok
            parts.append(plainOnly
                ? "Recommended: nothing — only plain SMTP answered, and it was not tried with the secret (that would expose it)."
                : "Recommended: nothing — no way of connecting to \(host) passed every stage.")
        }
        return parts.joined(separator: "\n\n")
    }
}

extension DiscoveryReport {
    fileprivate static func summaryLine(_ attempt: ProbeReport) -> String {
        let way: String
        switch attempt.plan.security {
        case .smtps: way = "SMTPS on \(attempt.plan.port)"
        case .starttls, .starttlsOpportunistic: way = "STARTTLS on \(attempt.plan.port)"
        case .none: way = "plain SMTP on \(attempt.plan.port)"
        }
        var line = "  " + way.padding(toLength: 20, withPad: " ", startingAt: 0) + attempt.diagnosis.code.rawValue
        if !attempt.warnings.isEmpty {
            line += " (warning: \(attempt.warnings.map(\.code.rawValue).joined(separator: ", ")))"
        }
        return line
    }
}

/// `--discover`: tries every way the server can reach a host, at the same time.
public enum Discovery {
    /// Probes SMTPS, STARTTLS (each through AUTH when `secret` is given) and plain SMTP concurrently.
    ///
    /// The plain attempt never sends the secret (it is for information only and would expose it); it skips AUTH, so
    /// it is recommended only when no secret is given: with one, it has not shown that the login works.
    public static func run(
        host: String, user: String, secret: String?, caFilePath: String?, timeout: Double,
        ports: DiscoveryPorts = .standard, ehloName: String = ProbeOptions.defaultEHLOName
    ) async -> DiscoveryReport {
        var attempts = await withTaskGroup(of: (Int, ProbeReport).self) { group in
            for (index, (endpoint, plan)) in plans(host: host, ports: ports).enumerated() {
                let options = ProbeOptions(
                    endpoint: endpoint, plan: plan, user: user, secret: plan.security == .none ? nil : secret,
                    ehloName: ehloName, caFilePath: caFilePath, timeout: timeout)
                group.addTask { (index, await Prober.run(options)) }
            }
            var results: [(Int, ProbeReport)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        if secret != nil { attempts[2].noteSecretWithheld() }
        var recommended: DiscoveryRecommendation?
        if attempts[0].ok {
            recommended = DiscoveryRecommendation(endpoint: host, starttls: false)
            if attempts[1].ok {
                attempts[1].warnings.append(ProbeWarning(
                    code: .STARTTLS_NOT_RECOMMENDED,
                    message: "STARTTLS works, but SMTPS on port \(ports.smtps) works too and is what RFC 8314 recommends."))
            }
        } else if attempts[1].ok {
            recommended = DiscoveryRecommendation(endpoint: host, starttls: true)
        } else if attempts[2].ok && secret == nil {
            recommended = DiscoveryRecommendation(endpoint: attempts[2].endpoint, starttls: false)
        }
        return DiscoveryReport(host: host, attempts: attempts, recommended: recommended)
    }

    /// A report for a failure found before any network traffic (e.g. `SECRET_UNRESOLVED`): every attempt has every
    /// stage skipped and nothing is recommended.
    public static func beforeNetwork(
        host: String, ports: DiscoveryPorts = .standard, code: DiagnosisCode, message: String, hint: String?
    ) -> DiscoveryReport {
        let attempts = plans(host: host, ports: ports).map { endpoint, plan in
            ProbeReport.beforeNetwork(endpoint: endpoint, plan: plan, code: code, message: message, hint: hint)
        }
        return DiscoveryReport(host: host, attempts: attempts, recommended: nil)
    }

    /// The endpoint and plan of each attempt: SMTPS, STARTTLS, plain.
    private static func plans(host: String, ports: DiscoveryPorts) -> [(endpoint: String, plan: ConnectionPlan)] {
        [
            (host, ConnectionPlan(host: host, port: ports.smtps, security: .smtps, isURL: false, whatIf: ports.smtps != 465)),
            (host, ConnectionPlan(
                host: host, port: ports.starttls, security: .starttls, isURL: false, whatIf: ports.starttls != 587)),
            (plainEndpoint(host: host, port: ports.plain), ConnectionPlan(host: host, port: ports.plain, security: .none, isURL: true)),
        ]
    }

    private static func plainEndpoint(host: String, port: Int) -> String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port == 25 ? "smtp://\(bracketed)" : "smtp://\(bracketed):\(port)"
    }
}

extension ProbeReport {
    /// The plain attempt of `--discover` with a secret given: it says that the secret was withheld on purpose,
    /// rather than "no secret configured" and a hint to set one.
    fileprivate mutating func noteSecretWithheld() {
        if let index = stages.firstIndex(where: { $0.id == .auth && $0.status == .skipped && $0.detail == "no secret configured" }) {
            stages[index].detail = "not tried: the secret is never sent over plain text"
        }
        if diagnosis.code == .AUTH_REQUIRED {
            diagnosis.hint = "The secret was not sent over plain text: log in over SMTPS or STARTTLS (the other attempts)."
        }
    }
}
