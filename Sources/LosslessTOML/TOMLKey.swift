/// One component of a (possibly dotted) key: where its spelling (quotes included) lies in the storage.
/// Its name is decoded from there when needed (`TOMLStorage.name(of:)`).
struct TOMLKeyPart: Sendable {
    var span: TOMLSpan
}

/// A key as written: one part, or several joined by dots. The first part is stored inline, so the
/// common single-part key needs no allocation of its own.
struct TOMLKey: Sendable {
    var first: TOMLKeyPart
    var rest: [TOMLKeyPart]
    /// The trivia before the key and between it and what follows (`=` or `]`).
    var decor: TOMLDecor

    init(first: TOMLKeyPart, rest: [TOMLKeyPart], decor: TOMLDecor) {
        self.first = first
        self.rest = rest
        self.decor = decor
    }

    var count: Int { rest.count + 1 }

    subscript(index: Int) -> TOMLKeyPart { index == 0 ? first : rest[index - 1] }

    /// The decoded names, in order.
    func names(in storage: TOMLStorage) -> [String] {
        [storage.name(of: first)] + rest.map { storage.name(of: $0) }
    }

    /// Whether `path[offset...]` starts with this key's names.
    func matches(_ path: [String], from offset: Int, in storage: TOMLStorage) -> Bool {
        guard offset + count <= path.count else { return false }
        for index in 0..<count where !storage.nameBytes(of: self[index]).elementsEqual(path[offset + index].utf8) {
            return false
        }
        return true
    }

    /// The storage span from the first part's start to the end of part `index`, keeping the spelling
    /// (quotes and spaces around dots) of a dotted prefix.
    func spelling(through index: Int) -> TOMLSpan {
        TOMLSpan(first.span.lowerBound, self[index].span.upperBound)
    }

    /// Writes the decoration and the spelling of the whole key.
    func write(to writer: inout TOMLWriter) {
        decor.write(to: &writer) { $0.emit(spelling(through: count - 1)) }
    }
}

extension TOMLStorage {
    /// The decoded name of a key part, as UTF-8: the bytes themselves for a bare key.
    func nameBytes(of part: TOMLKeyPart) -> ArraySlice<UInt8> {
        let bytes = self[part.span]
        guard let quote = bytes.first, quote == 0x22 || quote == 0x27 else { return bytes }
        var parser = parser(for: part.span)
        var decoded: [UInt8] = []
        _ = try? parser.string(decodingInto: &decoded, decode: true)
        return decoded[...]
    }

    /// The decoded name of a key part.
    func name(of part: TOMLKeyPart) -> String {
        String(decoding: nameBytes(of: part), as: UTF8.self)
    }
}
