/// Path edits on parsed TOML values, used to predict what the edited document must read back as.
extension TOMLValue {
    /// A copy with `value` at `path`, creating tables on the way.
    func setting(_ value: TOMLValue, at path: ArraySlice<String>) -> TOMLValue {
        guard let key = path.first else { return value }
        var table: [String: TOMLValue] = [:]
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

    /// Equality that also treats two NaN floats as the same value.
    func isSame(as other: TOMLValue) -> Bool {
        switch (self, other) {
        case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.isSame(as: $1) }
        case (.table(let a), .table(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { value.isSame(as: $0) } ?? false }
        default: return self == other
        }
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
