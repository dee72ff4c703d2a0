/// The meaning of a document as tables of keys, built by replaying its items in order. It enforces
/// TOML's rules on definitions (a key once, a table once, inline tables closed) and, when asked to
/// decode, collects the values.
///
/// All tables share one hash map from (table, key) to entry, so checking a large document costs few
/// allocations.
final class TOMLTableTree {
    /// How a table came to exist.
    enum Origin: UInt8 { case implicit, header, dotted, inline }

    /// What a key of a table holds.
    enum Entry {
        /// A non-table value: an index into `values`, or -1 when not decoding.
        case value(Int32)
        /// A table id.
        case table(Int32)
        /// An array-of-tables id (an index into `tableArrays`).
        case tableArray(Int32)
    }

    struct Key: Hashable {
        var table: Int32
        var name: String
    }

    let storage: TOMLStorage
    let decodes: Bool
    private(set) var entries: [Key: Entry] = [:]
    private(set) var origins: [Origin] = [.implicit]
    private(set) var tableArrays: [[Int32]] = []
    private(set) var values: [TOMLValue] = []
    /// The root table's id.
    let root: Int32 = 0

    init(storage: TOMLStorage, decodes: Bool, expectedKeys: Int = 0) {
        self.storage = storage
        self.decodes = decodes
        entries.reserveCapacity(expectedKeys)
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

    private func failure(_ key: TOMLKey, through index: Int, _ reason: (String) -> TOMLError.Reason) -> TOMLParseFailure {
        TOMLParseFailure(offset: key[index].span.lowerBound,
                         reason: reason(TOMLTableTree.pathText(Array(key.names[0...index]))))
    }

    private func newTable(_ origin: Origin) -> Int32 {
        origins.append(origin)
        return Int32(origins.count - 1)
    }

    /// The entry for `name` in `table`.
    func entry(_ table: Int32, _ name: String) -> Entry? {
        entries[Key(table: table, name: name)]
    }

    /// Applies a `[header]` or `[[header]]`; returns the table that following keys go into.
    func openHeader(_ key: TOMLKey, isArray: Bool) throws(TOMLParseFailure) -> Int32 {
        var table = root
        let last = key.count - 1
        for index in 0..<last {
            let slot = Key(table: table, name: key[index].name)
            switch entries[slot] {
            case nil:
                table = newTable(.implicit)
                entries[slot] = .table(table)
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
        let slot = Key(table: table, name: key[last].name)
        let existing = entries[slot]
        if isArray {
            switch existing {
            case nil:
                let next = newTable(.header)
                tableArrays.append([next])
                entries[slot] = .tableArray(Int32(tableArrays.count - 1))
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
        switch existing {
        case nil:
            let next = newTable(.header)
            entries[slot] = .table(next)
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
    func define(_ key: TOMLKey, _ value: TOMLValueNode, in start: Int32) throws(TOMLParseFailure) {
        var table = start
        let last = key.count - 1
        for index in 0..<last {
            let slot = Key(table: table, name: key[index].name)
            switch entries[slot] {
            case nil:
                table = newTable(.dotted)
                entries[slot] = .table(table)
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
        let slot = Key(table: table, name: key[last].name)
        if entries[slot] != nil { throw failure(key, through: last, TOMLError.Reason.duplicateKey) }
        entries[slot] = try entry(for: value)
    }

    private func entry(for node: TOMLValueNode) throws(TOMLParseFailure) -> Entry {
        switch node {
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
                if case .inlineTable = element.value {
                    _ = try entry(for: element.value)
                } else if case .array = element.value {
                    _ = try entry(for: element.value)
                }
            }
            return .value(record(decodes ? TOMLScalarDecoder.decode(node, in: storage) : nil))
        }
    }

    private func record(_ value: TOMLValue?) -> Int32 {
        guard let value else { return -1 }
        values.append(value)
        return Int32(values.count - 1)
    }

    /// The decoded value of the whole tree (only meaningful when built with `decodes`).
    var value: TOMLValue {
        var children = [[(String, Entry)]](repeating: [], count: origins.count)
        for (key, entry) in entries { children[Int(key.table)].append((key.name, entry)) }
        func table(_ id: Int32) -> TOMLValue {
            var result: [String: TOMLValue] = [:]
            for (name, entry) in children[Int(id)] { result[name] = value(of: entry) }
            return .table(result)
        }
        func value(of entry: Entry) -> TOMLValue {
            switch entry {
            case .value(let index): return index >= 0 ? values[Int(index)] : .table([:])
            case .table(let id): return table(id)
            case .tableArray(let array): return .array(tableArrays[Int(array)].map(table))
            }
        }
        return table(root)
    }
}
