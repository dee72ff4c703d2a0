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
    /// again; nothing is written. Unchanged settings give a plan that changes nothing. With `repair`, the
    /// ``repairs`` go into the same plan and diff (``ChangePlan/repairs`` lists them).
    public func changePlan(
        for settings: SMTPSettings, secret: SecretWrite? = nil, layout: SkipFlagLayout? = nil, repair: Bool = false
    ) throws(SetupError) -> ChangePlan {
        try changePlan(
            .smtp(
                user: settings.user, endpoint: settings.endpoint, starttls: settings.starttls ?? false,
                secret: secret ?? SecretWrite(settings.secret)),
            layout: layout, repair: repair)
    }

    /// The change that sets the skip flag in `layout` (default: the one loaded); `[smtp]` stays untouched.
    /// Fails with ``SetupError/layoutUnknown`` when no layout is given and none is known. With `repair`, the
    /// ``repairs`` go into the same plan.
    public func skipVerificationPlan(layout: SkipFlagLayout? = nil, repair: Bool = false) throws(SetupError) -> ChangePlan {
        try changePlan(.skipVerification, layout: layout, repair: repair)
    }

    /// The plan for any `ConfigChange` (`apply` builds these from its options), with the deployment's warnings
    /// (``deploymentWarnings(for:)``); with `repair`, the ``repairs`` come first in the same plan.
    /// `.skipVerification` without `layout` fails with ``SetupError/layoutUnknown`` when the loaded layout is unknown.
    public func changePlan(_ change: ConfigChange, layout: SkipFlagLayout? = nil, repair: Bool = false) throws(SetupError) -> ChangePlan {
        if change == .skipVerification, layout == nil, !layoutIsKnown { throw .layoutUnknown }
        var planned = self
        if let layout, layout != state.layout || !layoutIsKnown {
            var options = self.options
            options.schema = layout == .legacy ? .legacy : .current
            planned = try SetupService.load(options)
        }
        do {
            var plan = try planned.state.plan(change, repair: repair, serverLayout: planned.repairLayout)
            let planWarnings = plan.warnings
            plan.warnings += planned.deploymentWarnings(for: change).filter { warning in
                !planWarnings.contains(warning) && !plan.repairs.contains { $0.kind.cures == warning.code }
            }
            return plan
        } catch {
            throw .files(error)
        }
    }
}
