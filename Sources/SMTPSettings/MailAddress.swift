/// A recipient address (`probe --send-test-to`, `--relay-check-to`, the wizard's test mail): a login as
/// `Login` validates it that is also a mail address (SPEC §7: the same validation as `user`).
public struct MailAddress: SettingValue {
    /// The address exactly as given.
    public let text: String

    /// Checks `text`; a plain name such as `apikey` is a valid login but not an address.
    public init(parsing text: String) throws(SettingsError) {
        do {
            _ = try Login(parsing: text)
        } catch .loginEmpty {
            throw .addressEmpty
        } catch {
            throw .addressInvalid(text)
        }
        guard Login.isPlausibleAddress(text) else { throw .addressInvalid(text) }
        self.text = text
    }
}
