/// Decodes the text of (valid) values into plain values.
enum TOMLScalarDecoder {
    /// The value of a node: scalars from their text, arrays element by element, inline tables by key.
    static func decode(_ node: TOMLValueNode, in storage: TOMLStorage) -> TOMLValue {
        switch node {
        case .scalar(let scalar) where scalar.kind == .array:
            // Element by element from the text, counted first: the array's node, or a buffer grown by
            // doubling, would hold more than the values do.
            var counter = storage.parser(for: scalar.span)
            counter.keepsArraysWhole = true
            var count = 0
            counter.forEachElement { _ in count += 1 }
            var values: [TOMLValue] = []
            values.reserveCapacity(count)
            // Nested arrays come as nodes: decoding them from their text again would read it once per level.
            var parser = storage.parser(for: scalar.span)
            parser.forEachElement { values.append(decode($0, in: storage)) }
            return .array(values)
        case .scalar(let scalar) where scalar.kind == .inlineTable:
            let expanded = node.expanded(in: storage)
            if case .scalar = expanded { return .table([:]) }
            return decode(expanded, in: storage)
        case .scalar(let scalar): return decode(scalar, in: storage)
        case .array(let array): return .array(array.elements.map { decode($0.value, in: storage) })
        case .inlineTable(let table):
            var entries = TOMLTable()
            for entry in table.entries {
                insert(decode(entry.value, in: storage), at: entry.key.names(in: storage)[...], into: &entries)
            }
            return .table(entries)
        }
    }

    /// Puts a value at a dotted path into nested tables.
    static func insert(_ value: TOMLValue, at path: ArraySlice<String>, into entries: inout TOMLTable) {
        guard let name = path.first else { return }
        if path.count == 1 {
            entries[name] = value
            return
        }
        var inner = TOMLTable()
        if case .table(let existing)? = entries[name] { inner = existing }
        insert(value, at: path.dropFirst(), into: &inner)
        entries[name] = .table(inner)
    }

    static func decode(_ scalar: TOMLScalar, in storage: TOMLStorage) -> TOMLValue {
        let text = { String(decoding: storage[scalar.span], as: UTF8.self) }
        let parser = storage.parser(for: scalar.span)
        let local = (scalar.span.lowerBound - parser.bias)..<(scalar.span.upperBound - parser.bias)
        switch scalar.kind {
        case .literalString:
            return .string(String(decoding: storage[TOMLSpan(scalar.span.lowerBound + 1, scalar.span.upperBound - 1)], as: UTF8.self))
        case .basicString where !storage[scalar.span].contains(0x5C):
            return .string(String(decoding: storage[TOMLSpan(scalar.span.lowerBound + 1, scalar.span.upperBound - 1)], as: UTF8.self))
        case .basicString, .multilineBasicString, .multilineLiteralString:
            var stringParser = parser
            var decoded: [UInt8] = []
            decoded.reserveCapacity(scalar.span.count)
            _ = try? stringParser.string(decodingInto: &decoded, decode: true)
            return .string(String(decoding: decoded, as: UTF8.self))
        case .integer:
            return .integer((try? parser.integerValue(local)) ?? 0)
        case .float:
            return .float(parser.floatValue(local))
        case .boolean:
            return .boolean(storage[scalar.span.lowerBound] == 0x74)
        case .offsetDateTime: return .offsetDateTime(text())
        case .localDateTime: return .localDateTime(text())
        case .localDate: return .localDate(text())
        case .localTime: return .localTime(text())
        case .array, .inlineTable: return decode(.scalar(scalar), in: storage)
        }
    }
}
