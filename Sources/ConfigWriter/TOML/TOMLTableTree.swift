/// The meaning of a document as tables of keys, built by replaying its items in order. It enforces
/// TOML's rules on definitions (a key once, a table once, inline tables closed) and, when asked to
/// decode, collects the values.
final class TOMLTableTree {
    /// A table and how it came to exist.
    final class Table {
        enum Origin { case implicit, header, dotted, inline }
        var origin: Origin
        var entries: [String: Entry] = [:]
        init(_ origin: Origin) { self.origin = origin }
    }

    /// An array of tables (`[[name]]`).
    final class TableArray {
        var tables: [Table] = []
    }

    enum Entry {
        /// A non-table value (nil when not decoding).
        case value(TOMLValue?)
        case table(Table)
        case tableArray(TableArray)
    }

    let bytes: [UInt8]
    let decodes: Bool
    let root = Table(.implicit)

    init(bytes: [UInt8], decodes: Bool) {
        self.bytes = bytes
        self.decodes = decodes
    }

    /// Builds the tree for the items of a valid document.
    static func build(_ items: [TOMLItem], storage: [UInt8], decodes: Bool) throws(TOMLParseFailure) -> TOMLTableTree {
        let tree = TOMLTableTree(bytes: storage, decodes: decodes)
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
        TOMLParseFailure(offset: key.parts[index].span.lowerBound,
                         reason: reason(TOMLTableTree.pathText(Array(key.names[0...index]))))
    }

    /// Applies a `[header]` or `[[header]]`; returns the table that following keys go into.
    func openHeader(_ key: TOMLKey, isArray: Bool) throws(TOMLParseFailure) -> Table {
        var table = root
        let last = key.parts.count - 1
        for index in 0..<last {
            let name = key.parts[index].name
            switch table.entries[name] {
            case nil:
                let next = Table(.implicit)
                table.entries[name] = .table(next)
                table = next
            case .table(let next):
                if next.origin == .inline { throw failure(key, through: index, TOMLError.Reason.inlineTableExtended) }
                table = next
            case .tableArray(let array):
                guard let next = array.tables.last else { throw failure(key, through: index, TOMLError.Reason.notATable) }
                table = next
            case .value:
                throw failure(key, through: index, TOMLError.Reason.notATable)
            }
        }
        let name = key.parts[last].name
        let existing = table.entries[name]
        if isArray {
            switch existing {
            case nil:
                let array = TableArray()
                let next = Table(.header)
                array.tables.append(next)
                table.entries[name] = .tableArray(array)
                return next
            case .tableArray(let array):
                let next = Table(.header)
                array.tables.append(next)
                return next
            case .table(let next):
                if next.origin == .inline { throw failure(key, through: last, TOMLError.Reason.inlineTableExtended) }
                throw failure(key, through: last, TOMLError.Reason.tableDefinedTwice)
            case .value:
                throw failure(key, through: last, TOMLError.Reason.duplicateKey)
            }
        }
        switch existing {
        case nil:
            let next = Table(.header)
            table.entries[name] = .table(next)
            return next
        case .table(let next):
            switch next.origin {
            case .implicit:
                next.origin = .header
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
    func define(_ key: TOMLKey, _ value: TOMLValueNode, in start: Table) throws(TOMLParseFailure) {
        var table = start
        let last = key.parts.count - 1
        for index in 0..<last {
            let name = key.parts[index].name
            switch table.entries[name] {
            case nil:
                let next = Table(.dotted)
                table.entries[name] = .table(next)
                table = next
            case .table(let next):
                switch next.origin {
                case .inline: throw failure(key, through: index, TOMLError.Reason.inlineTableExtended)
                case .header: throw failure(key, through: index, TOMLError.Reason.tableDefinedTwice)
                case .implicit: next.origin = .dotted
                case .dotted: break
                }
                table = next
            case .tableArray, .value:
                throw failure(key, through: index, TOMLError.Reason.notATable)
            }
        }
        let name = key.parts[last].name
        if table.entries[name] != nil { throw failure(key, through: last, TOMLError.Reason.duplicateKey) }
        table.entries[name] = try entry(for: value)
    }

    private func entry(for node: TOMLValueNode) throws(TOMLParseFailure) -> Entry {
        switch node {
        case .scalar(let scalar):
            return .value(decodes ? TOMLScalarDecoder.decode(scalar, in: bytes) : nil)
        case .inlineTable(let inline):
            return .table(try table(for: inline))
        case .array(let array):
            var values: [TOMLValue] = []
            for element in array.elements {
                let entry = try entry(for: element.value)
                if decodes { values.append(TOMLTableTree.value(of: entry)) }
            }
            return .value(decodes ? .array(values) : nil)
        }
    }

    private func table(for inline: TOMLInlineTable) throws(TOMLParseFailure) -> Table {
        let table = Table(.inline)
        for entry in inline.entries {
            try define(entry.key, entry.value, in: table)
        }
        return table
    }

    /// The decoded value of the whole tree (only meaningful when built with `decodes`).
    var value: TOMLValue { TOMLTableTree.value(of: .table(root)) }

    static func value(of entry: Entry) -> TOMLValue {
        switch entry {
        case .value(let value): return value ?? .table([:])
        case .table(let table): return .table(table.entries.mapValues { value(of: $0) })
        case .tableArray(let array): return .array(array.tables.map { value(of: .table($0)) })
        }
    }
}
