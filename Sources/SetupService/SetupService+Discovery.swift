import ConfigWriter
import SMTPProbe
import SMTPSettings

extension SetupService {
    /// Test-only: `SMTPS,STARTTLS,PLAIN` ports for discovery, so tests can point it at local servers.
    public static let discoverPortsVariable = "BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS"

    /// The ports discovery tries: the standard ones, or those of ``discoverPortsVariable`` in the service's
    /// environment (tests only).
    public var discoveryPorts: DiscoveryPorts {
        let numbers = options.environment[Self.discoverPortsVariable]?.split(separator: ",").compactMap { Int($0) } ?? []
        guard numbers.count == 3 else { return .standard }
        return DiscoveryPorts(smtps: numbers[0], starttls: numbers[1], plain: numbers[2])
    }

    /// Runs `--discover` on `host` with the login and secret `settings` and `secret` give (resolved as for a
    /// probe, ``resolveSecret(for:secret:)``), with this service's trust anchors and timeout.
    public func discover(host: String, for settings: SMTPSettings, secret: SecretWrite? = nil) async -> DiscoveryReport {
        let effective = state.substituted(settings)
        return await discover(host: host, user: effective.user, secret: resolveSecret(for: settings, secret: secret).value)
    }

    /// Runs `--discover` on `host` as `user` with the secret value `secret` (`nil`: no AUTH) on ``discoveryPorts``.
    public func discover(
        host: String, user: String, secret: String?, ehloName: String = ProbeOptions.defaultEHLOName
    ) async -> DiscoveryReport {
        await Discovery.run(
            host: host, user: user, secret: secret, caFilePath: options.caFilePath, timeout: options.timeout,
            ports: discoveryPorts, ehloName: ehloName)
    }

    /// `settings` with exactly what discovery recommended (endpoint and `starttls`), or `nil` when nothing
    /// worked: the wizard preselects the ``ConnectionChoice`` of the result, never an attempt that failed.
    public static func settings(_ settings: SMTPSettings, recommendedBy report: DiscoveryReport) -> SMTPSettings? {
        guard let recommended = report.recommended else { return nil }
        var copy = settings
        copy.endpoint = recommended.endpoint
        copy.setStarttls(recommended.starttls)
        return copy
    }
}
