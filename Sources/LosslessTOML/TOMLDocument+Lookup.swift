/// Where a value is defined: a top-level key/value item, then entry indices through nested inline tables.
struct TOMLValueLocation: Sendable {
    var item: Int
    var entries: [Int]
}

/// Where new keys of a table go.
enum TOMLTableLocation {
    /// The root table: keys before the first header.
    case root
    /// A `[table]` header at this item index.
    case header(item: Int)
    /// A table made of dotted keys: the last key/value item defining a key under it, and how many of that
    /// key's parts spell the table.
    case dotted(item: Int, prefixCount: Int)
    /// An inline table at `location`; when the table is made of dotted keys inside it, `prefix` is an
    /// entry whose key starts with the table's name and how many of its parts spell it.
    case inline(location: TOMLValueLocation, prefix: (entry: Int, count: Int)?)
    /// A table that only exists because a sub-table does.
    case implicit
}

extension TOMLDocument {
    /// Calls `body` with each top-level item and the path of the table it belongs to; the path is nil for
    /// items inside an array of tables (which key paths cannot address). A header belongs to its own table.
    /// Key/values of sections for which `wanted` says false are skipped, and those whose key (read before
    /// the rest of the line) `keyWanted` says false for, given the section's path.
    func forEachItem(wanted: ([String]) -> Bool = { _ in true }, keyWanted: (TOMLKey, [String]) -> Bool = { _, _ in true },
                     _ body: (Int, [String]?, TOMLItem) -> Void) {
        var section: [String]? = []
        var arrays: [[String]] = []
        var isWanted = true
        for index in items.indices {
            if items[index].isKeyValue {
                guard isWanted else { continue }
                if let section, let key = items[index].key(in: storage, edited: editedItems), !keyWanted(key, section) { continue }
            }
            let item = item(index)
            if case .header(let header) = item {
                let names = header.key.names(in: storage)
                if header.isArray { arrays.append(names) }
                let inArray = arrays.contains { TOMLKeyName.path(names, startsWith: $0) }
                section = inArray ? nil : names
                isWanted = section.map(wanted) ?? false
            }
            body(index, section, item)
        }
    }

    /// The key/value or inline entry that defines the value at `path`, if one does.
    func findDefinition(_ path: [String]) -> TOMLValueLocation? {
        var sectionLength: Int? = 0
        var arrays: [[String]] = []
        for index in items.indices {
            if items[index].isTrivia { continue }
            if items[index].isKeyValue {
                // Only a line whose key leads to `path` is read to its value.
                guard let offset = sectionLength, let key = items[index].key(in: storage, edited: editedItems),
                      key.matches(path, from: offset, in: storage) else { continue }
            }
            switch item(index) {
            case .trivia:
                continue
            case .header(let header):
                let names = header.key.names(in: storage)
                if header.isArray { arrays.append(names) }
                let inArray = arrays.contains { TOMLKeyName.path(names, startsWith: $0) }
                sectionLength = !inArray && names.count < path.count && TOMLKeyName.path(path, startsWith: names) ? names.count : nil
            case .keyValue(let keyValue):
                guard let offset = sectionLength, keyValue.key.matches(path, from: offset, in: storage) else { continue }
                let full = offset + keyValue.key.count
                if full == path.count { return TOMLValueLocation(item: index, entries: []) }
                if case .inlineTable(let table) = keyValue.value.expanded(in: storage),
                   let entries = findEntry(in: table, base: Array(path[0..<full]), path: path) {
                    return TOMLValueLocation(item: index, entries: entries)
                }
            }
        }
        return nil
    }

    /// The entry indices leading to the definition of `path` inside an inline table written at `base`.
    func findEntry(in table: TOMLInlineTable, base: [String], path: [String]) -> [Int]? {
        for (index, entry) in table.entries.enumerated() {
            let full = base + entry.key.names(in: storage)
            if TOMLKeyName.same(full, path) { return [index] }
            if full.count < path.count, TOMLKeyName.path(path, startsWith: full), case .inlineTable(let inner) = entry.value,
               let rest = findEntry(in: inner, base: full, path: path) {
                return [index] + rest
            }
        }
        return nil
    }

    /// Where the table at `path` is written (the caller knows it is a table).
    func locateTable(_ path: [String]) -> TOMLTableLocation {
        if path.isEmpty { return .root }
        var result = TOMLTableLocation.implicit
        var done = false
        // Only a key whose first part is the next name of `path` after its section can lead to the table.
        let keyWanted = { (key: TOMLKey, section: [String]) in
            section.count < path.count && self.storage.nameBytes(of: key[0]).elementsEqual(path[section.count].utf8)
        }
        forEachItem(wanted: { TOMLKeyName.path(path, startsWith: $0) }, keyWanted: keyWanted) { index, section, item in
            guard !done, let section else { return }
            switch item {
            case .trivia: return
            case .header(let header):
                if !header.isArray, TOMLKeyName.same(section, path) {
                    result = .header(item: index)
                    done = true
                }
            case .keyValue(let keyValue):
                let full = section + keyValue.key.names(in: storage)
                if section.count < path.count, full.count > path.count, TOMLKeyName.path(full, startsWith: path) {
                    result = .dotted(item: index, prefixCount: path.count - section.count)
                } else if full.count <= path.count, TOMLKeyName.path(path, startsWith: full),
                          case .inlineTable(let table) = keyValue.value.expanded(in: storage),
                          let inline = locateInline(table, base: full, path: path,
                                                    location: TOMLValueLocation(item: index, entries: [])) {
                    result = inline
                    done = true
                }
            }
        }
        return result
    }

    /// Where the table at `path` is written inside an inline table written at `base` (found at
    /// `location`): that inline table, one nested in it, or dotted keys in one of them.
    func locateInline(_ table: TOMLInlineTable, base: [String], path: [String],
                      location: TOMLValueLocation) -> TOMLTableLocation? {
        if TOMLKeyName.same(base, path) { return .inline(location: location, prefix: nil) }
        var dotted: TOMLTableLocation?
        for (index, entry) in table.entries.enumerated() {
            let full = base + entry.key.names(in: storage)
            if full.count > path.count, TOMLKeyName.path(full, startsWith: path) {
                dotted = .inline(location: location, prefix: (index, path.count - base.count))
            } else if full.count <= path.count, TOMLKeyName.path(path, startsWith: full), case .inlineTable(let inner) = entry.value {
                var next = location
                next.entries.append(index)
                if let found = locateInline(inner, base: full, path: path, location: next) { return found }
            }
        }
        return dotted
    }
}
