import ConfigWriter
import SMTPSettings

extension SetupService {
    /// What the loaded file needs repaired so the server reads it as meant (SPEC §12): unknown or mistyped
    /// `[smtp]` keys, `[smtp_config]`, a skip flag in the layout the server does not read, and (reported, not
    /// changed) an inline secret with `${…}`. Empty when nothing, or without a config file.
    public var repairs: [Repair] {
        readsConfig ? state.repairs(serverLayout: repairLayout) : []
    }

    /// The file's `[smtp]` settings as they read after the ``repairs`` (e.g. those of `[smtp_config]`);
    /// `nil` without a section or file.
    public var repairedSettings: SMTPSettings? {
        readsConfig ? state.repairedSettings(serverLayout: repairLayout) : nil
    }

    /// The plan that only makes the ``repairs``, checked by parsing it again; nothing is written. It changes
    /// nothing when the file needs no repair.
    public func repairPlan() throws(SetupError) -> ChangePlan {
        do {
            return try state.repairPlan(serverLayout: repairLayout)
        } catch {
            throw .files(error)
        }
    }

    /// The layout a mislaid skip flag moves to: the server's (from the compose image), else the one chosen
    /// with `--schema` (the administrator's word on the server version); `nil` when neither tells.
    var repairLayout: SkipFlagLayout? {
        if let serverLayout { return serverLayout }
        switch options.schema {
        case .legacy: return .legacy
        case .current: return .current
        case .auto: return nil
        }
    }
}
