/// A setting's value parsed from what was written or typed, so that a field holds a typed value and its
/// validator in one (huh-style): `Login.problem(in: text)` is the message beside the field, or `nil`.
///
/// `text` is always the input exactly, so a value parsed and written back is byte for byte what was read.
public protocol SettingValue: Sendable, Equatable {
    /// The value exactly as written or typed.
    var text: String { get }
    /// Parses `text`; the error says what is wrong and what is expected.
    init(parsing text: String) throws(SettingsError)
}

extension SettingValue {
    /// Checks `text` as this value's field validator does.
    public static func validate(_ text: String) throws(SettingsError) {
        _ = try Self(parsing: text)
    }

    /// What is wrong with `text`, or `nil` when it is a valid value: the validator of a form field.
    public static func problem(in text: String) -> SettingsError? {
        do {
            _ = try Self(parsing: text)
            return nil
        } catch {
            return error
        }
    }
}
