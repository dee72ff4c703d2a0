/// One component of a (possibly dotted) key: its decoded name and where its spelling lies in the storage.
struct TOMLKeyPart: Sendable {
    /// The decoded name, e.g. `smtp` for `smtp`, `"smtp"` or `'smtp'`.
    var name: String
    /// The bytes of this component as written, quotes included.
    var span: TOMLSpan
}

/// A key as written: one part, or several joined by dots. The first part is stored inline, so the
/// common single-part key needs no allocation of its own.
struct TOMLKey: Sendable {
    var first: TOMLKeyPart
    var rest: [TOMLKeyPart]

    init(parts: [TOMLKeyPart]) {
        first = parts[0]
        rest = Array(parts.dropFirst())
    }

    init(first: TOMLKeyPart, rest: [TOMLKeyPart]) {
        self.first = first
        self.rest = rest
    }

    var count: Int { rest.count + 1 }

    subscript(index: Int) -> TOMLKeyPart { index == 0 ? first : rest[index - 1] }

    /// The decoded names, in order.
    var names: [String] { [first.name] + rest.map(\.name) }

    /// Whether `path[offset...]` starts with this key's names (when `isPrefix`) or equals them.
    func matches(_ path: [String], from offset: Int) -> Bool {
        guard offset + count <= path.count, path[offset] == first.name else { return false }
        for (index, part) in rest.enumerated() where path[offset + 1 + index] != part.name { return false }
        return true
    }

    /// The storage span from the first part's start to the end of part `index`, keeping the spelling
    /// (quotes and spaces around dots) of a dotted prefix.
    func spelling(through index: Int) -> TOMLSpan {
        TOMLSpan(first.span.lowerBound, self[index].span.upperBound)
    }
}
