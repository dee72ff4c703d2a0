/// Reading a text back against the tree it is expected to have (a file just written from a document):
/// instead of building a tree of its own, which for a file of short keys weighs several times the file, the
/// text's keys are looked up among the model's records as it is parsed, with a bit a record saying which the
/// text has defined. Every rule of TOML is checked as in a parse; any key, table or value the model does
/// not have, in the form it has, ends the match, and the caller parses the text in full to learn more.
extension TOMLTableTree {
    /// What a tree matched against a text keeps besides the model it is.
    struct Matching: Sendable {
        /// The text being read; the model's records and values stay in the tree's own storage.
        let text: TOMLStorage
        /// One bit a model record: whether the text has defined it.
        private var defined: [UInt64]
        /// Per array of tables of the model, how many of its tables the text has opened.
        private var opened: [Int]
        /// The value the text gives the key being defined, compared with the model's once stored. One slot:
        /// `define` records a value and stores it before the next (inline tables in arrays, whose values
        /// `checkTables` would record without storing, are not checked while matching).
        var pending: TOMLScalar?
        /// Whether `pending` must be written exactly as the model's value (an array that may hold inline
        /// tables, whose keys the model's parse checked).
        var pendingMustBeAlike = false
        /// The names (UTF-8) of the keys whose value ranges in the text are kept.
        let wanted: [[UInt8]]
        /// Where in the text the values of keys named in `wanted` are, by the model's value index.
        var ranges: [UInt32: Range<Int>] = [:]

        init(text: TOMLStorage, records: Int, tableArrays: Int, wanted: [[UInt8]]) {
            self.text = text
            defined = [UInt64](repeating: 0, count: (records + 63) / 64)
            opened = [Int](repeating: 0, count: tableArrays)
            self.wanted = wanted
        }

        /// The failure that ends a match: the text holds what the model does not (its reason is never shown).
        static func differs(at offset: Int) -> TOMLParseFailure {
            TOMLParseFailure(offset: offset, reason: .keyConflict("the text read back differs from its model"))
        }

        func isDefined(_ record: UInt32) -> Bool { defined[Int(record >> 6)] & (1 << (record & 63)) != 0 }

        mutating func define(_ record: UInt32) { defined[Int(record >> 6)] |= 1 << (record & 63) }

        func openedCount(of array: UInt32) -> Int { opened[Int(array)] }

        mutating func open(_ array: UInt32) { opened[Int(array)] += 1 }
    }

    /// The value ranges in `bytes` of the keys named in `names` (by the value indices of `model`), when
    /// `bytes` are a valid TOML text holding exactly `model`'s keys, tables (in the same forms: a table, an
    /// array of tables) and values (equal as decoded); nil otherwise.
    static func match(_ bytes: [UInt8], against model: TOMLTableTree, rangesOfKeysNamed names: [String]) -> [UInt32: Range<Int>]? {
        guard bytes.count <= TOMLStoredItem.maximumLength else { return nil }
        var tree = model
        tree.matching = Matching(text: TOMLStorage(source: bytes), records: model.records.count,
                                 tableArrays: model.tableArrays.count, wanted: names.map { Array($0.utf8) })
        var parser = TOMLParser(bytes: bytes)
        parser.keepsArraysWhole = true
        guard (try? parser.document(tree: &tree, keepingItems: false)) != nil, let matching = tree.matching,
              tree.isWhollyDefined(tree.root, by: matching)
        else { return nil }
        return matching.ranges
    }

    /// When matching, checks that the text defines the model's record `record` as `entry` (for a value:
    /// the pending one) and marks it defined.
    mutating func match(_ entry: Entry, at record: UInt32, offset: Int) throws(TOMLParseFailure) {
        switch (entry, Entry(packed: records[Int(record)].entry)) {
        case (.table(let table), .table(let modelTable)) where table == modelTable: break
        case (.tableArray(let array), .tableArray(let modelArray)) where array == modelArray: break
        case (.value, .value(let index)):
            // Locals and a static check: calling a method of the tree here would copy it whole.
            let model = values[Int(index)]
            guard let text = matching?.text, let pending = matching?.pending,
                  TOMLTableTree.isAlike(pending, in: text, model, in: storage, mustBeAlike: matching?.pendingMustBeAlike ?? true)
            else { throw Matching.differs(at: offset) }
            if matching?.wanted.isEmpty == false, isWanted(record) { matching?.ranges[index] = pending.span.range }
        default:
            throw Matching.differs(at: offset)
        }
        matching?.pending = nil
        matching?.pendingMustBeAlike = false
        matching?.define(record)
    }

    /// Whether the name of the model's record `record` is one whose value ranges are kept.
    private func isWanted(_ record: UInt32) -> Bool {
        guard let wanted = matching?.wanted, !wanted.isEmpty else { return false }
        let current = records[Int(record)]
        for name in wanted where has(name[...], current) { return true }
        return false
    }

    /// Whether the text's value `pending` (in `text`) equals the model's `model` (in `storage`): written
    /// alike, or (unless it must be) decoded alike.
    private static func isAlike(_ pending: TOMLScalar, in text: TOMLStorage, _ model: TOMLScalar, in storage: TOMLStorage, mustBeAlike: Bool) -> Bool {
        if pending.kind == model.kind, text[pending.span].elementsEqual(storage[model.span]) { return true }
        return !mustBeAlike && TOMLScalarDecoder.decode(pending, in: text) == TOMLScalarDecoder.decode(model, in: storage)
    }

    /// Whether the text defined every record of `table` and of the tables under it, and every table of
    /// its arrays of tables.
    private func isWhollyDefined(_ table: UInt32, by matching: Matching) -> Bool {
        var record = heads[Int(table)]
        while record != TOMLTableTree.none {
            guard matching.isDefined(record) else { return false }
            switch Entry(packed: records[Int(record)].entry) {
            case .value: break
            case .table(let child):
                guard isWhollyDefined(child, by: matching) else { return false }
            case .tableArray(let array):
                let tables = tableArrays[Int(array)]
                guard matching.openedCount(of: array) == tables.count, tables.allSatisfy({ isWhollyDefined($0, by: matching) }) else {
                    return false
                }
            }
            record = records[Int(record)].next
        }
        return true
    }
}
