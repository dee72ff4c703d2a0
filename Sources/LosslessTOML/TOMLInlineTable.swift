/// An inline table as written: `{`, its `key = value` entries with their decoration and commas, `}`.
typealias TOMLInlineTable = TOMLContainer<TOMLKeyValue>

extension TOMLContainer where Element == TOMLKeyValue {
    /// The entries, in order.
    var entries: [TOMLKeyValue] {
        get { elements }
        set { elements = newValue }
    }
}
