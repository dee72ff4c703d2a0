/// One top-level piece of a document, in file order. Their spans, concatenated, are the document.
enum TOMLItem: Sendable {
    /// Blank lines, comment lines, a byte-order mark, trailing spaces: anything that is not a key or header.
    case trivia(TOMLSpan)
    case keyValue(TOMLKeyValue)
    case header(TOMLTableHeader)

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

/// A top-level item as a document keeps it: a line the parser read is kept as its span only and parsed
/// again when an edit or a lookup needs its parts (most never are), so a large document costs a few bytes
/// per line; an item an edit made or changed is kept whole.
enum TOMLStoredItem: Sendable {
    case trivia(TOMLSpan)
    /// A `key = value` line, its line ending included, as the parser read it.
    case keyValueLine(TOMLSpan)
    /// A `[table]` or `[[array]]` header line, its line ending included, as the parser read it.
    case headerLine(TOMLSpan)
    indirect case parsed(TOMLItem)

    init(_ item: TOMLItem) {
        if case .trivia(let span) = item {
            self = .trivia(span)
        } else {
            self = .parsed(item)
        }
    }

    var isHeader: Bool {
        switch self {
        case .headerLine, .parsed(.header): return true
        default: return false
        }
    }

    var isTrivia: Bool {
        if case .trivia = self { return true }
        return false
    }

    var isKeyValue: Bool {
        switch self {
        case .keyValueLine, .parsed(.keyValue): return true
        default: return false
        }
    }

    /// The item with its parts (a line parsed again; it parsed before, so this cannot fail).
    func item(in storage: TOMLStorage) -> TOMLItem {
        switch self {
        case .trivia(let span): return .trivia(span)
        case .parsed(let item): return item
        case .keyValueLine(let span):
            var parser = storage.parser(for: span)
            guard let keyValue = try? parser.keyValueLine(lineStart: parser.i) else { return .trivia(span) }
            return .keyValue(keyValue.compacted)
        case .headerLine(let span):
            var parser = storage.parser(for: span)
            let lineStart = parser.i
            parser.skipSpaces()
            guard let header = try? parser.tableHeader(lineStart: lineStart) else { return .trivia(span) }
            return .header(header)
        }
    }

    /// The key of a key/value item, its value left unread (a line parsed again only as far as its key); nil
    /// for another item.
    func key(in storage: TOMLStorage) -> TOMLKey? {
        switch self {
        case .keyValueLine(let span):
            var parser = storage.parser(for: span)
            let lineStart = parser.i
            parser.skipSpaces()
            return try? parser.key(decoratedFrom: lineStart)
        case .parsed(.keyValue(let keyValue)): return keyValue.key
        default: return nil
        }
    }

    func write(to writer: inout TOMLWriter) {
        switch self {
        case .trivia(let span), .keyValueLine(let span), .headerLine(let span): writer.emit(span)
        case .parsed(let item): item.write(to: &writer)
        }
    }
}
