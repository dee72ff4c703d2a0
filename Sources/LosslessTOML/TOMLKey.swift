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

    /// The spelling of the (valid) key part that starts at `start`: a bare key up to its last bare-key
    /// byte, a quoted one through its closing quote.
    func keyPartSpan(at start: Int) -> TOMLSpan {
        let limit = self.end(ofBufferHolding: start)
        var end = start + 1
        switch self[start] {
        case 0x22:
            while end < limit, self[end] != 0x22 { end += self[end] == 0x5C ? 2 : 1 }
            end += 1
        case 0x27:
            while end < limit, self[end] != 0x27 { end += 1 }
            end += 1
        default:
            while end < limit, TOMLParser.isBareKey(self[end]) { end += 1 }
        }
        return TOMLSpan(start, end)
    }

    /// Whether the bare key that starts at `start` is spelled `name` (every byte of which must then be a
    /// bare-key byte: `a.b` is not the key `a` of `a.b.c`).
    @inline(__always) func hasBareKey(_ name: ArraySlice<UInt8>, at start: Int) -> Bool {
        let limit = end(ofBufferHolding: start)
        let last = start + name.count
        guard last <= limit, last == limit || !TOMLParser.isBareKey(self[last]) else { return false }
        return self[TOMLSpan(start, last)].elementsEqual(name) { $0 == $1 && TOMLParser.isBareKey($0) }
    }

    /// Where the buffer (source or edits) holding `offset` ends, as a storage offset: no span crosses it.
    private func end(ofBufferHolding offset: Int) -> Int {
        offset < source.count ? source.count : source.count + edits.count
    }
}
