/// One component of a (possibly dotted) key: its decoded name and where its spelling lies in the storage.
struct TOMLKeyPart: Sendable {
    /// The decoded name, e.g. `smtp` for `smtp`, `"smtp"` or `'smtp'`.
    var name: String
    /// The bytes of this component as written, quotes included.
    var span: Range<Int>
}

/// A key as written: one part, or several joined by dots.
struct TOMLKey: Sendable {
    var parts: [TOMLKeyPart]

    /// The decoded names, in order.
    var names: [String] { parts.map(\.name) }

    /// The storage bytes from the first part's start to the end of part `index`, keeping the spelling
    /// (quotes and spaces around dots) of a dotted prefix.
    func spelling(through index: Int) -> Range<Int> {
        parts[0].span.lowerBound..<parts[index].span.upperBound
    }
}
