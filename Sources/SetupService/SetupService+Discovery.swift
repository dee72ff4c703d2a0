import ConfigWriter
import SMTPProbe
import SMTPSettings

extension SetupService {
    /// Runs `--discover` on `host` with the login and secret `settings` and `secret` give (resolved as for a
    /// probe, ``resolveSecret(for:secret:)``), with this service's trust anchors and timeout.
    public func discover(host: String, for settings: SMTPSettings, secret: SecretWrite? = nil) async -> DiscoveryReport {
        let effective = state.substituted(settings)
        return await Discovery.run(
            host: host, user: effective.user, secret: resolveSecret(for: settings, secret: secret).value,
            caFilePath: options.caFilePath, timeout: options.timeout)
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
