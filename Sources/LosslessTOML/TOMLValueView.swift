/// A value of a `TOMLValueTree`, decoded only when asked for. A table's entries and an array's elements are
/// visited one at a time, each as a view of its own, so walking a whole tree holds the tree and the values on
/// the way down from the root, where `root` holds a decoded copy of everything (one Swift array or table for
/// every `[` and `{` of the text).
public struct TOMLValueView: Sendable {
    /// What kind of value a view shows.
    public enum Kind: Sendable, Equatable {
        case string, integer, float, boolean, offsetDateTime, localDateTime, localDate, localTime, array, table
    }

    /// The tree the views of one walk share (copying the tree itself into each view would retain every one
    /// of its buffers).
    final class Source: Sendable {
        let tree: TOMLTableTree

        init(_ tree: TOMLTableTree) {
            self.tree = tree
        }
    }

    /// Where the value is: an entry of the tree, an element found in an array's text, or (an inline table
    /// inside an array, whose dotted keys only decoding merges) a decoded value.
    enum Place: Sendable {
        case entry(TOMLTableTree.Entry)
        case node(TOMLValueNode)
        case decoded(TOMLValue)
    }

    let source: Source
    let place: Place

    /// What kind of value this is.
    public var kind: Kind {
        switch place {
        case .entry(.value(let index)): return TOMLValueView.kind(of: source.tree.values.kind(Int(index)))
        case .entry(.table): return .table
        case .entry(.tableArray): return .array
        case .node(.scalar(let scalar)): return TOMLValueView.kind(of: scalar.kind)
        case .node(.array): return .array
        case .node(.inlineTable): return .table
        case .decoded(let value): return TOMLValueView.kind(of: value)
        }
    }

    /// The value decoded, with everything under it.
    public var value: TOMLValue {
        switch place {
        case .entry(let entry): return source.tree.value(of: entry)
        case .node(let node): return TOMLScalarDecoder.decode(node, in: source.tree.storage)
        case .decoded(let value): return value
        }
    }

    /// Calls `body` with each key of a table and the view of its value, in the order the keys were first
    /// defined; nothing for a value of another kind.
    public func forEachEntry(_ body: (_ key: String, _ value: TOMLValueView) -> Void) {
        let tree = source.tree
        switch place {
        case .entry(.table(let table)):
            var records: [UInt32] = []
            var record = tree.heads[Int(table)]
            while record != TOMLTableTree.none {
                records.append(record)
                record = tree.records[Int(record)].next
            }
            for record in records.reversed() {
                let current = tree.records[Int(record)]
                body(tree.storage.name(of: tree.name(of: current)),
                     TOMLValueView(source: source, place: .entry(TOMLTableTree.Entry(packed: current.entry))))
            }
        case .entry(.value), .node:
            guard kind == .table, case .table(let table) = value else { return }
            TOMLValueView(source: source, place: .decoded(.table(table))).forEachEntry(body)
        case .decoded(.table(let table)):
            for (key, value) in table { body(key, TOMLValueView(source: source, place: .decoded(value))) }
        case .entry(.tableArray), .decoded:
            return
        }
    }

    /// Calls `body` with the view of each element of an array (each table of an array of tables), in order;
    /// nothing for a value of another kind. Elements are read from the array's text as they come.
    public func forEachElement(_ body: (TOMLValueView) -> Void) {
        let tree = source.tree
        switch place {
        case .entry(.tableArray(let array)):
            for table in tree.tableArrays[Int(array)] { body(TOMLValueView(source: source, place: .entry(.table(table)))) }
        case .entry(.value(let index)):
            elements(of: .scalar(tree.values[Int(index)]), body)
        case .node(let node):
            elements(of: node, body)
        case .decoded(.array(let values)):
            for value in values { body(TOMLValueView(source: source, place: .decoded(value))) }
        case .entry(.table), .decoded:
            return
        }
    }

    private func elements(of node: TOMLValueNode, _ body: (TOMLValueView) -> Void) {
        switch node {
        case .scalar(let scalar) where scalar.kind == .array:
            var parser = source.tree.storage.parser(for: scalar.span)
            parser.forEachElement { body(TOMLValueView(source: source, place: .node(inlineTablesDecoded($0)))) }
        case .array(let array):
            for element in array.elements { body(TOMLValueView(source: source, place: .node(inlineTablesDecoded(element.value)))) }
        case .scalar, .inlineTable:
            return
        }
    }

    /// `node`, or for an inline table a placeholder the view decodes (see `Place`).
    private func inlineTablesDecoded(_ node: TOMLValueNode) -> TOMLValueNode {
        switch node {
        case .inlineTable(let table):
            return .scalar(TOMLScalar(span: TOMLSpan(table.open.lowerBound, table.close.upperBound), kind: .inlineTable))
        case .scalar, .array:
            return node
        }
    }

    private static func kind(of kind: TOMLScalar.Kind) -> Kind {
        switch kind {
        case .basicString, .literalString, .multilineBasicString, .multilineLiteralString: return .string
        case .integer: return .integer
        case .float: return .float
        case .boolean: return .boolean
        case .offsetDateTime: return .offsetDateTime
        case .localDateTime: return .localDateTime
        case .localDate: return .localDate
        case .localTime: return .localTime
        case .array: return .array
        case .inlineTable: return .table
        }
    }

    private static func kind(of value: TOMLValue) -> Kind {
        switch value {
        case .string: return .string
        case .integer: return .integer
        case .float: return .float
        case .boolean: return .boolean
        case .offsetDateTime: return .offsetDateTime
        case .localDateTime: return .localDateTime
        case .localDate: return .localDate
        case .localTime: return .localTime
        case .array: return .array
        case .table: return .table
        }
    }
}

extension TOMLValueTree {
    /// The whole text as a view (a table), decoding nothing until asked.
    public var rootView: TOMLValueView {
        TOMLValueView(source: TOMLValueView.Source(tree), place: .entry(.table(tree.root)))
    }
}
