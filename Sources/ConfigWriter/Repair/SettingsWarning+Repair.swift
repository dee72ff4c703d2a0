import LosslessTOML
import SMTPSettings

extension SettingsWarning {
    /// `INLINE_SECRET_HAS_VARIABLE`: the one wording for a typed inline secret and for one already in the file.
    static let inlineSecretHasVariable = SettingsWarning(
        code: .INLINE_SECRET_HAS_VARIABLE,
        message: "The inline secret contains a ${…} reference: the server substitutes variables in config.toml, so it would use a variable's value instead of the text as written. For a variable, write secret = \"${NAME}\" (--secret-env NAME).")

    /// `SMTP_CONFIG_TABLE` when `document` has a `smtp_config` table (SPEC §12).
    static func smtpConfigTable(in document: TOMLDocument) -> SettingsWarning? {
        guard case .table? = document.value(at: [RepairPlanner.misplacedTable]) else { return nil }
        return SettingsWarning(
            code: .SMTP_CONFIG_TABLE,
            message: "The file has [smtp_config], the name on the server's relay integration page, but the server reads only [smtp] and rejects smtp_config as an unknown key: `apply --repair` (or the wizard) moves the settings to [smtp].")
    }

    /// `INLINE_SECRET_HAS_VARIABLE` when the file's `[smtp]` secret is inline and holds `${…}` (SPEC §12).
    static func inlineSecretVariable(in smtp: SMTPSettings?) -> SettingsWarning? {
        guard case .inline(let text)? = smtp?.secret, !VariableReference.names(in: text).isEmpty else { return nil }
        return .inlineSecretHasVariable
    }
}
