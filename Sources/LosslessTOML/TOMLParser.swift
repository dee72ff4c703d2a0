/// The TOML 1.0 parser: turns bytes into the lossless item list and checks the document's meaning
/// (duplicate keys, tables defined twice, …) as it goes. Internal: the public face is `TOMLDocument`.
struct TOMLParser {
    typealias Failure = TOMLParseFailure

    let b: [UInt8]
    let end: Int
    var i: Int
    /// Added to offsets in `b` to make storage offsets (non-zero when parsing the text of an edit).
    let bias: Int
    /// How many arrays and inline tables enclose the current position.
    var depth = 0
    /// The deepest nesting of arrays and inline tables accepted (deeper input would exhaust the stack).
    static let maximumDepth = 256
    /// Whether an array without an inline table becomes one span of kind `array` (see `checkArray()`)
    /// instead of the nodes of its elements: so when only the text of an array is kept (a document's
    /// tree, a line read again), not when its parts are wanted.
    var keepsArraysWhole = false

    /// A parser over `bytes` from `start` up to `limit` (the end by default).
    init(bytes: [UInt8], at start: Int = 0, bias: Int = 0, limit: Int? = nil) {
        b = bytes
        end = limit ?? bytes.count
        i = start
        self.bias = bias
    }

    /// The storage span of the bytes `lower..<upper` of `b`.
    @inline(__always) func span(_ lower: Int, _ upper: Int) -> TOMLSpan {
        TOMLSpan(lower + bias, upper + bias)
    }

    /// Parses a whole document into its items (none unless `keepingItems`: only editing and writing need them)
    /// and the tree of its tables, which checks its meaning. `sizedLike`: a tree the text is expected to be a
    /// version of, whose hash table size the new tree starts from.
    static func parseDocument(_ bytes: [UInt8], keepingItems: Bool = true, sizedLike model: TOMLTableTree? = nil)
        throws(TOMLError) -> (items: [TOMLStoredItem], tree: TOMLTableTree)
    {
        guard bytes.count <= TOMLStoredItem.maximumLength else { throw TOMLError(line: 1, column: 1, reason: .tooLarge) }
        var parser = TOMLParser(bytes: bytes)
        parser.keepsArraysWhole = true
        var tree = TOMLTableTree(storage: TOMLStorage(source: bytes), sizedLike: model)
        do {
            let items = try parser.document(tree: &tree, keepingItems: keepingItems).fitted()
            tree.fitMemory()
            return (items, tree)
        } catch {
            throw error.error(in: bytes)
        }
    }

    // MARK: Characters

    @inline(__always) func at(_ index: Int) -> UInt8 { index < end ? b[index] : 0 }

    @inline(__always) static func isBareKey(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    @inline(__always) mutating func skipSpaces() {
        while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
    }

    func fail(_ reason: TOMLError.Reason, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? i, reason: reason)
    }

    /// A failure for the byte at `i`, which is not what `expected` describes.
    func unexpected(_ expected: String) -> Failure {
        guard i < end else { return fail(.unexpectedEnd(expected: expected)) }
        let c = b[i]
        if c == 0x0A { return fail(.unexpectedCharacter(found: "end of line", expected: expected)) }
        if c == 0x0D, at(i + 1) == 0x0A {
            return fail(.unexpectedCharacter(found: "end of line", expected: expected))
        }
        if c < 0x20 || c == 0x7F { return fail(.controlCharacter(UInt32(c))) }
        if c < 0x80 {
            return fail(.unexpectedCharacter(found: "`\(Character(Unicode.Scalar(c)))`", expected: expected))
        }
        let length = TOMLUTF8.sequenceLength(b, i, end)
        if length == 0 { return fail(.invalidUTF8) }
        let text = String(decoding: b[i..<(i + length)], as: UTF8.self)
        return fail(.unexpectedCharacter(found: "`\(text)`", expected: expected))
    }

    /// Consumes a line ending (LF or CRLF); returns false when there is none at `i`.
    @inline(__always) mutating func newline() throws(Failure) -> Bool {
        guard i < end else { return false }
        if b[i] == 0x0A {
            i += 1
            return true
        }
        if b[i] == 0x0D {
            guard at(i + 1) == 0x0A else { throw fail(.controlCharacter(0x0D)) }
            i += 2
            return true
        }
        return false
    }

    /// Consumes a comment from `#` to (not including) the line ending.
    mutating func comment() throws(Failure) {
        i += 1
        while i < end {
            let c = b[i]
            if c >= 0x20 && c < 0x7F || c == 0x09 {
                i += 1
            } else if c == 0x0A || c == 0x0D {
                return
            } else if c >= 0x80 {
                let length = TOMLUTF8.sequenceLength(b, i, end)
                if length == 0 { throw fail(.invalidUTF8) }
                i += length
            } else {
                throw fail(.controlCharacter(UInt32(c)))
            }
        }
    }

    /// After a value or header: spaces, an optional comment, then a line ending or the end of the file.
    /// Returns the line ending's span (empty at the end of the file); `i` ends after it.
    mutating func endOfLine(after what: String) throws(Failure) -> (suffixEnd: Int, newline: TOMLSpan) {
        skipSpaces()
        if i < end, b[i] == 0x23 { try comment() }
        let suffixEnd = i
        if i >= end { return (suffixEnd, span(i, i)) }
        guard try newline() else { throw unexpected("a new line after \(what)") }
        return (suffixEnd, span(suffixEnd, i))
    }

    // MARK: Document

    mutating func document(tree: inout TOMLTableTree, keepingItems: Bool) throws(Failure) -> [TOMLStoredItem] {
        var items: [TOMLStoredItem] = []
        var table = tree.root
        if end >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            i = 3
        }
        var triviaStart = 0
        while i < end {
            let lineStart = i
            skipSpaces()
            guard i < end else { break }
            let c = b[i]
            if c == 0x23 {
                try comment()
                if i < end, !(try newline()) { throw unexpected("a new line after the comment") }
                continue
            }
            if try newline() { continue }
            if keepingItems, lineStart > triviaStart { items.append(.trivia(span(triviaStart, lineStart))) }
            if c == 0x5B {
                let header = try tableHeader(lineStart: lineStart)
                table = try tree.openHeader(header.key, isArray: header.isArray)
                if keepingItems { items.append(.headerLine(span(lineStart, i))) }
            } else {
                let keyValue = try keyValueLine(lineStart: lineStart)
                try tree.define(keyValue.key, keyValue.value, in: table)
                if keepingItems { items.append(.keyValueLine(span(lineStart, i))) }
            }
            triviaStart = i
        }
        if keepingItems, end > triviaStart { items.append(.trivia(span(triviaStart, end))) }
        return items
    }

    mutating func tableHeader(lineStart: Int) throws(Failure) -> TOMLTableHeader {
        i += 1
        let isArray = at(i) == 0x5B
        if isArray { i += 1 }
        let keyStart = i
        skipSpaces()
        let key = try self.key(decoratedFrom: keyStart)
        guard at(i) == 0x5D else { throw unexpected(isArray ? "`]]` to close the header" : "`]` to close the header") }
        i += 1
        if isArray {
            guard at(i) == 0x5D else { throw unexpected("`]]` to close the header") }
            i += 1
        }
        let (suffixEnd, newline) = try endOfLine(after: "the table header")
        return TOMLTableHeader(text: span(lineStart, suffixEnd), key: key, isArray: isArray, newline: newline)
    }

    /// A `key = value` line from `lineStart`, its line ending included.
    mutating func keyValueLine(lineStart: Int) throws(Failure) -> TOMLKeyValue {
        var pair = try keyValue(decoratedFrom: lineStart)
        let valueEnd = i
        _ = try endOfLine(after: "the value")
        pair.decor.suffix = span(valueEnd, i)
        return pair
    }

    /// `key = value` whose decoration starts at `start`; leaves `i` right after the value (the value's
    /// suffix and the comma are empty, for the caller to fill in).
    mutating func keyValue(decoratedFrom start: Int) throws(Failure) -> TOMLKeyValue {
        skipSpaces()
        let key = try self.key(decoratedFrom: start)
        guard at(i) == 0x3D else { throw unexpected("`=` after the key") }
        let equals = span(i, i + 1)
        i += 1
        let valuePrefixStart = i
        skipSpaces()
        let valuePrefix = span(valuePrefixStart, i)
        let value = try self.value()
        return TOMLKeyValue(key: key, equals: equals, decor: TOMLDecor(prefix: valuePrefix, suffix: span(i, i)),
                            value: value, comma: span(i, i))
    }

    // MARK: Keys

    /// A simple or dotted key at `i`, whose decoration starts at `start`; leaves `i` after the spaces that
    /// follow it.
    mutating func key(decoratedFrom start: Int) throws(Failure) -> TOMLKey {
        let prefix = span(start, i)
        let first = try simpleKey()
        var last = first.span
        skipSpaces()
        var rest: [TOMLKeyPart] = []
        while at(i) == 0x2E {
            i += 1
            skipSpaces()
            let part = try simpleKey()
            rest.append(part)
            last = part.span
            skipSpaces()
        }
        return TOMLKey(first: first, rest: rest,
                       decor: TOMLDecor(prefix: prefix, suffix: TOMLSpan(last.upperBound, i + bias)))
    }

    mutating func simpleKey() throws(Failure) -> TOMLKeyPart {
        let start = i
        while i < end, TOMLParser.isBareKey(b[i]) { i += 1 }
        if i > start { return TOMLKeyPart(span: span(start, i)) }
        let c = at(i)
        guard c == 0x22 || c == 0x27 else { throw unexpected("a key") }
        if at(i + 1) == c, at(i + 2) == c {
            throw fail(.unexpectedCharacter(found: "a multi-line string", expected: "a key"))
        }
        var unused: [UInt8] = []
        _ = try string(decodingInto: &unused, decode: false)
        return TOMLKeyPart(span: span(start, i))
    }

    // MARK: Values

    mutating func value() throws(Failure) -> TOMLValueNode {
        guard i < end else { throw unexpected("a value") }
        let start = i
        switch b[i] {
        case 0x22, 0x27:
            var unused: [UInt8] = []
            let kind = try string(decodingInto: &unused, decode: false)
            return .scalar(TOMLScalar(span: span(start, i), kind: kind))
        case 0x5B:
            // Most arrays hold no inline table: they are checked without building their nodes (a nested
            // array would cost allocations for every `[`) and kept as one span. An array with an inline
            // table, or a wrong one, is parsed again in full, which also reports what is wrong.
            if keepsArraysWhole {
                if checkArray() { return .scalar(TOMLScalar(span: span(start, i), kind: .array)) }
                i = start
            }
            return .array(try array())
        case 0x7B:
            return .inlineTable(try inlineTable())
        case 0x74:
            return try keyword("true", kind: .boolean)
        case 0x66:
            return try keyword("false", kind: .boolean)
        case 0x69:
            return try keyword("inf", kind: .float)
        case 0x6E:
            return try keyword("nan", kind: .float)
        case 0x2B, 0x2D, 0x30...0x39:
            let kind = try numberOrDateTime()
            return .scalar(TOMLScalar(span: span(start, i), kind: kind))
        default:
            throw unexpected("a value")
        }
    }

    mutating func keyword(_ word: StaticString, kind: TOMLScalar.Kind) throws(Failure) -> TOMLValueNode {
        let start = i
        let count = word.utf8CodeUnitCount
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where at(start + offset) != bytes[offset] {
            i = start + offset
            throw unexpected("a value")
        }
        i = start + count
        return .scalar(TOMLScalar(span: span(start, i), kind: kind))
    }

    /// Whitespace, line endings and comments inside an array.
    mutating func skipArrayTrivia() throws(Failure) {
        while i < end {
            let c = b[i]
            if c == 0x20 || c == 0x09 {
                i += 1
            } else if c == 0x23 {
                try comment()
            } else if !(try newline()) {
                return
            }
        }
    }

    mutating func enterNesting() throws(Failure) {
        depth += 1
        if depth > TOMLParser.maximumDepth { throw fail(.nestedTooDeeply(TOMLParser.maximumDepth)) }
    }

    /// Checks the array at `i` and leaves `i` after it when it is valid and holds no inline table (at any
    /// depth); otherwise returns false with `i` anywhere in it, for `array()` to parse it from its start.
    mutating func checkArray() -> Bool {
        depth += 1
        defer { depth -= 1 }
        guard depth <= TOMLParser.maximumDepth else { return false }
        i += 1
        while true {
            guard (try? skipArrayTrivia()) != nil else { return false }
            switch at(i) {
            case 0x5D:
                i += 1
                return true
            case 0x5B:
                guard checkArray() else { return false }
            case 0x7B:
                return false
            default:
                guard (try? value()) != nil else { return false }
            }
            guard (try? skipArrayTrivia()) != nil else { return false }
            if at(i) == 0x2C {
                i += 1
            } else if at(i) == 0x5D {
                i += 1
                return true
            } else {
                return false
            }
        }
    }

    /// Calls `body` with each element of the array at `i`, which parsed before (so nothing here fails), without
    /// building the array's node; leaves `i` after it.
    mutating func forEachElement(_ body: (TOMLValueNode) -> Void) {
        i += 1
        while i < end {
            try? skipArrayTrivia()
            if at(i) == 0x5D { break }
            guard let value = try? self.value() else { break }
            body(value)
            try? skipArrayTrivia()
            guard at(i) == 0x2C else { break }
            i += 1
        }
        i += 1
    }

    mutating func array() throws(Failure) -> TOMLArray {
        try enterNesting()
        defer { depth -= 1 }
        let open = span(i, i + 1)
        i += 1
        var elements: [TOMLArrayElement] = []
        var decorationStart = i
        while true {
            try skipArrayTrivia()
            if at(i) == 0x5D {
                let close = span(decorationStart, i + 1)
                i += 1
                return TOMLArray(open: open, elements: elements, close: close)
            }
            let before = span(decorationStart, i)
            let value = try self.value()
            let afterStart = i
            try skipArrayTrivia()
            let after = span(afterStart, i)
            if at(i) == 0x2C {
                elements.append(.init(decor: TOMLDecor(prefix: before, suffix: after), value: value, comma: span(i, i + 1)))
                i += 1
                decorationStart = i
            } else if at(i) == 0x5D {
                elements.append(.init(decor: TOMLDecor(prefix: before, suffix: after), value: value, comma: span(i, i)))
                let close = span(i, i + 1)
                i += 1
                return TOMLArray(open: open, elements: elements, close: close)
            } else {
                throw unexpected("`,` or `]` in the array")
            }
        }
    }

    mutating func inlineTable() throws(Failure) -> TOMLInlineTable {
        try enterNesting()
        defer { depth -= 1 }
        let open = span(i, i + 1)
        i += 1
        var entries: [TOMLKeyValue] = []
        var leadStart = i
        skipSpaces()
        if at(i) == 0x7D {
            let close = span(leadStart, i + 1)
            i += 1
            return TOMLInlineTable(open: open, elements: [], close: close)
        }
        while true {
            skipSpaces()
            if at(i) == 0x7D, !entries.isEmpty {
                throw fail(.unexpectedCharacter(found: "`}` after a comma",
                                                expected: "another key (TOML 1.0 allows no trailing comma in an inline table)"))
            }
            var entry = try keyValue(decoratedFrom: leadStart)
            let afterStart = i
            skipSpaces()
            entry.decor.suffix = span(afterStart, i)
            if at(i) == 0x2C {
                entry.comma = span(i, i + 1)
                entries.append(entry)
                i += 1
                leadStart = i
            } else if at(i) == 0x7D {
                entries.append(entry)
                let close = span(i, i + 1)
                i += 1
                return TOMLInlineTable(open: open, elements: entries, close: close)
            } else {
                throw unexpected("`,` or `}` in the inline table (an inline table stays on one line)")
            }
        }
    }
}
