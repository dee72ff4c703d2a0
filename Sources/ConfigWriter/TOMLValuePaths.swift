import LosslessTOML

/// Path edits on parsed TOML values, used to predict what the edited document must read back as.
extension TOMLValue {
    /// A copy with `value` at `path`, creating tables on the way.
    func setting(_ value: TOMLValue, at path: ArraySlice<String>) -> TOMLValue {
        guard let key = path.first else { return value }
        var table = TOMLTable()
        if case .table(let existing) = self { table = existing }
        table[key] = (table[key] ?? .table([:])).setting(value, at: path.dropFirst())
        return .table(table)
    }

    /// A copy without the value at `path`.
    func removing(at path: ArraySlice<String>) -> TOMLValue {
        guard let key = path.first, case .table(var table) = self, let child = table[key] else { return self }
        table[key] = path.count == 1 ? nil : child.removing(at: path.dropFirst())
        return .table(table)
    }

    /// The string, when this is a string.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The boolean, when this is a boolean.
    var boolValue: Bool? {
        if case .boolean(let flag) = self { return flag }
        return nil
    }
}
