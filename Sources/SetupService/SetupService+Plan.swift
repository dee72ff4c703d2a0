import ConfigWriter
import SMTPSettings

extension SecretWrite {
    /// Writing `source` as the `secret` setting: nothing changes when it is what the file holds.
    public init(_ source: SecretSource) {
        switch source {
        case .none: self = .remove
        case .inline(let value): self = .inline(value)
        case .variable(let name): self = .variable(name)
        }
    }
}

extension SetupService {
    /// The change that writes `settings` (user, endpoint and `starttls` exactly as given; `secret` as
    /// ``resolveSecret(for:secret:)`` reads it) in `layout` (default: the one loaded), checked by parsing it
    /// again; nothing is written. Unchanged settings give a plan that changes nothing.
    public func changePlan(
        for settings: SMTPSettings, secret: SecretWrite? = nil, layout: SkipFlagLayout? = nil
    ) throws(SetupError) -> ChangePlan {
        try changePlan(
            .smtp(
                user: settings.user, endpoint: settings.endpoint, starttls: settings.starttls ?? false,
                secret: secret ?? SecretWrite(settings.secret)),
            layout: layout)
    }

    /// The change that sets the skip flag in `layout` (default: the one loaded); `[smtp]` stays untouched.
    /// Fails with ``SetupError/layoutUnknown`` when no layout is given and none is known.
    public func skipVerificationPlan(layout: SkipFlagLayout? = nil) throws(SetupError) -> ChangePlan {
        try changePlan(.skipVerification, layout: layout)
    }

    /// The plan for any `ConfigChange` (`apply` builds these from its options), with the deployment's warnings
    /// (``deploymentWarnings(for:)``). `.skipVerification` without `layout` fails with ``SetupError/layoutUnknown``
    /// when the loaded layout is unknown.
    public func changePlan(_ change: ConfigChange, layout: SkipFlagLayout? = nil) throws(SetupError) -> ChangePlan {
        if change == .skipVerification, layout == nil, !layoutIsKnown { throw .layoutUnknown }
        var planned = self
        if let layout, layout != state.layout || !layoutIsKnown {
            var options = self.options
            options.schema = layout == .legacy ? .legacy : .current
            planned = try SetupService.load(options)
        }
        do {
            var plan = try planned.state.plan(change)
            let planWarnings = plan.warnings
            plan.warnings += planned.deploymentWarnings(for: change).filter { !planWarnings.contains($0) }
            return plan
        } catch {
            throw .files(error)
        }
    }
}
