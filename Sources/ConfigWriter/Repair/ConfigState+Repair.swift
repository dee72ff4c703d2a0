import LosslessTOML
import SMTPSettings

extension ConfigState {
    /// What the file needs repaired (SPEC §12), as ``repairPlan(serverLayout:)`` would make it; empty when
    /// nothing, or when the repairs cannot be planned (the plan then says why).
    public func repairs(serverLayout: SkipFlagLayout? = nil) -> [Repair] {
        var repairer = RepairPlanner(document: document, serverLayout: serverLayout, configPath: configPath)
        guard (try? repairer.run()) != nil else { return [] }
        return repairer.repairs
    }

    /// The `[smtp]` settings as written after the repairs (no `${VAR}` substituted); `nil` without a section.
    /// A wizard prefills from these when it offers the repairs, e.g. the settings of `[smtp_config]`.
    public func repairedSettings(serverLayout: SkipFlagLayout? = nil) -> SMTPSettings? {
        var repairer = RepairPlanner(document: document, serverLayout: serverLayout, configPath: configPath)
        guard (try? repairer.run()) != nil else { return smtp }
        guard case .table(let table)? = repairer.document.value(at: ["smtp"]) else { return nil }
        return SMTPSettings(
            user: table["user"]?.stringValue ?? "", endpoint: table["endpoint"]?.stringValue ?? "",
            secret: table["secret"]?.stringValue.map(SecretSource.init(configValue:)) ?? .none, starttls: table["starttls"]?.boolValue)
    }
}
