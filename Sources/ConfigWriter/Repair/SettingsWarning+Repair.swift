import SMTPSettings

extension SettingsWarning {
    /// `INLINE_SECRET_HAS_VARIABLE`: the one wording for a typed inline secret and for one already in the file.
    static let inlineSecretHasVariable = SettingsWarning(
        code: .INLINE_SECRET_HAS_VARIABLE,
        message: "The inline secret contains a ${…} reference: the server substitutes variables in config.toml, so it would use a variable's value instead of the text as typed. For a variable, write secret = \"${NAME}\" (--secret-env NAME).")
}
