import ConfigWriter
import SMTPProbe
import SMTPSettings
import SetupService

extension SetupService {
    /// Test-only: `SMTPS,STARTTLS,PLAIN` ports for discovery, so tests can point it at local servers (the same
    /// variable `probe --discover` reads).
    public static let discoverPortsVariable = "BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS"

    /// The ports discovery tries: the standard ones, or those of ``discoverPortsVariable`` in the service's environment.
    public var discoveryPorts: DiscoveryPorts {
        let numbers = options.environment[Self.discoverPortsVariable]?.split(separator: ",").compactMap { Int($0) } ?? []
        guard numbers.count == 3 else { return .standard }
        return DiscoveryPorts(smtps: numbers[0], starttls: numbers[1], plain: numbers[2])
    }

    /// ``discover(host:for:secret:)`` on `ports`.
    public func discover(host: String, for settings: SMTPSettings, secret: SecretWrite?, ports: DiscoveryPorts) async -> DiscoveryReport {
        await Discovery.run(
            host: host, user: state.substituted(settings).user, secret: resolveSecret(for: settings, secret: secret).value,
            caFilePath: options.caFilePath, timeout: options.timeout, ports: ports)
    }
}
