/// Walks and comparisons of table trees that decode no more than they must.
extension TOMLTableTree {
    /// Calls `body` with the decoded name (UTF-8) and entry of each key of `table`.
    func forEachKey(of table: UInt32, _ body: (ArraySlice<UInt8>, Entry) -> Void) {
        var record = heads[Int(table)]
        while record != TOMLTableTree.none {
            let current = records[Int(record)]
            body(storage.nameBytes(of: name(of: current)), Entry(packed: current.entry))
            record = current.next
        }
    }

    /// The paths of the keys with the name `name` (UTF-8) in `table` and the tables and inline tables under
    /// it (not in arrays of tables); the search does not go into such a key's own value.
    func paths(ofKeysNamed name: [UInt8], in table: UInt32, under path: [String]) -> [[String]] {
        var result: [[String]] = []
        var index = heads[Int(table)]
        while index != TOMLTableTree.none {
            let record = records[Int(index)]
            if has(name[...], record) {
                result.append(path + [String(decoding: name, as: UTF8.self)])
            } else if case .table(let child) = Entry(packed: record.entry) {
                let key = storage.name(of: self.name(of: record))
                result += paths(ofKeysNamed: name, in: child, under: path + [key])
            }
            index = record.next
        }
        return result
    }

    /// Whether the entry `entry` of this tree and `otherEntry` of `other` hold equal values (as decoded
    /// values compare). Values written alike are compared by their text; only the others are decoded.
    func sameValue(_ entry: Entry, as otherEntry: Entry, in other: TOMLTableTree) -> Bool {
        switch (entry, otherEntry) {
        case (.value(let index), .value(let otherIndex)):
            let scalar = values[Int(index)]
            let otherScalar = other.values[Int(otherIndex)]
            if scalar.kind == otherScalar.kind, storage[scalar.span].elementsEqual(other.storage[otherScalar.span]) {
                return true
            }
            return TOMLScalarDecoder.decode(scalar, in: storage) == TOMLScalarDecoder.decode(otherScalar, in: other.storage)
        case (.table(let table), .table(let otherTable)):
            return sameKeys(table, as: otherTable, in: other, excluding: [])
        case (.tableArray(let array), .tableArray(let otherArray)):
            let tables = tableArrays[Int(array)]
            let otherTables = other.tableArrays[Int(otherArray)]
            return tables.count == otherTables.count
                && zip(tables, otherTables).allSatisfy { sameKeys($0, as: $1, in: other, excluding: []) }
        default:
            // Different forms can still hold equal values (an array of tables and an array of inline tables).
            return value(of: entry) == other.value(of: otherEntry)
        }
    }

    /// Whether `table` and `otherTable` of `other` have the same keys with equal values, leaving out the keys
    /// named in `excluded` (compared by code points).
    func sameKeys(_ table: UInt32, as otherTable: UInt32, in other: TOMLTableTree, excluding excluded: [String]) -> Bool {
        let isExcluded = { (name: ArraySlice<UInt8>) in excluded.contains { name.elementsEqual($0.utf8) } }
        var same = true
        var count = 0
        // Two versions of a file list most keys in the same order: the other table's next record is tried first.
        var hint = other.heads[Int(otherTable)]
        forEachKey(of: table) { name, entry in
            guard same, !isExcluded(name) else { return }
            count += 1
            var otherEntry: Entry?
            if hint != TOMLTableTree.none, other.has(name, other.records[Int(hint)]) {
                otherEntry = Entry(packed: other.records[Int(hint)].entry)
                hint = other.records[Int(hint)].next
            } else {
                otherEntry = other.entry(named: name, in: otherTable)
            }
            guard let otherEntry, sameValue(entry, as: otherEntry, in: other) else {
                same = false
                return
            }
        }
        guard same else { return false }
        var otherCount = 0
        other.forEachKey(of: otherTable) { name, _ in
            if !isExcluded(name) { otherCount += 1 }
        }
        return count == otherCount
    }
}
