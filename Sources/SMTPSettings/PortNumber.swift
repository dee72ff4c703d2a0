/// A TCP port typed for a `smtp://host:port` endpoint: a number from 1 to 65535.
public struct PortNumber: SettingValue {
    /// The port exactly as typed.
    public let text: String
    /// The port's number.
    public let value: Int

    /// Checks `text`: ASCII digits only, from 1 to 65535.
    public init(parsing text: String) throws(SettingsError) {
        guard text.allSatisfy(\.isASCII), let value = Int(text), (1...65535).contains(value) else { throw .portInvalid(text) }
        self.text = text
        self.value = value
    }
}
