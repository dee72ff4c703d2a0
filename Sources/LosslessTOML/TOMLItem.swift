/// One top-level piece of a document, in file order. Their spans, concatenated, are the document.
enum TOMLItem: Sendable {
    /// Blank lines, comment lines, a byte-order mark, trailing spaces: anything that is not a key or header.
    case trivia(TOMLSpan)
    case keyValue(TOMLKeyValue)
    case header(TOMLTableHeader)

    var isHeader: Bool {
        if case .header = self { return true }
        return false
    }

    var isTrivia: Bool {
        if case .trivia = self { return true }
        return false
    }

    func write(to writer: inout TOMLWriter) {
        switch self {
        case .trivia(let span): writer.emit(span)
        case .keyValue(let keyValue): keyValue.write(to: &writer)
        case .header(let header):
            writer.emit(header.text)
            writer.emit(header.newline)
        }
    }
}

/// A top-level item as a document keeps it, in 8 bytes: a line the parser read is kept as its span only and
/// parsed again when an edit or a lookup needs its parts (most never are), so a large document costs a few
/// bytes per line; an item an edit made or changed is kept whole in the document's `editedItems`, and here
/// as its index there.
struct TOMLStoredItem: Sendable {
    /// The kinds of stored item.
    enum Kind: UInt32 {
        /// Blank lines, comments and the like, as the parser read them or an edit made them.
        case trivia
        /// A `key = value` line, its line ending included, as the parser read it.
        case keyValueLine
        /// A `[table]` or `[[array]]` header line, its line ending included, as the parser read it.
        case headerLine
        /// A key/value or header an edit made or changed.
        case edited
    }

    /// The longest span an item holds: documents are limited to 1 GiB, so no line or run of trivia is longer.
    static let maximumLength = 1 << 30 - 1

    /// The span's start, or an edited item's index.
    private let start: UInt32
    /// The kind in the top two bits; below, the span's length, or for an edited item 1 when it is a header.
    private let bits: UInt32

    private init(_ kind: Kind, start: Int, low: Int) {
        self.start = UInt32(truncatingIfNeeded: start)
        bits = kind.rawValue << 30 | UInt32(truncatingIfNeeded: low) & UInt32(TOMLStoredItem.maximumLength)
    }

    static func trivia(_ span: TOMLSpan) -> TOMLStoredItem { TOMLStoredItem(.trivia, start: span.lowerBound, low: span.count) }
    static func keyValueLine(_ span: TOMLSpan) -> TOMLStoredItem { TOMLStoredItem(.keyValueLine, start: span.lowerBound, low: span.count) }
    static func headerLine(_ span: TOMLSpan) -> TOMLStoredItem { TOMLStoredItem(.headerLine, start: span.lowerBound, low: span.count) }

    /// The edited item at `index` of the document's `editedItems`.
    static func edited(_ index: Int, isHeader: Bool) -> TOMLStoredItem { TOMLStoredItem(.edited, start: index, low: isHeader ? 1 : 0) }

    var kind: Kind { Kind(rawValue: bits >> 30) ?? .edited }

    /// The span of an item the parser read (or of trivia); meaningless for an edited item.
    var span: TOMLSpan {
        let lower = Int(start)
        return TOMLSpan(lower, lower + Int(bits & UInt32(TOMLStoredItem.maximumLength)))
    }

    /// An edited item's index in `editedItems`.
    var editedIndex: Int? { kind == .edited ? Int(start) : nil }

    /// The span of trivia; nil for another item.
    var trivia: TOMLSpan? { kind == .trivia ? span : nil }

    var isTrivia: Bool { kind == .trivia }
    var isHeader: Bool { kind == .headerLine || (kind == .edited && bits & 1 == 1) }
    var isKeyValue: Bool { kind == .keyValueLine || (kind == .edited && bits & 1 == 0) }

    /// The item with its parts (a line parsed again; it parsed before, so this cannot fail); an edited item
    /// is looked up in `edited`.
    func item(in storage: TOMLStorage, edited: [TOMLItem]) -> TOMLItem {
        switch kind {
        case .trivia: return .trivia(span)
        case .edited: return edited[Int(start)]
        case .keyValueLine:
            var parser = storage.parser(for: span)
            parser.keepsArraysWhole = true
            guard let keyValue = try? parser.keyValueLine(lineStart: parser.i) else { return .trivia(span) }
            return .keyValue(keyValue.compacted)
        case .headerLine:
            var parser = storage.parser(for: span)
            let lineStart = parser.i
            parser.skipSpaces()
            guard let header = try? parser.tableHeader(lineStart: lineStart) else { return .trivia(span) }
            return .header(header)
        }
    }

    /// The key of a key/value item, its value left unread (a line parsed again only as far as its key); nil
    /// for another item.
    func key(in storage: TOMLStorage, edited: [TOMLItem]) -> TOMLKey? {
        switch kind {
        case .keyValueLine:
            var parser = storage.parser(for: span)
            let lineStart = parser.i
            parser.skipSpaces()
            return try? parser.key(decoratedFrom: lineStart)
        case .edited:
            guard case .keyValue(let keyValue) = edited[Int(start)] else { return nil }
            return keyValue.key
        case .trivia, .headerLine: return nil
        }
    }

    func write(to writer: inout TOMLWriter, edited: [TOMLItem]) {
        if kind == .edited {
            edited[Int(start)].write(to: &writer)
        } else {
            writer.emit(span)
        }
    }
}
