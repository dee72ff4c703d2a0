/// The meaning of a document as tables of keys, built by replaying its items in order. It enforces
/// TOML's rules on definitions (a key once, a table once, inline tables closed) and, when asked to
/// decode, collects the values.
///
/// Every (table, key) pair of the document lives in one open-addressing hash table whose slots refer to
/// the key's spelling in the storage instead of holding a copy, so checking a large document costs
/// little memory and few allocations.
final class TOMLTableTree {
    /// How a table came to exist.
    enum Origin: UInt8 { case implicit, header, dotted, inline }

    /// What a key of a table holds.
    enum Entry: Equatable {
        /// A non-table value: an index into `values`, or `noValue` when not decoding.
        case value(UInt32)
        /// A table id.
        case table(UInt32)
        /// An array-of-tables id (an index into `tableArrays`).
        case tableArray(UInt32)

        static let noValue: UInt32 = 0x3FFF_FFFF

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

    /// One (table, key) → entry association; `table == emptyTable` marks a free slot.
    struct Slot {
        var hash: UInt32
        var table: UInt32
        var name: TOMLSpan
        var entry: UInt32
    }

    static let emptyTable = UInt32.max

    let storage: TOMLStorage
    let decodes: Bool
    private var slots: [Slot]
    private var used = 0
    private(set) var origins: [Origin] = [.implicit]
    private(set) var tableArrays: [[UInt32]] = []
    private(set) var values: [TOMLValue] = []
    /// The root table's id.
    let root: UInt32 = 0

    init(storage: TOMLStorage, decodes: Bool, expectedKeys: Int) {
        self.storage = storage
        self.decodes = decodes
        slots = [Slot](repeating: Slot(hash: 0, table: TOMLTableTree.emptyTable, name: TOMLSpan(at: 0), entry: 0),
                       count: max(16, expectedKeys + expectedKeys / 4))
    }

    /// Builds the tree for the items of a document.
    static func build(_ items: [TOMLItem], storage: TOMLStorage, decodes: Bool) throws(TOMLParseFailure) -> TOMLTableTree {
        let tree = TOMLTableTree(storage: storage, decodes: decodes, expectedKeys: items.count)
        var table = tree.root
        for item in items {
            switch item {
            case .trivia: break
            case .header(let header): table = try tree.openHeader(header.key, isArray: header.isArray)
            case .keyValue(let keyValue): try tree.define(keyValue.key, keyValue.value, in: table)
            }
        }
        return tree
    }

    static func pathText(_ names: [String]) -> String {
        names.map(TOMLStringEscaping.keyText).joined(separator: ".")
    }

    // MARK: The hash table

    private static func hash(_ name: ArraySlice<UInt8>, table: UInt32) -> UInt32 {
        var hash: UInt32 = 2_166_136_261 ^ (table &* 16_777_619)
        for byte in name { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    /// The slot holding `name` in `table`, or the free slot where it would go.
    private func find(_ name: ArraySlice<UInt8>, hash: UInt32, table: UInt32) -> Int {
        let capacity = slots.count
        var index = Int((UInt64(hash) &* UInt64(capacity)) >> 32)
        while true {
            let slot = slots[index]
            if slot.table == TOMLTableTree.emptyTable { return index }
            if slot.hash == hash, slot.table == table, storage.nameBytes(of: TOMLKeyPart(span: slot.name)).elementsEqual(name) {
                return index
            }
            index += 1
            if index == capacity { index = 0 }
        }
    }

    /// The entry of `part` in `table`, and the slot to store one in.
    private func lookup(_ part: TOMLKeyPart, in table: UInt32) -> (entry: Entry?, slot: Int, hash: UInt32) {
        let name = storage.nameBytes(of: part)
        let hash = TOMLTableTree.hash(name, table: table)
        let index = find(name, hash: hash, table: table)
        let slot = slots[index]
        return (slot.table == TOMLTableTree.emptyTable ? nil : Entry(packed: slot.entry), index, hash)
    }

    private func store(_ entry: Entry, for part: TOMLKeyPart, in table: UInt32, at index: Int, hash: UInt32) {
        if slots[index].table == TOMLTableTree.emptyTable {
            slots[index] = Slot(hash: hash, table: table, name: part.span, entry: entry.packed)
            used += 1
            if used * 5 > slots.count * 4 { grow() }
        } else {
            slots[index].entry = entry.packed
        }
    }

    private func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(hash: 0, table: TOMLTableTree.emptyTable, name: TOMLSpan(at: 0), entry: 0),
                       count: old.count * 2)
        let capacity = slots.count
        for slot in old where slot.table != TOMLTableTree.emptyTable {
            var index = Int((UInt64(slot.hash) &* UInt64(capacity)) >> 32)
            while slots[index].table != TOMLTableTree.emptyTable {
                index += 1
                if index == capacity { index = 0 }
            }
            slots[index] = slot
        }
    }

    // MARK: Definitions

    private func failure(_ key: TOMLKey, through index: Int, _ reason: (String) -> TOMLError.Reason) -> TOMLParseFailure {
        TOMLParseFailure(offset: key[index].span.lowerBound,
                         reason: reason(TOMLTableTree.pathText(Array(key.names(in: storage)[0...index]))))
    }

    private func newTable(_ origin: Origin) -> UInt32 {
        origins.append(origin)
        return UInt32(origins.count - 1)
    }

    /// Applies a `[header]` or `[[header]]`; returns the table that following keys go into.
    func openHeader(_ key: TOMLKey, isArray: Bool) throws(TOMLParseFailure) -> UInt32 {
        var table = root
        let last = key.count - 1
        for index in 0..<last {
            let found = lookup(key[index], in: table)
            switch found.entry {
            case nil:
                let next = newTable(.implicit)
                store(.table(next), for: key[index], in: table, at: found.slot, hash: found.hash)
                table = next
            case .table(let next):
                if origins[Int(next)] == .inline { throw failure(key, through: index, TOMLError.Reason.inlineTableExtended) }
                table = next
            case .tableArray(let array):
                guard let next = tableArrays[Int(array)].last else { throw failure(key, through: index, TOMLError.Reason.notATable) }
                table = next
            case .value:
                throw failure(key, through: index, TOMLError.Reason.notATable)
            }
        }
        let found = lookup(key[last], in: table)
        if isArray {
            switch found.entry {
            case nil:
                let next = newTable(.header)
                tableArrays.append([next])
                store(.tableArray(UInt32(tableArrays.count - 1)), for: key[last], in: table, at: found.slot, hash: found.hash)
                return next
            case .tableArray(let array):
                let next = newTable(.header)
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
            let next = newTable(.header)
            store(.table(next), for: key[last], in: table, at: found.slot, hash: found.hash)
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

    /// Defines `key = value` in `table`.
    func define(_ key: TOMLKey, _ value: TOMLValueNode, in start: UInt32) throws(TOMLParseFailure) {
        var table = start
        let last = key.count - 1
        for index in 0..<last {
            let found = lookup(key[index], in: table)
            switch found.entry {
            case nil:
                let next = newTable(.dotted)
                store(.table(next), for: key[index], in: table, at: found.slot, hash: found.hash)
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
        let found = lookup(key[last], in: table)
        if found.entry != nil { throw failure(key, through: last, TOMLError.Reason.duplicateKey) }
        let entry = try entry(for: value)
        // Defining the value may have added slots (an inline table's keys): look the free slot up again.
        let slot = lookup(key[last], in: table)
        store(entry, for: key[last], in: table, at: slot.slot, hash: slot.hash)
    }

    private func entry(for node: TOMLValueNode) throws(TOMLParseFailure) -> Entry {
        switch node {
        case .scalar(let scalar) where scalar.kind == .array || scalar.kind == .inlineTable:
            let expanded = node.expanded(in: storage)
            if case .scalar = expanded { return .value(record(nil)) }
            return try entry(for: expanded)
        case .scalar(let scalar):
            return .value(record(decodes ? TOMLScalarDecoder.decode(scalar, in: storage) : nil))
        case .inlineTable(let inline):
            let table = newTable(.inline)
            for entry in inline.entries {
                try define(entry.key, entry.value, in: table)
            }
            return .table(table)
        case .array(let array):
            for element in array.elements {
                switch element.value {
                case .scalar: break
                case .array, .inlineTable: _ = try entry(for: element.value)
                }
            }
            return .value(record(decodes ? TOMLScalarDecoder.decode(node, in: storage) : nil))
        }
    }

    private func record(_ value: TOMLValue?) -> UInt32 {
        guard let value else { return Entry.noValue }
        values.append(value)
        return UInt32(values.count - 1)
    }

    /// The decoded value of the whole tree (only meaningful when built with `decodes`).
    var value: TOMLValue {
        var children = [[(String, Entry)]](repeating: [], count: origins.count)
        for slot in slots where slot.table != TOMLTableTree.emptyTable {
            children[Int(slot.table)].append((storage.name(of: TOMLKeyPart(span: slot.name)), Entry(packed: slot.entry)))
        }
        func table(_ id: UInt32) -> TOMLValue {
            var result: [String: TOMLValue] = [:]
            for (name, entry) in children[Int(id)] { result[name] = value(of: entry) }
            return .table(result)
        }
        func value(of entry: Entry) -> TOMLValue {
            switch entry {
            case .value(let index): return index < values.count ? values[Int(index)] : .table([:])
            case .table(let id): return table(id)
            case .tableArray(let array): return .array(tableArrays[Int(array)].map(table))
            }
        }
        return table(root)
    }
}
