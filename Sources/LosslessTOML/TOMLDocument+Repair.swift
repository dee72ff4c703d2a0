/// Edits that repair a file rather than set values: renaming keys and tables where they are written, and
/// removing a key or a whole table together with the comment lines that belong to it.
extension TOMLDocument {
    /// Renames the key that defines the value at `path` to `name`, in place: the line (or inline entry), its
    /// comments, the value's text and the spelling of a dotted key's other parts stay. Throws `keyConflict`
    /// when `name` already exists beside it; returns false when `path` is not defined by a key.
    @discardableResult
    public mutating func renameKey(at path: [String], to name: String) throws(TOMLError) -> Bool {
        guard let location = findDefinition(path), !path.isEmpty else { return false }
        try requireFree(Array(path.dropLast()) + [name])
        let backup = self
        guard case .keyValue(var keyValue) = item(location.item) else { return false }
        guard let last = location.entries.last else {
            keyValue.key = try renamed(keyValue.key, part: keyValue.key.count - 1, to: name)
            replaceItem(location.item, with: .keyValue(keyValue))
            try rebuildTree(restoring: backup)
            return true
        }
        guard let key = inlineKey(at: location) else { return false }
        let newKey = try renamed(key, part: key.count - 1, to: name)
        modify(item: location.item, location.entries.dropLast()) { node in
            guard case .inlineTable(var table) = node else { return }
            table.entries[last].key = newKey
            node = .inlineTable(table)
        }
        try rebuildTree(restoring: backup)
        return true
    }

    /// Renames the table at `path` (a top-level table or one under header tables) to `name` wherever it is
    /// spelled: its `[header]` and those of its sub-tables, dotted keys through it, or the key of its inline
    /// table. Everything else stays byte for byte. Throws `keyConflict` when `name` already exists beside it;
    /// returns false when there is no such table.
    @discardableResult
    public mutating func renameTable(_ path: [String], to name: String) throws(TOMLError) -> Bool {
        guard !path.isEmpty, case .table? = tree.entry(at: path) else { return false }
        try requireFree(Array(path.dropLast()) + [name])
        let backup = self
        let depth = path.count - 1
        var sections: [(Int, [String])] = []
        forEachItem { index, section, _ in
            if let section { sections.append((index, section)) }
        }
        var edits: [(Int, TOMLItem)] = []
        do throws(TOMLError) {
            for (index, section) in sections {
                switch item(index) {
                case .trivia:
                    continue
                case .header(let header):
                    let names = header.key.names(in: storage)
                    guard names.count > depth, TOMLKeyName.path(names, startsWith: path) else { continue }
                    edits.append((index, try renamedHeader(header, part: depth, to: name)))
                case .keyValue(var keyValue):
                    let full = section + keyValue.key.names(in: storage)
                    guard section.count <= depth, full.count > depth, TOMLKeyName.path(full, startsWith: path) else { continue }
                    keyValue.key = try renamed(keyValue.key, part: depth - section.count, to: name)
                    edits.append((index, .keyValue(keyValue)))
                }
            }
        } catch {
            self = backup
            throw error
        }
        for (index, item) in edits { replaceItem(index, with: item) }
        try rebuildTree(restoring: backup)
        return !edits.isEmpty
    }

    /// Removes the key at `path` like `removeValue(at:)`, and with a top-level key/value line also the comment
    /// lines directly above it (up to a blank line, a key or a header): they describe that key. A line removed
    /// from the very top of the file takes the blank lines after it along, so the file does not start with them.
    @discardableResult
    public mutating func removeValueWithComments(at path: [String]) -> Bool {
        guard let location = findDefinition(path) else { return false }
        guard location.entries.isEmpty else { return removeValue(at: path) }
        dropCommentBlock(before: location.item)
        guard removeValue(at: path) else { return false }
        let index = location.item
        if items.indices.contains(index), let next = items[index].trivia, isBlank(next),
           items[..<index].allSatisfy({ item in
               guard let span = item.trivia else { return false }
               return span.isEmpty || storage[span].elementsEqual([0xEF, 0xBB, 0xBF])
           }) {
            items[index] = .trivia(TOMLSpan(at: next.lowerBound))
        }
        return true
    }

    /// Removes the table at `path` with all its keys: each `[header]` of it or of a sub-table with the comment
    /// lines directly above it and its lines up to its last key (a blank line that then doubles up goes too;
    /// the comments leading into the next header stay); a table of dotted keys or an inline table, line by
    /// line. Returns false when there is no such table.
    @discardableResult
    public mutating func removeTable(_ path: [String]) -> Bool {
        guard case .table? = tree.entry(at: path) else { return false }
        let backup = self
        var removed = false
        while let header = items.indices.last(where: { index in
            guard case .header(let header) = item(index) else { return false }
            return TOMLKeyName.path(header.key.names(in: storage), startsWith: path)
        }) {
            removeSection(at: header)
            removed = true
        }
        if removed { try? rebuildTree(restoring: backup) }
        while let key = firstDefinedKey(under: path), removeValueWithComments(at: key) {
            removed = true
        }
        return removed
    }

    /// Removes the header at `header` and its section (see `removeTable(_:)`); the tree is rebuilt by the caller.
    private mutating func removeSection(at header: Int) {
        let last = lastKeyValue(inSectionOf: header) ?? header
        var range = header...last
        while range.upperBound + 1 < items.count, let after = items[range.upperBound + 1].trivia, isBlank(after) {
            range = range.lowerBound...(range.upperBound + 1)
        }
        dropCommentBlock(before: header)
        items.removeSubrange(range)
        if range.lowerBound == items.count, range.lowerBound > 0, let before = items[range.lowerBound - 1].trivia {
            items[range.lowerBound - 1] = .trivia(TOMLSpan(before.lowerBound, trailingBlankStart(before)))
        }
    }

    /// Moves the key/value line defining `path`, with the comment lines directly above it, from its `[header]`
    /// table to the end of the `[header]` table `target` (after its last key), where it keeps its spelling,
    /// indentation and comments. Returns false, changing nothing, when either table is not a header table or
    /// the key is dotted or in an inline table; throws when `target` already has the key.
    @discardableResult
    public mutating func moveKey(at path: [String], toTable target: [String]) throws(TOMLError) -> Bool {
        guard let name = path.last, let location = findDefinition(path), location.entries.isEmpty,
              case .keyValue(var keyValue) = item(location.item), keyValue.key.count == 1,
              case .header = locateTable(Array(path.dropLast())), case .header = locateTable(target) else { return false }
        try requireFree(target + [name])
        let backup = self
        var moved: [TOMLItem] = []
        if let block = commentBlock(before: location.item), let trivia = items[location.item - 1].trivia {
            items[location.item - 1] = .trivia(TOMLSpan(trivia.lowerBound, block.lowerBound))
            moved.append(.trivia(block))
        }
        if keyValue.lineEndingLength(in: storage) == 0 {
            keyValue.decor.suffix = appendText(String(decoding: storage[keyValue.decor.suffix], as: UTF8.self) + lineEnding)
        }
        moved.append(.keyValue(keyValue))
        removeLine(location.item)
        guard case .header(let header) = locateTable(target) else {
            self = backup
            return false
        }
        let anchor = lastKeyValue(inSectionOf: header) ?? header
        var hasNewline = true
        switch item(anchor) {
        case .keyValue(let last): hasNewline = last.lineEndingLength(in: storage) > 0
        case .header(let last): hasNewline = !last.newline.isEmpty
        case .trivia: break
        }
        if !hasNewline { addLineEnding(toItem: anchor) }
        reserveItems(adding: moved.count)
        var movedItems: [TOMLStoredItem] = []
        for item in moved { movedItems.append(stored(item)) }
        items.insert(contentsOf: movedItems, at: anchor + 1)
        if !hasNewline { removeLineEnding(ofItem: anchor + moved.count) }
        try rebuildTree(restoring: backup)
        return true
    }

    /// The comments of the top-level key/value line defining `path`: the comment lines directly above it (with
    /// their line endings) and what follows its value on its line (spaces and a comment, no line ending); nil
    /// when `path` is not defined by such a line.
    public func lineComments(at path: [String]) -> TOMLLineComments? {
        guard let location = findDefinition(path), location.entries.isEmpty, case .keyValue(let keyValue) = item(location.item) else {
            return nil
        }
        let suffix = storage[keyValue.decor.suffix]
        let after = suffix.dropLast(keyValue.lineEndingLength(in: storage))
        let above = commentBlock(before: location.item).map { storage[$0] } ?? []
        return TOMLLineComments(above: String(decoding: above, as: UTF8.self), after: String(decoding: after, as: UTF8.self))
    }

    /// Gives the top-level key/value line defining `path` the comments `comments` (from ``lineComments(at:)``
    /// of a line that was removed), keeping its line ending; returns false when `path` is not defined by such a
    /// line. The comment lines above go right before it.
    @discardableResult
    public mutating func setLineComments(_ comments: TOMLLineComments, at path: [String]) -> Bool {
        guard let location = findDefinition(path), location.entries.isEmpty, case .keyValue(var keyValue) = item(location.item) else {
            return false
        }
        let ending = storage[keyValue.decor.suffix].suffix(keyValue.lineEndingLength(in: storage))
        keyValue.decor.suffix = appendText(comments.after + String(decoding: ending, as: UTF8.self))
        replaceItem(location.item, with: .keyValue(keyValue))
        if !comments.above.isEmpty {
            reserveItems()
            items.insert(.trivia(appendText(comments.above)), at: location.item)
        }
        return true
    }

    // MARK: Helpers

    /// The shortest path under `path` that a key defines (the inline table itself, or a dotted key's value).
    private func firstDefinedKey(under path: [String]) -> [String]? {
        if findDefinition(path) != nil { return path }
        guard case .table(let table)? = value(at: path) else { return nil }
        for name in table.keys.sorted() {
            if let found = firstDefinedKey(under: path + [name]) { return found }
        }
        return nil
    }

    private func requireFree(_ path: [String]) throws(TOMLError) {
        if tree.entry(at: path) != nil {
            throw TOMLError(line: 0, column: 0, reason: .duplicateKey(TOMLTableTree.pathText(path)))
        }
    }

    /// The key of the inline-table entry at `location` (whose entries are not empty).
    private func inlineKey(at location: TOMLValueLocation) -> TOMLKey? {
        guard case .keyValue(let keyValue) = item(location.item), let last = location.entries.last else { return nil }
        var node = keyValue.value.expanded(in: storage)
        for index in location.entries.dropLast() {
            guard case .inlineTable(let table) = node else { return nil }
            node = table.entries[index].value
        }
        guard case .inlineTable(let table) = node, table.entries.indices.contains(last) else { return nil }
        return table.entries[last].key
    }

    /// The spelling of `key` with part `part` replaced by `name`.
    private func spelling(of key: TOMLKey, part: Int, to name: String) -> String {
        let whole = key.spelling(through: key.count - 1)
        let before = storage[TOMLSpan(whole.lowerBound, key[part].span.lowerBound)]
        let after = storage[TOMLSpan(key[part].span.upperBound, whole.upperBound)]
        return String(decoding: before, as: UTF8.self) + TOMLStringEscaping.keyText(name) + String(decoding: after, as: UTF8.self)
    }

    /// `key` with part `part` renamed; its decoration (indentation, spaces before `=`) stays.
    private mutating func renamed(_ key: TOMLKey, part: Int, to name: String) throws(TOMLError) -> TOMLKey {
        let span = appendText(spelling(of: key, part: part, to: name))
        var parser = storage.parser(atEdit: span.lowerBound)
        var result: TOMLKey
        do {
            result = try parser.key(decoratedFrom: parser.i)
        } catch {
            throw editFailure(error)
        }
        result.decor = key.decor
        return result
    }

    /// The header line with part `part` of its key renamed; brackets, spaces and comment stay.
    private mutating func renamedHeader(_ header: TOMLTableHeader, part: Int, to name: String) throws(TOMLError) -> TOMLItem {
        let whole = header.key.spelling(through: header.key.count - 1)
        let line = String(decoding: storage[TOMLSpan(header.text.lowerBound, whole.lowerBound)], as: UTF8.self)
            + spelling(of: header.key, part: part, to: name)
            + String(decoding: storage[TOMLSpan(whole.upperBound, header.text.upperBound)], as: UTF8.self)
            + String(decoding: storage[header.newline], as: UTF8.self)
        return try appendLine(line)
    }

    /// Cuts the comment lines at the end of the trivia item before item `index` (see `commentBlock(before:)`).
    private mutating func dropCommentBlock(before index: Int) {
        guard let block = commentBlock(before: index), let trivia = items[index - 1].trivia else { return }
        items[index - 1] = .trivia(TOMLSpan(trivia.lowerBound, block.lowerBound))
    }

    /// The comment lines directly above item `index` (up to a blank line), at the end of the trivia item before
    /// it; nil when there are none. The comments that open the file are its heading, not the item's, and a
    /// byte-order mark is never part of a block.
    private func commentBlock(before index: Int) -> TOMLSpan? {
        guard index > 1, let trivia = items[index - 1].trivia else { return nil }
        var floor = trivia.lowerBound
        if floor == 0, trivia.count >= 3, storage[0] == 0xEF, storage[1] == 0xBB, storage[2] == 0xBF { floor = 3 }
        var cut = trivia.upperBound
        while cut > floor {
            var start = cut - 1
            while start > floor, storage[start - 1] != 0x0A { start -= 1 }
            var first = start
            while first < cut, storage[first] == 0x20 || storage[first] == 0x09 { first += 1 }
            guard first < cut, storage[first] == 0x23 else { break }
            cut = start
        }
        return cut < trivia.upperBound ? TOMLSpan(cut, trivia.upperBound) : nil
    }

    /// Whether a trivia span holds only spaces, tabs and line endings.
    private func isBlank(_ span: TOMLSpan) -> Bool {
        storage[span].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Where the blank lines at the end of a trivia span begin (after its last line that is not blank).
    private func trailingBlankStart(_ span: TOMLSpan) -> Int {
        var cut = span.upperBound
        while cut > span.lowerBound {
            var start = cut - 1
            while start > span.lowerBound, storage[start - 1] != 0x0A { start -= 1 }
            guard isBlank(TOMLSpan(start, cut)) else { break }
            cut = start
        }
        return cut
    }
}

/// The comments that belong to one key/value line: the comment lines right above it and the rest of its line.
public struct TOMLLineComments: Sendable, Equatable {
    /// The comment lines directly above the line, each with its line ending; empty when none.
    public var above: String
    /// What follows the value on its line: spaces and a comment, without the line ending; may be empty.
    public var after: String
}
