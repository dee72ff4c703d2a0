import ConfigWriter
import SMTPSettings

extension SetupService {
    /// What the loaded file needs repaired so the server reads it as meant (SPEC §12): unknown or mistyped
    /// `[smtp]` keys, `[smtp_config]`, a skip flag in the layout the server does not read, and (reported, not
    /// changed) an inline secret with `${…}`. Empty when nothing, or without a config file.
    public var repairs: [Repair] {
        readsConfig ? state.repairs(serverLayout: serverLayout) : []
    }

    /// The file's `[smtp]` settings as they read after the ``repairs`` (e.g. those of `[smtp_config]`);
    /// `nil` without a section or file.
    public var repairedSettings: SMTPSettings? {
        readsConfig ? state.repairedSettings(serverLayout: serverLayout) : nil
    }

    /// The plan that only makes the ``repairs``, checked by parsing it again; nothing is written. It changes
    /// nothing when the file needs no repair.
    public func repairPlan() throws(SetupError) -> ChangePlan {
        do {
            return try state.repairPlan(serverLayout: serverLayout)
        } catch {
            throw .files(error)
        }
    }
}
