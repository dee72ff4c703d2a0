import SMTPSettings

/// The ports `--discover` tries.
public struct DiscoveryPorts: Sendable, Equatable {
    /// SMTPS (implicit TLS).
    public var smtps: Int
    /// STARTTLS submission.
    public var starttls: Int
    /// Plain SMTP, for information.
    public var plain: Int
    /// STARTTLS on the port relay services offer where the mail ports are blocked, tried when SMTPS and STARTTLS
    /// both time out.
    public var fallback: Int

    /// Creates a port set.
    public init(smtps: Int, starttls: Int, plain: Int, fallback: Int = 2525) {
        self.smtps = smtps
        self.starttls = starttls
        self.plain = plain
        self.fallback = fallback
    }

    /// 465, 587 and 25 (and 2525 as the fallback): the ports the server itself can use.
    public static let standard = DiscoveryPorts(smtps: 465, starttls: 587, plain: 25)
}

/// `--discover`: tries every way the server can reach a host, at the same time, and logs in once.
public enum Discovery {
    /// Probes SMTPS, STARTTLS and plain SMTP concurrently, each as far as EHLO (after TLS); with a `secret`, only the
    /// best candidate that got that far (SMTPS, else STARTTLS) goes on to AUTH, so a wrong secret is tried once, not
    /// in parallel. When SMTPS and STARTTLS both time out, STARTTLS on `ports.fallback` is tried as well.
    ///
    /// The plain attempt never sends the secret (it is for information only and would expose it); it skips AUTH, so
    /// it is recommended only when no secret is given: with one, it has not shown that the login works.
    public static func run(
        host: String, user: String, secret: String?, caFilePath: String?, timeout: Double,
        ports: DiscoveryPorts = .standard, ehloName: String = ProbeOptions.defaultEHLOName
    ) async -> DiscoveryReport {
        let gate = AuthGate(candidates: [0, 1])
        var attempts = await withTaskGroup(of: (Int, ProbeReport).self) { group in
            for (index, (endpoint, plan)) in plans(host: host, ports: ports).enumerated() {
                var options = ProbeOptions(
                    endpoint: endpoint, plan: plan, user: user, secret: plan.security == .none ? nil : secret,
                    ehloName: ehloName, caFilePath: caFilePath, timeout: timeout)
                options.authGate = { await gate.arrive(index) }
                let gated = options
                group.addTask {
                    let report = await Prober.run(gated)
                    await gate.finish(index)
                    return (index, report)
                }
            }
            var results: [(Int, ProbeReport)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        if secret != nil { attempts[2].noteSecretWithheld() }
        var hint: String?
        var fallback: ProbeReport?
        if attempts[0].diagnosis.code == .CONNECT_TIMEOUT && attempts[1].diagnosis.code == .CONNECT_TIMEOUT {
            let (endpoint, plan) = fallbackPlan(host: host, port: ports.fallback)
            let report = await Prober.run(ProbeOptions(
                endpoint: endpoint, plan: plan, user: user, secret: secret, ehloName: ehloName, caFilePath: caFilePath,
                timeout: timeout))
            hint = "Ports \(ports.smtps) and \(ports.starttls) do not answer at all: the network (often the hosting provider) blocks outgoing mail ports. "
                + (report.ok
                    ? "STARTTLS on port \(ports.fallback), which relay services offer for this case, works."
                    : "Port \(ports.fallback) does not work either: ask the provider to unblock the mail ports, or use a relay service reachable from here.")
            attempts.append(report)
            fallback = report
        }
        let authenticated = secret == nil ? nil : await gate.chosen
        let recommended = recommendation(
            attempts: attempts, fallback: fallback, authenticated: authenticated, secretGiven: secret != nil, host: host)
        if recommended?.endpoint == host && recommended?.starttls == false && attempts[1].ok {
            attempts[1].warnings.append(SettingsWarning(
                code: .STARTTLS_NOT_RECOMMENDED,
                message: "STARTTLS works, but SMTPS on port \(ports.smtps) works too and is what RFC 8314 recommends."))
        }
        return DiscoveryReport(host: host, attempts: attempts, recommended: recommended, hint: hint)
    }

    /// SMTPS over STARTTLS (RFC 8314); with a secret only the attempt that logged in counts; plain SMTP only without
    /// a secret; STARTTLS on the fallback port only when it was tried.
    private static func recommendation(
        attempts: [ProbeReport], fallback: ProbeReport?, authenticated: Int?, secretGiven: Bool, host: String
    ) -> DiscoveryRecommendation? {
        if let fallback {
            return fallback.ok ? DiscoveryRecommendation(endpoint: fallback.endpoint, starttls: false) : nil
        }
        let smtps = secretGiven ? authenticated == 0 && attempts[0].ok : attempts[0].ok
        let starttls = secretGiven ? authenticated == 1 && attempts[1].ok : attempts[1].ok
        if smtps { return DiscoveryRecommendation(endpoint: host, starttls: false) }
        if starttls { return DiscoveryRecommendation(endpoint: host, starttls: true) }
        if attempts[2].ok && !secretGiven { return DiscoveryRecommendation(endpoint: attempts[2].endpoint, starttls: false) }
        return nil
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
            (urlEndpoint(host: host, port: ports.plain, defaultPort: 25), ConnectionPlan(host: host, port: ports.plain, security: .none, isURL: true)),
        ]
    }

    /// `smtp://HOST:2525?tls=required`: STARTTLS on the fallback port, as a URL endpoint the server accepts.
    private static func fallbackPlan(host: String, port: Int) -> (endpoint: String, plan: ConnectionPlan) {
        (urlEndpoint(host: host, port: port, defaultPort: 587) + "?tls=required",
         ConnectionPlan(host: host, port: port, security: .starttls, isURL: true))
    }

    private static func urlEndpoint(host: String, port: Int, defaultPort: Int) -> String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port == defaultPort ? "smtp://\(bracketed)" : "smtp://\(bracketed):\(port)"
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
