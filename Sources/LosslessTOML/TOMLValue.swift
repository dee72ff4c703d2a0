/// A decoded TOML value: what a document means, without its formatting.
public enum TOMLValue: Sendable, Equatable {
    /// A string of any of the four kinds, decoded; compared by code points.
    case string(String)
    /// A 64-bit integer.
    case integer(Int64)
    /// A float; under this type's `==`, `nan` equals `nan` and `-0.0` is not `0.0`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An offset date-time, as written (e.g. `1979-05-27T07:32:00Z`).
    case offsetDateTime(String)
    /// A local date-time, as written.
    case localDateTime(String)
    /// A local date, as written.
    case localDate(String)
    /// A local time, as written.
    case localTime(String)
    /// An array (including an array of tables).
    case array([TOMLValue])
    /// A table.
    case table(TOMLTable)

    /// Equality of values as TOML means them: strings (and date-times) by their code points, not by Swift
    /// `String` equality (canonical equivalence: `"\u{E9}"` is not `"e\u{301}"`), as keys are compared;
    /// floats by their bits, so `-0.0` is not `0.0`, except that a NaN float equals a NaN float.
    public static func == (lhs: TOMLValue, rhs: TOMLValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return TOMLKeyName.same(a, b)
        case let (.integer(a), .integer(b)): return a == b
        case let (.float(a), .float(b)): return a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
        case let (.boolean(a), .boolean(b)): return a == b
        case let (.offsetDateTime(a), .offsetDateTime(b)): return TOMLKeyName.same(a, b)
        case let (.localDateTime(a), .localDateTime(b)): return TOMLKeyName.same(a, b)
        case let (.localDate(a), .localDate(b)): return TOMLKeyName.same(a, b)
        case let (.localTime(a), .localTime(b)): return TOMLKeyName.same(a, b)
        case let (.array(a), .array(b)): return a == b
        case let (.table(a), .table(b)): return a == b
        default: return false
        }
    }
}

/// How a table is written in a document.
public enum TOMLTableForm: Sendable, Equatable {
    /// A `[table]` header (however spelled: `[smtp]`, `[ smtp ]`, `["smtp"]`).
    case header
    /// Dotted keys, e.g. `smtp.user = "…"` at the root or in a parent table.
    case dotted
    /// An inline table, e.g. `smtp = { user = "…" }`, or a table inside one.
    case inline
    /// Not written itself: it exists because a sub-table is (e.g. `a` for `[a.b]`); also the root.
    case implicit
}
