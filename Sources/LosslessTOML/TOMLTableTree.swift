/// The meaning of a document as tables of keys, built by replaying its items in order. It enforces
/// TOML's rules on definitions (a key once, a table once, inline tables closed, tables at most
/// `maximumDepth` deep) and keeps where each value is written, so a value is decoded only when asked for.
///
/// Every (table, key) pair of the document is a record that refers to the key's spelling in the storage
/// instead of holding a copy; an open-addressing hash table of record indices finds them, and each table
/// links its records, so checking a large document costs little memory and few allocations. Names are
/// compared by their decoded bytes, that is by code points.
struct TOMLTableTree: Sendable {
    /// How a table came to exist.
    enum Origin: UInt8, Sendable { case implicit, header, dotted, inline }

    /// What a key of a table holds.
    enum Entry: Equatable {
        /// A non-table value: an index into `values`.
        case value(UInt32)
        /// A table id.
        case table(UInt32)
        /// An array-of-tables id (an index into `tableArrays`).
        case tableArray(UInt32)

        var packed: UInt32 {
            switch self {
            case .value(let index): return index
            case .table(let id): return 1 << 30 | id
            case .tableArray(let id): return 2 << 30 | id
            }
        }

        init(packed: UInt32) {
            let payload = packed & 0x3FFF_FFFF
            switch packed >> 30 {
            case 0: self = .value(payload)
            case 1: self = .table(payload)
            default: self = .tableArray(payload)
            }
        }
    }

    /// One key → entry association of a table, linked to the table's previous record. The key part's
    /// spelling is kept by where it starts only: its end is where the bare key or the quotes end
    /// (`TOMLStorage.keyPartSpan(at:)`), which makes a record 12 bytes instead of 16.
    struct Record: Sendable {
        var nameStart: UInt32
        var entry: UInt32
        var next: UInt32
    }

    static let none = UInt32.max
    /// The deepest nesting of tables accepted; deeper input would exhaust the stack when decoded.
    static let maximumDepth = 256
    /// Tables with at most this many keys are searched key by key (their few records lie close together);
    /// larger ones through the hash slots, which so hold only the keys of large tables.
    static let linearSearchLimit = 16

    var storage: TOMLStorage
    /// The hash slots of the tables with more than `linearSearchLimit` keys, which `sizes` points to.
    private var hashSlots: [TOMLHashSlots] = []
    /// How many hash slots tables of the model (see `init`) had, to start theirs at.
    private var modelSlotCounts: [UInt32: Int] = [:]
    // Chunked: an edit of a copy of a document (its original kept) copies only the chunks it touches.
    private(set) var records: TOMLChunkedArray<Record> = []
    /// Where the key parts that edits wrote end, by where they start: edits append their pieces one after
    /// another, so a bare key there may run on into the next piece.
    private var editedNameEnds: [UInt32: UInt32] = [:]
    private var origins: TOMLChunkedArray<Origin> = [.implicit]
    private var depths: TOMLChunkedArray<UInt16> = [0]
    /// Per table, how many keys it has, or for a table with more than `linearSearchLimit` keys `hashed` and
    /// the index of its hash slots (which count its keys).
    private var sizes: TOMLChunkedArray<UInt32> = [0]
    private static let hashed: UInt32 = 1 << 31
    /// Per table, its last record (`none` when it has no key).
    private(set) var heads: TOMLChunkedArray<UInt32> = [TOMLTableTree.none]
    private(set) var tableArrays: [[UInt32]] = []
    /// Where each non-table value is written; arrays and inline tables as one span of kind `array` or
    /// `inlineTable`.
    var values = TOMLScalarList()
    /// The root table's id.
    let root: UInt32 = 0
    /// Set when this tree is a model that a text is matched against (see `TOMLTableTree+Matching.swift`):
    /// the text's keys are then looked up among the model's records instead of being stored.
    var matching: Matching?
    /// Where the key parts and values being defined are written: the text matched, when matching (the
    /// records' names and the values stay in `storage`, the model's).
    var keyStorage: TOMLStorage {
        // Not `??`: its closure would copy the whole tree.
        if let text = matching?.text { return text }
        return storage
    }

    /// An empty tree. With `model`, a table that grows large starts with as many hash slots as the table of
    /// the same number in `model`, so that building the tree of a text expected to be a version of `model`'s
    /// does not grow them step by step (each step holds the old slots and twice as many new ones at once).
    init(storage: TOMLStorage, sizedLike model: TOMLTableTree? = nil) {
        self.storage = storage
        guard let model else { return }
        for table in 0..<model.sizes.count where model.sizes[table] & TOMLTableTree.hashed != 0 {
            modelSlotCounts[UInt32(table)] = model.hashSlots[Int(model.sizes[table] & ~TOMLTableTree.hashed)].count
        }
    }

    /// Builds the tree for the items of a document (`edited`: the items edits made, which `items` refer to).
    static func build(_ items: [TOMLStoredItem], edited: [TOMLItem], storage: TOMLStorage) throws(TOMLParseFailure) -> TOMLTableTree {
        var tree = TOMLTableTree(storage: storage)
        var table = tree.root
        for item in items {
            switch item.item(in: storage, edited: edited) {
            case .trivia: break
            case .header(let header): table = try tree.openHeader(header.key, isArray: header.isArray)
            case .keyValue(let keyValue): try tree.define(keyValue.key, keyValue.value, in: table)
            }
        }
        tree.fitMemory()
        return tree
    }

    static func pathText(_ names: [String]) -> String {
        names.map(TOMLStringEscaping.keyText).joined(separator: ".")
    }

    // MARK: The hash table

    private static func hash(_ name: ArraySlice<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in name { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        // Mix the low bits into the high ones, which pick the slot.
        hash ^= hash >> 16
        hash &*= 0x85EB_CA6B
        hash ^= hash >> 13
        return hash
    }

    /// Whether the key part of `record` has the decoded name `name`.
    @inline(__always) func has(_ name: ArraySlice<UInt8>, _ record: Record) -> Bool {
        let start = Int(record.nameStart)
        let first = storage[start]
        if first != 0x22 && first != 0x27 && start < storage.source.count { return storage.hasBareKey(name, at: start) }
        return storage.nameBytes(of: self.name(of: record)).elementsEqual(name)
    }

    /// The key part of `record`.
    func name(of record: Record) -> TOMLKeyPart {
        if Int(record.nameStart) >= storage.source.count, let end = editedNameEnds[record.nameStart] {
            return TOMLKeyPart(span: TOMLSpan(Int(record.nameStart), Int(end)))
        }
        return TOMLKeyPart(span: storage.keyPartSpan(at: Int(record.nameStart)))
    }

    /// What a search for a name in a table found: the record (`none` when absent) and, in a table searched
    /// through the hash slots, the slot it is in or would go in, and the name's hash.
    struct Found {
        var record: UInt32
        var slot: Int
        var hash: UInt32
    }

    /// Searches `table` for `name`: key by key in a small table, through the hash slots in a large one.
    private func search(_ name: ArraySlice<UInt8>, in table: UInt32) -> Found {
        let size = sizes[Int(table)]
        if size & TOMLTableTree.hashed == 0 {
            var index = heads[Int(table)]
            while index != TOMLTableTree.none {
                let record = records[Int(index)]
                if has(name, record) { return Found(record: index, slot: -1, hash: 0) }
                index = record.next
            }
            return Found(record: TOMLTableTree.none, slot: -1, hash: 0)
        }
        let slots = Int(size & ~TOMLTableTree.hashed)
        let hash = TOMLTableTree.hash(name)
        let slot = hashSlots[slots].find(hash: hash) { has(name, records[Int($0)]) }
        let record = hashSlots[slots][slot]
        return Found(record: record == TOMLHashSlots.free ? TOMLTableTree.none : record, slot: slot, hash: hash)
    }

    /// How many keys `table` has.
    private func keyCount(_ table: UInt32) -> Int {
        let size = sizes[Int(table)]
        return size & TOMLTableTree.hashed == 0 ? Int(size) : hashSlots[Int(size & ~TOMLTableTree.hashed)].keys
    }

    /// The entry of `part` in `table`, and where to store one. When matching, the record is the model's
    /// (a key the model lacks throws), and its entry counts only once the text has defined it.
    private func lookup(_ part: TOMLKeyPart, in table: UInt32) throws(TOMLParseFailure) -> (entry: Entry?, found: Found) {
        let found = search(keyStorage.nameBytes(of: part), in: table)
        if let matching {
            guard found.record != TOMLTableTree.none else { throw Matching.differs(at: part.span.lowerBound) }
            return (matching.isDefined(found.record) ? Entry(packed: records[Int(found.record)].entry) : nil, found)
        }
        return (found.record == TOMLTableTree.none ? nil : Entry(packed: records[Int(found.record)].entry), found)
    }

    /// The entry named `name` (by code points) in `table`.
    func entry(named name: String, in table: UInt32) -> Entry? {
        entry(named: Array(name.utf8)[...], in: table)
    }

    /// The entry whose name has the UTF-8 bytes `bytes` in `table`.
    func entry(named bytes: ArraySlice<UInt8>, in table: UInt32) -> Entry? {
        let record = search(bytes, in: table).record
        return record == TOMLTableTree.none ? nil : Entry(packed: records[Int(record)].entry)
    }

    /// Stores `entry` for `part`, a key `table` does not have yet (`found`, its search, found no record;
    /// when matching, the model's record).
    private mutating func store(_ entry: Entry, for part: TOMLKeyPart, in table: UInt32, _ found: Found) throws(TOMLParseFailure) {
        if matching != nil {
            try match(entry, at: found.record, offset: part.span.lowerBound)
            return
        }
        let index = UInt32(records.count)
        records.append(Record(nameStart: UInt32(part.span.lowerBound), entry: entry.packed, next: heads[Int(table)]))
        if part.span.lowerBound >= storage.source.count {
            editedNameEnds[UInt32(part.span.lowerBound)] = UInt32(part.span.upperBound)
        }
        heads[Int(table)] = index
        let size = sizes[Int(table)]
        if size & TOMLTableTree.hashed != 0 {
            hashSlots[Int(size & ~TOMLTableTree.hashed)].insert(index, hash: found.hash, at: found.slot)
        } else if size < TOMLTableTree.linearSearchLimit {
            sizes[Int(table)] = size + 1
        } else {
            // The table outgrows the key-by-key search: all its records go into hash slots of its own.
            var slots = TOMLHashSlots(count: modelSlotCounts[table] ?? 0)
            var record = index
            while record != TOMLTableTree.none {
                slots.insert(record, hash: TOMLTableTree.hash(storage.nameBytes(of: name(of: records[Int(record)]))))
                record = records[Int(record)].next
            }
            sizes[Int(table)] = TOMLTableTree.hashed | UInt32(hashSlots.count)
            hashSlots.append(slots)
        }
    }

    /// How many hash slots the tree holds (only large tables have them; they grow with their keys).
    var slotCount: Int { hashSlots.reduce(0) { $0 + $1.count } }

    /// Gives back the room its arrays grew into beyond what they hold (up to a chunk each), once a whole
    /// document is built: the tree then lives as long as the document.
    mutating func fitMemory() {
        records.fit()
        values.fit()
        origins.fit()
        depths.fit()
        sizes.fit()
        heads.fit()
    }

    // MARK: Definitions

    private func failure(_ key: TOMLKey, through index: Int, _ reason: (String) -> TOMLError.Reason) -> TOMLParseFailure {
        TOMLParseFailure(offset: key[index].span.lowerBound,
                         reason: reason(TOMLTableTree.pathText(Array(key.names(in: keyStorage)[0...index]))))
    }

    /// The table a definition opens under `parent`: a new one, or when matching the model's table that
    /// `found` (the key's record; nil for an inline table inside an array) holds.
    private mutating func table(_ origin: Origin, under parent: UInt32, at offset: Int, for found: Found?) throws(TOMLParseFailure) -> UInt32 {
        guard matching != nil else { return try newTable(origin, under: parent, at: offset) }
        guard let found, case .table(let id) = Entry(packed: records[Int(found.record)].entry) else { throw Matching.differs(at: offset) }
        origins[Int(id)] = origin
        return id
    }

    /// A new table under `parent`; throws when it would lie deeper than `maximumDepth`, reported at `offset`.
    private mutating func newTable(_ origin: Origin, under parent: UInt32, at offset: Int) throws(TOMLParseFailure) -> UInt32 {
        let depth = depths[Int(parent)] + 1
        guard depth <= TOMLTableTree.maximumDepth else {
            throw TOMLParseFailure(offset: offset, reason: .tablesNestedTooDeeply(TOMLTableTree.maximumDepth))
        }
        origins.append(origin)
        depths.append(depth)
        sizes.append(0)
        heads.append(TOMLTableTree.none)
        return UInt32(origins.count - 1)
    }

    /// Applies a `[header]` or `[[header]]`; returns the table that following keys go into.
    mutating func openHeader(_ key: TOMLKey, isArray: Bool) throws(TOMLParseFailure) -> UInt32 {
        var table = root
        let last = key.count - 1
        for index in 0..<last {
            let found = try lookup(key[index], in: table)
            switch found.entry {
            case nil:
                let next = try self.table(.implicit, under: table, at: key[index].span.lowerBound, for: found.found)
                try store(.table(next), for: key[index], in: table, found.found)
                table = next
            case .table(let next):
                if origins[Int(next)] == .inline { throw failure(key, through: index, TOMLError.Reason.inlineTableExtended) }
                table = next
            case .tableArray(let array):
                guard let next = lastTable(of: array) else { throw failure(key, through: index, TOMLError.Reason.notATable) }
                table = next
            case .value:
                throw failure(key, through: index, TOMLError.Reason.notATable)
            }
        }
        let found = try lookup(key[last], in: table)
        let offset = key[last].span.lowerBound
        if isArray {
            switch found.entry {
            case nil:
                if matching != nil {
                    guard case .tableArray(let array) = Entry(packed: records[Int(found.found.record)].entry) else {
                        throw Matching.differs(at: offset)
                    }
                    try store(.tableArray(array), for: key[last], in: table, found.found)
                    return try openedTable(of: array, at: offset)
                }
                let next = try newTable(.header, under: table, at: offset)
                tableArrays.append([next])
                try store(.tableArray(UInt32(tableArrays.count - 1)), for: key[last], in: table, found.found)
                return next
            case .tableArray(let array):
                if matching != nil { return try openedTable(of: array, at: offset) }
                let next = try newTable(.header, under: table, at: offset)
                tableArrays[Int(array)].append(next)
                return next
            case .table(let next):
                if origins[Int(next)] == .inline { throw failure(key, through: last, TOMLError.Reason.inlineTableExtended) }
                throw failure(key, through: last, TOMLError.Reason.tableDefinedTwice)
            case .value:
                throw failure(key, through: last, TOMLError.Reason.duplicateKey)
            }
        }
        switch found.entry {
        case nil:
            let next = try self.table(.header, under: table, at: offset, for: found.found)
            try store(.table(next), for: key[last], in: table, found.found)
            return next
        case .table(let next):
            switch origins[Int(next)] {
            case .implicit:
                origins[Int(next)] = .header
                return next
            case .inline: throw failure(key, through: last, TOMLError.Reason.inlineTableExtended)
            case .header, .dotted: throw failure(key, through: last, TOMLError.Reason.tableDefinedTwice)
            }
        case .tableArray:
            throw failure(key, through: last, TOMLError.Reason.tableDefinedTwice)
        case .value:
            throw failure(key, through: last, TOMLError.Reason.duplicateKey)
        }
    }

    /// The table of the array of tables `array` that the text opened last.
    private func lastTable(of array: UInt32) -> UInt32? {
        guard let matching else { return tableArrays[Int(array)].last }
        let opened = matching.openedCount(of: array)
        return opened == 0 ? nil : tableArrays[Int(array)][opened - 1]
    }

    /// When matching, opens the model's next table of the array of tables `array` (the text has more of
    /// them than the model: throws).
    private mutating func openedTable(of array: UInt32, at offset: Int) throws(TOMLParseFailure) -> UInt32 {
        let opened = matching?.openedCount(of: array) ?? 0
        guard opened < tableArrays[Int(array)].count else { throw Matching.differs(at: offset) }
        let table = tableArrays[Int(array)][opened]
        matching?.open(array)
        origins[Int(table)] = .header
        return table
    }

    /// Defines `key = value` in `table`.
    mutating func define(_ key: TOMLKey, _ value: TOMLValueNode, in start: UInt32) throws(TOMLParseFailure) {
        var table = start
        let last = key.count - 1
        for index in 0..<last {
            let found = try lookup(key[index], in: table)
            switch found.entry {
            case nil:
                let next = try self.table(.dotted, under: table, at: key[index].span.lowerBound, for: found.found)
                try store(.table(next), for: key[index], in: table, found.found)
                table = next
            case .table(let next):
                switch origins[Int(next)] {
                case .inline: throw failure(key, through: index, TOMLError.Reason.inlineTableExtended)
                case .header: throw failure(key, through: index, TOMLError.Reason.tableDefinedTwice)
                case .implicit: origins[Int(next)] = .dotted
                case .dotted: break
                }
                table = next
            case .tableArray, .value:
                throw failure(key, through: index, TOMLError.Reason.notATable)
            }
        }
        let found = try lookup(key[last], in: table)
        if found.entry != nil { throw failure(key, through: last, TOMLError.Reason.duplicateKey) }
        let recordsBefore = records.count
        let entry = try entry(for: value, under: table, at: key[last].span.lowerBound, for: found.found)
        // Defining the value may have added records (an inline table's keys), and so moved the free slot.
        let slot = records.count == recordsBefore ? found : try lookup(key[last], in: table)
        try store(entry, for: key[last], in: table, slot.found)
    }

    /// The entry for a value defined in `parent` under the key whose record is `found` (nil for an inline
    /// table inside an array): inline tables become tables (checked key by key), other values are recorded
    /// by their span.
    private mutating func entry(for node: TOMLValueNode, under parent: UInt32, at offset: Int, for found: Found?) throws(TOMLParseFailure) -> Entry {
        switch node {
        case .scalar(let scalar) where scalar.kind == .array && !keyStorage[scalar.span].contains(0x7B):
            // An array without a `{` holds no inline table to check.
            return record(scalar)
        case .scalar(let scalar) where scalar.kind == .array || scalar.kind == .inlineTable:
            let expanded = node.expanded(in: keyStorage)
            if case .scalar = expanded { return record(scalar) }
            if case .array = expanded { return try array(scalar, expanded, under: parent, at: offset) }
            return try entry(for: expanded, under: parent, at: offset, for: found)
        case .scalar(let scalar):
            return record(scalar)
        case .inlineTable(let inline):
            let table = try self.table(.inline, under: parent, at: offset, for: found)
            for entry in inline.entries {
                try define(entry.key, entry.value, in: table)
            }
            return .table(table)
        case .array(let array):
            return try self.array(TOMLScalar(span: TOMLSpan(array.open.lowerBound, array.close.upperBound), kind: .array), node,
                                  under: parent, at: offset)
        }
    }

    /// The entry for an array that may hold inline tables (`node`, written as `scalar`): their keys are
    /// checked; when matching, the array must instead be written as the model's is, which checked them.
    private mutating func array(_ scalar: TOMLScalar, _ node: TOMLValueNode, under parent: UInt32, at offset: Int) throws(TOMLParseFailure) -> Entry {
        if let text = matching?.text {
            matching?.pendingMustBeAlike = text[scalar.span].contains(0x7B)
        } else {
            try checkTables(in: node, under: parent, at: offset)
        }
        return record(scalar)
    }

    /// Checks the inline tables inside an array (their keys must be unique).
    private mutating func checkTables(in node: TOMLValueNode, under parent: UInt32, at offset: Int) throws(TOMLParseFailure) {
        guard case .array(let array) = node else { return }
        for element in array.elements {
            switch element.value {
            case .scalar: break
            case .array: try checkTables(in: element.value, under: parent, at: offset)
            case .inlineTable: _ = try entry(for: element.value, under: parent, at: offset, for: nil)
            }
        }
    }

    /// Records a value; when matching, keeps it to compare with the model's value once stored.
    mutating func record(_ scalar: TOMLScalar) -> Entry {
        if matching != nil {
            matching?.pending = scalar
            return .value(0)
        }
        values.append(scalar)
        return .value(UInt32(values.count - 1))
    }

    // MARK: Decoding

    /// The decoded value of the whole tree.
    var value: TOMLValue { value(of: .table(root)) }

    /// The decoded value of an entry: a table with everything under it, an array of tables, or a value.
    func value(of entry: Entry) -> TOMLValue {
        switch entry {
        case .value(let index): return TOMLScalarDecoder.decode(values[Int(index)], in: storage)
        case .table(let id):
            var entries: [(key: String, value: TOMLValue)] = []
            entries.reserveCapacity(keyCount(id))
            var record = heads[Int(id)]
            while record != TOMLTableTree.none {
                let current = records[Int(record)]
                entries.append((storage.name(of: name(of: current)), value(of: Entry(packed: current.entry))))
                record = current.next
            }
            return .table(TOMLTable(distinctEntries: entries))
        case .tableArray(let array): return .array(tableArrays[Int(array)].map { value(of: .table($0)) })
        }
    }

    /// The entry at a key path through tables, or nil; the empty path gives the root table.
    func entry(at path: [String]) -> Entry? {
        var entry = Entry.table(root)
        for name in path {
            guard case .table(let id) = entry, let next = self.entry(named: name, in: id) else { return nil }
            entry = next
        }
        return entry
    }
}
