/// The name of an environment variable for `secret = "${NAME}"` (SPEC §5): `[A-Za-z_][A-Za-z0-9_]*`.
public struct VariableName: SettingValue {
    /// The name exactly as given.
    public let text: String

    /// The name the wizard suggests.
    public static let defaultSecretName = "SMTP_SECRET"

    /// Checks `text`; the error says which characters a name may hold.
    public init(parsing text: String) throws(SettingsError) {
        guard VariableReference.isValidName(text) else { throw .variableNameInvalid(text) }
        self.text = text
    }
}
