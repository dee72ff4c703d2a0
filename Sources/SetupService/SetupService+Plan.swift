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
    /// With `repair`, the ``repairs`` go into the same plan.
    public func skipVerificationPlan(layout: SkipFlagLayout? = nil, repair: Bool = false) throws(SetupError) -> ChangePlan {
        try changePlan(.skipVerification, layout: layout, repair: repair)
    }

    /// The plan for any `ConfigChange` (`apply` builds these from its options); with `repair`, the ``repairs``
    /// come first in the same plan.
    public func changePlan(_ change: ConfigChange, layout: SkipFlagLayout? = nil, repair: Bool = false) throws(SetupError) -> ChangePlan {
        var planned = self
        if let layout, layout != state.layout {
            var options = self.options
            options.schema = layout == .legacy ? .legacy : .current
            planned = try SetupService.load(options)
        }
        do {
            return try planned.state.plan(change, repair: repair, serverLayout: repairLayout ?? layout)
        } catch {
            throw .files(error)
        }
    }
}
