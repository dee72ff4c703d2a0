extension TOMLDocument {
    /// Sets a value at a key path.
    ///
    /// An existing key keeps its line, the comments above and after it and its key's spelling; only the
    /// value text changes. A new key is inserted in the table's own form (header table, dotted keys, inline
    /// table) after the table's last key, before the comments and blank lines that lead into the next
    /// header, with the table's indentation and `lineEnding`; an inline table gets `, key = value` in the
    /// spacing its entries use. A path whose table does not exist appends a `[a.b]` header table at the
    /// end of the file after one blank line (a blank last line already there serves as it); a root key
    /// (path of length 1) goes after the last root key/value, or, when there is none, before the first
    /// header but after the comments at the top of the file. A missing final newline stays missing. A file
    /// of nothing but whitespace (and perhaps a byte-order mark) keeps its bytes, gets no blank line added
    /// and, like an empty file, ends with a line ending. Strings are written as basic strings with every
    /// control character escaped; arrays and tables as `[…]` and inline `{…}`.
    ///
    /// Throws `notATable` when a path component is an existing non-table value (or an array of tables),
    /// `keyConflict` when the key exists as a table (an inline table is only replaced by a table value),
    /// and `emptyKeyPath` for `[]`. On error the document is
    /// unchanged.
    public mutating func set(_ value: TOMLValue, at path: [String]) throws(TOMLError) {
        guard let name = path.last else { throw TOMLError(line: 0, column: 0, reason: .emptyKeyPath) }
        let text = TOMLStringEscaping.valueText(value)
        if let location = findDefinition(path) {
            if case .table = value {} else if isInlineTable(at: location) {
                throw TOMLError(line: 0, column: 0, reason: .keyConflict(TOMLTableTree.pathText(path)))
            }
            if !value.holdsTable, case .value(let index)? = tree.entry(at: path) {
                // A value that defines no table replaces one: the tree only learns where the new text is.
                let node = try appendValue(text)
                modify(item: location.item, location.entries[...]) { $0 = node }
                tree.storage = storage
                if case .scalar(let scalar) = node.compacted { tree.values[Int(index)] = scalar }
                return
            }
            let backup = self
            let node = try appendValue(text)
            modify(item: location.item, location.entries[...]) { $0 = node }
            try rebuildTree(restoring: backup)
            return
        }
        var depth = 0
        var table = tree.root
        while depth < path.count - 1, let next = tree.entry(named: path[depth], in: table) {
            guard case .table(let id) = next else {
                throw TOMLError(line: 0, column: 0, reason: .notATable(TOMLTableTree.pathText(Array(path[0...depth]))))
            }
            table = id
            depth += 1
        }
        if depth == path.count - 1, tree.entry(named: name, in: table) != nil {
            throw TOMLError(line: 0, column: 0, reason: .keyConflict(TOMLTableTree.pathText(path)))
        }
        let rest = Array(path[depth...])
        if !value.holdsTable, rest.count == 1, let after = lineLocation(Array(path[0..<depth])) {
            // A new key in a table written as a header or dotted keys: the line is checked into the tree
            // before it is put in place, so a failure leaves the document as it was.
            let line = try prepareLine(name, text, after: after.item, keyPrefix: after.keyPrefix)
            guard case .keyValue(let keyValue) = line.item else { return }
            tree.storage = storage
            let last = keyValue.key[keyValue.key.count - 1]
            do {
                try tree.define(TOMLKey(first: last, rest: [], decor: keyValue.key.decor), keyValue.value, in: table)
            } catch {
                throw TOMLError(line: 0, column: 0, reason: error.reason)
            }
            commitLine(line, after: after.item)
            return
        }
        let backup = self
        let itemCount = items.count
        reserveItems()
        do {
            switch locateTable(Array(path[0..<depth])) {
            case .inline(let location, let prefix):
                try insertInline(rest, text, at: location, prefix: prefix)
            case .header(let item) where rest.count == 1:
                try insertLine(name, text, after: lastKeyValue(inSectionOf: item) ?? item, keyPrefix: nil)
            case .dotted(let item, let prefixCount) where rest.count == 1:
                try insertLine(name, text, after: item, keyPrefix: prefixCount)
            case .root where rest.count == 1:
                try insertRootKey(name, text)
            default:
                try appendTable(Array(path.dropLast()), name, text)
                try extendTree(from: itemCount, restoring: backup)
                return
            }
        } catch {
            self = backup
            throw error
        }
        try rebuildTree(restoring: backup)
    }

    /// Defines in the tree the items appended from `first` on, which open with a header (a table appended at
    /// the end): replaying them after the others gives the tree a rebuild would, without reading the rest of
    /// the document again. When that fails, restores `backup` and throws.
    mutating func extendTree(from first: Int, restoring backup: TOMLDocument) throws(TOMLError) {
        guard items[first...].first(where: { !$0.isTrivia })?.isHeader == true else {
            return try rebuildTree(restoring: backup)
        }
        tree.storage = storage
        var table = tree.root
        do throws(TOMLParseFailure) {
            for index in first..<items.count {
                switch item(index) {
                case .trivia: break
                case .header(let header): table = try tree.openHeader(header.key, isArray: header.isArray)
                case .keyValue(let keyValue): try tree.define(keyValue.key, keyValue.value, in: table)
                }
            }
        } catch {
            self = backup
            throw TOMLError(line: 0, column: 0, reason: error.reason)
        }
    }

    /// Builds the tree for the edited items, which also checks their meaning; when that fails, restores
    /// `backup` and throws.
    mutating func rebuildTree(restoring backup: TOMLDocument) throws(TOMLError) {
        do {
            tree = try TOMLTableTree.build(items, edited: editedItems, storage: storage)
        } catch {
            self = backup
            throw TOMLError(line: 0, column: 0, reason: error.reason)
        }
    }

    /// Removes the key at `path`: its own line (with its same-line comment) only; neighbours' comments stay.
    /// In an inline table removes the entry and one separating comma. Returns false when absent (tables
    /// written as `[headers]` are not keys and are not removed).
    @discardableResult
    public mutating func removeValue(at path: [String]) -> Bool {
        guard let location = findDefinition(path) else { return false }
        let backup = self
        defer { try? rebuildTree(restoring: backup) }
        guard let entryIndex = location.entries.last else {
            removeLine(location.item)
            return true
        }
        modify(item: location.item, location.entries.dropLast()) { node in
            guard case .inlineTable(var table) = node else { return }
            let removed = table.entries.remove(at: entryIndex)
            if entryIndex == table.entries.count, entryIndex > 0 {
                table.entries[entryIndex - 1].decor.suffix = removed.decor.suffix
                table.entries[entryIndex - 1].comma = removed.comma
            } else if table.entries.isEmpty, removed.decor.suffix.upperBound == table.close.lowerBound {
                table.close = TOMLSpan(removed.decor.suffix.lowerBound, table.close.upperBound)
            }
            node = .inlineTable(table)
        }
        return true
    }

    // MARK: Tree surgery

    /// Whether the value defined at `location` is an inline table.
    func isInlineTable(at location: TOMLValueLocation) -> Bool {
        guard case .keyValue(let keyValue) = item(location.item) else { return false }
        var node = keyValue.value.expanded(in: storage)
        for index in location.entries {
            guard case .inlineTable(let table) = node else { return false }
            node = table.entries[index].value
        }
        if case .inlineTable = node { return true }
        return false
    }

    /// Applies `body` to the value node at `entries` (indices through inline tables) of the key/value
    /// item at `index`, whose value is first expanded into its parts if it was kept as text.
    mutating func modify(item index: Int, _ entries: ArraySlice<Int>, _ body: (inout TOMLValueNode) -> Void) {
        guard case .keyValue(var keyValue) = item(index) else { return }
        keyValue.value = keyValue.value.expanded(in: storage)
        TOMLDocument.modify(&keyValue.value, entries, body)
        replaceItem(index, with: .keyValue(keyValue))
    }

    static func modify(_ node: inout TOMLValueNode, _ entries: ArraySlice<Int>, _ body: (inout TOMLValueNode) -> Void) {
        guard let first = entries.first else {
            body(&node)
            return
        }
        guard case .inlineTable(var table) = node else { return }
        modify(&table.entries[first].value, entries.dropFirst(), body)
        node = .inlineTable(table)
    }

    /// Appends text to the storage and returns its span.
    mutating func appendText(_ text: String) -> TOMLSpan {
        storage.append(text)
    }

    func editFailure(_ failure: TOMLParseFailure) -> TOMLError {
        TOMLError(line: 0, column: 0, reason: failure.reason)
    }

    /// Appends a value's text and parses it into a node.
    mutating func appendValue(_ text: String) throws(TOMLError) -> TOMLValueNode {
        let span = appendText(text)
        var parser = storage.parser(atEdit: span.lowerBound)
        let node: TOMLValueNode
        do {
            node = try parser.value()
        } catch {
            storage.removeLast(span.count)
            throw editFailure(error)
        }
        guard parser.i + parser.bias == span.upperBound else {
            storage.removeLast(span.count)
            throw TOMLError(line: 0, column: 0, reason: .invalidDateTime(text))
        }
        return node
    }

    /// Appends a whole line (key/value or header, with its line ending if any) and parses it into an item.
    mutating func appendLine(_ text: String) throws(TOMLError) -> TOMLItem {
        let span = appendText(text)
        var parser = storage.parser(atEdit: span.lowerBound)
        let lineStart = parser.i
        do {
            parser.skipSpaces()
            if parser.at(parser.i) == 0x5B {
                return .header(try parser.tableHeader(lineStart: lineStart))
            }
            return .keyValue(try parser.keyValueLine(lineStart: lineStart))
        } catch {
            storage.removeLast(span.count)
            throw editFailure(error)
        }
    }

    /// The last key/value item of the section a header (or the root, `nil`) starts.
    func lastKeyValue(inSectionOf header: Int?) -> Int? {
        var last: Int?
        var index = (header ?? -1) + 1
        while index < items.count {
            if items[index].isHeader { return last }
            if items[index].isKeyValue { last = index }
            index += 1
        }
        return last
    }

    /// The indentation (spaces and tabs) at the start of a span.
    func indentation(of span: TOMLSpan) -> String {
        var stop = span.lowerBound
        while stop < span.upperBound, storage[stop] == 0x20 || storage[stop] == 0x09 { stop += 1 }
        return String(decoding: storage[TOMLSpan(span.lowerBound, stop)], as: UTF8.self)
    }

    /// Inserts `key = value` on a new line after item `index` (a key/value or header line), with that
    /// line's indentation. With `keyPrefix`, the key is spelled as the first `keyPrefix` parts of that
    /// key/value's key, a dot, and `name`.
    mutating func insertLine(_ name: String, _ valueText: String, after index: Int, keyPrefix: Int?) throws(TOMLError) {
        commitLine(try prepareLine(name, valueText, after: index, keyPrefix: keyPrefix), after: index)
    }

    /// The item after which a new key of the table at `path` goes on its own line, when the table is written
    /// as a header or as dotted keys, or is the root with a key/value already.
    func lineLocation(_ path: [String]) -> (item: Int, keyPrefix: Int?)? {
        switch locateTable(path) {
        case .header(let item): return (lastKeyValue(inSectionOf: item) ?? item, nil)
        case .dotted(let item, let prefixCount): return (item, prefixCount)
        case .root: return lastKeyValue(inSectionOf: nil).map { ($0, nil) }
        case .inline, .implicit: return nil
        }
    }

    /// The line `insertLine` puts after item `index`, its text appended to the storage but not yet in the
    /// items; whether item `index` needs a line ending first.
    mutating func prepareLine(_ name: String, _ valueText: String, after index: Int, keyPrefix: Int?)
        throws(TOMLError) -> (item: TOMLItem, endsPrevious: Bool) {
        var keyText = TOMLStringEscaping.keyText(name)
        let indent: String
        let hasNewline: Bool
        switch item(index) {
        case .keyValue(let keyValue):
            indent = String(decoding: storage[keyValue.key.decor.prefix], as: UTF8.self)
            hasNewline = keyValue.lineEndingLength(in: storage) > 0
            if let keyPrefix {
                let spelling = keyValue.key.spelling(through: keyPrefix - 1)
                keyText = String(decoding: storage[spelling], as: UTF8.self) + "." + keyText
            }
        case .header(let header):
            indent = indentation(of: header.text)
            hasNewline = !header.newline.isEmpty
        case .trivia:
            return (.trivia(TOMLSpan(at: 0)), false)
        }
        let line = try appendLine(indent + keyText + " = " + valueText + (hasNewline ? lineEnding : ""))
        return (line, !hasNewline)
    }

    /// Puts a line from `prepareLine` in place after item `index`.
    mutating func commitLine(_ line: (item: TOMLItem, endsPrevious: Bool), after index: Int) {
        if case .trivia = line.item { return }
        if line.endsPrevious { addLineEnding(toItem: index) }
        reserveItems()
        items.insert(stored(line.item), at: index + 1)
    }

    /// Makes room for a few more items, in a buffer of little more than that size, before an edit adds
    /// some: adding to a full buffer, or to one another copy of the document shares, would double it.
    mutating func reserveItems(adding extra: Int = 0) {
        items.reserveCapacity(items.count + extra + items.count / 64 + 16)
    }

    /// Ends the last line, a key/value or header without a line ending, with `lineEnding`.
    mutating func addLineEnding(toItem index: Int) {
        switch item(index) {
        case .keyValue(var keyValue):
            keyValue.decor.suffix = appendText(String(decoding: storage[keyValue.decor.suffix], as: UTF8.self) + lineEnding)
            replaceItem(index, with: .keyValue(keyValue))
        case .header(var header):
            header.newline = appendText(lineEnding)
            replaceItem(index, with: .header(header))
        case .trivia:
            return
        }
    }

    /// Removes the line ending at the end of an item, which becomes the last line.
    mutating func removeLineEnding(ofItem index: Int) {
        switch item(index) {
        case .keyValue(var keyValue):
            let length = keyValue.lineEndingLength(in: storage)
            keyValue.decor.suffix = TOMLSpan(keyValue.decor.suffix.lowerBound, keyValue.decor.suffix.upperBound - length)
            replaceItem(index, with: .keyValue(keyValue))
        case .header(var header):
            header.newline = TOMLSpan(at: header.newline.lowerBound)
            replaceItem(index, with: .header(header))
        case .trivia(let trivia):
            if trivia.count >= 1, storage[trivia.upperBound - 1] == 0x0A {
                let cut = trivia.count >= 2 && storage[trivia.upperBound - 2] == 0x0D ? 2 : 1
                items[index] = .trivia(TOMLSpan(trivia.lowerBound, trivia.upperBound - cut))
            }
        }
    }

    /// A root key when the root has no key/value yet, or the document no header.
    mutating func insertRootKey(_ name: String, _ valueText: String) throws(TOMLError) {
        if let last = lastKeyValue(inSectionOf: nil) {
            try insertLine(name, valueText, after: last, keyPrefix: nil)
            return
        }
        let line = TOMLStringEscaping.keyText(name) + " = " + valueText
        guard let firstHeader = items.firstIndex(where: \.isHeader) else {
            let end = TOMLTextEnd(bytes)
            if end.needsLineEnding { items.append(.trivia(appendText(lineEnding))) }
            items.append(stored(try appendLine(line + (end.keepsFinalNewlineMissing ? "" : lineEnding))))
            return
        }
        let newLine = stored(try appendLine(line + lineEnding))
        if let (index, offset) = lastBlankRunStart(before: firstHeader), case .trivia(let trivia) = item(index) {
            items.replaceSubrange(index..<(index + 1), with: [
                .trivia(TOMLSpan(trivia.lowerBound, offset)), newLine, .trivia(TOMLSpan(offset, trivia.upperBound)),
            ])
        } else {
            items.insert(contentsOf: [newLine, .trivia(appendText(lineEnding))], at: firstHeader)
        }
    }

    /// Where the last run of blank lines starts in the trivia items before item `stop` (all trivia, read
    /// as one text; a byte-order mark at the start is skipped): the item and the storage offset.
    func lastBlankRunStart(before stop: Int) -> (Int, Int)? {
        var result: (Int, Int)?
        var atLineStart = true
        var lineIsBlank = true
        var lineStart: (Int, Int)?
        var previousBlank = false
        for index in 0..<stop {
            guard case .trivia(let trivia) = item(index) else { return nil }
            var offset = trivia.lowerBound
            if index == 0, trivia.count >= 3, storage[offset] == 0xEF, storage[offset + 1] == 0xBB, storage[offset + 2] == 0xBF {
                offset += 3
            }
            while offset < trivia.upperBound {
                if atLineStart {
                    lineStart = (index, offset)
                    lineIsBlank = true
                    atLineStart = false
                }
                let byte = storage[offset]
                if byte == 0x0A {
                    if lineIsBlank, !previousBlank { result = lineStart }
                    previousBlank = lineIsBlank
                    atLineStart = true
                } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                    lineIsBlank = false
                }
                offset += 1
            }
        }
        return result
    }

    /// Appends `[table]` with one key at the end, after one blank line unless the text already ends with
    /// one; keeps a missing final newline missing. A text of only a byte-order mark and whitespace is kept
    /// as it is (ended by a line ending if it has none) and the table follows with no blank line added.
    mutating func appendTable(_ table: [String], _ name: String, _ valueText: String) throws(TOMLError) {
        let end = TOMLTextEnd(bytes)
        var lead = end.needsLineEnding ? lineEnding : ""
        if !end.isBlank, !end.endsWithBlankLine { lead += lineEnding }
        if !lead.isEmpty { items.append(.trivia(appendText(lead))) }
        let headerText = "[" + table.map(TOMLStringEscaping.keyText).joined(separator: ".") + "]"
        items.append(stored(try appendLine(headerText + lineEnding)))
        let keyLine = TOMLStringEscaping.keyText(name) + " = " + valueText
        items.append(stored(try appendLine(keyLine + (end.keepsFinalNewlineMissing ? "" : lineEnding))))
    }

    /// Adds an entry at the end of an inline table, in the spacing its entries use.
    mutating func insertInline(_ names: [String], _ valueText: String, at location: TOMLValueLocation,
                               prefix: (entry: Int, count: Int)?) throws(TOMLError) {
        var target: TOMLInlineTable?
        modify(item: location.item, location.entries[...]) { node in
            if case .inlineTable(let table) = node { target = table }
        }
        guard var table = target else { return }
        var keyText = names.map(TOMLStringEscaping.keyText).joined(separator: ".")
        if let prefix {
            let spelling = table.entries[prefix.entry].key.spelling(through: prefix.count - 1)
            keyText = String(decoding: storage[spelling], as: UTF8.self) + "." + keyText
        }
        let keySpan = appendText(keyText)
        var parser = storage.parser(atEdit: keySpan.lowerBound)
        var key: TOMLKey
        do {
            key = try parser.key(decoratedFrom: parser.i)
        } catch {
            throw editFailure(error)
        }
        let value = try appendValue(valueText)
        if let last = table.entries.last {
            // The decorations of the entries already there: the spaces before the second key (or the first),
            // and the last entry's spacing around `=` and before the closing brace.
            let sample = table.entries.count >= 2 ? table.entries[1] : table.entries[0]
            key.decor = TOMLDecor(prefix: sample.key.decor.prefix, suffix: last.key.decor.suffix)
            let entry = TOMLKeyValue(key: key, equals: last.equals, decor: last.decor, value: value, comma: TOMLSpan(at: 0))
            table.entries[table.entries.count - 1].decor.suffix = TOMLSpan(at: last.decor.suffix.lowerBound)
            table.entries[table.entries.count - 1].comma = appendText(",")
            table.entries.append(entry)
        } else {
            let inside = TOMLSpan(table.close.lowerBound, table.close.upperBound - 1)
            key.decor = TOMLDecor(prefix: appendText(" "), suffix: appendText(" "))
            let decor = TOMLDecor(prefix: appendText(" "), suffix: inside.isEmpty ? appendText(" ") : inside)
            table.close = TOMLSpan(table.close.upperBound - 1, table.close.upperBound)
            table.entries.append(TOMLKeyValue(key: key, equals: appendText("="), decor: decor, value: value, comma: TOMLSpan(at: 0)))
        }
        modify(item: location.item, location.entries[...]) { $0 = .inlineTable(table) }
    }

    /// Removes a top-level key/value line; a last line without a line ending takes the previous line's
    /// ending with it, so a missing final newline stays missing.
    mutating func removeLine(_ index: Int) {
        guard case .keyValue(let keyValue) = item(index) else { return }
        items.remove(at: index)
        if keyValue.lineEndingLength(in: storage) == 0, index == items.count, index > 0 {
            removeLineEnding(ofItem: index - 1)
        }
    }
}

extension TOMLValue {
    /// Whether this is a table or an array holding one (at any depth): a value that defines tables.
    var holdsTable: Bool {
        switch self {
        case .table: return true
        case .array(let elements): return elements.contains { $0.holdsTable }
        default: return false
        }
    }
}
