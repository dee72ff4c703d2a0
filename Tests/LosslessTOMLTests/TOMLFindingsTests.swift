import XCTest
@testable import LosslessTOML

/// Regression tests for the findings of issue 11, with the inputs quoted there.
final class TOMLKeyCodePointTests: XCTestCase {
    /// Values compare as TOML means them: strings by code points, like keys, and floats by their bits (so a
    /// read-back check sees a string or a zero's sign that changed).
    func testCanonicallyEquivalentStringsAndSignedZerosAreDifferentValues() throws {
        XCTAssertNotEqual(TOMLValue.string("\u{E9}"), .string("e\u{301}"))
        XCTAssertNotEqual(TOMLValue.array([.string("\u{E9}")]), .array([.string("e\u{301}")]))
        XCTAssertNotEqual(TOMLValue.float(0.0), .float(-0.0))
        XCTAssertEqual(TOMLValue.float(.nan), .float(-.nan))
        XCTAssertEqual(TOMLValue.string("\u{E9}"), .string("\u{E9}"))
        let precomposed = try TOMLValueTree(parsing: #"a = "\u00e9"\#nb = ["\u00e9"]\#nc = 0.0\#n"#)
        for changed in [#"a = "e\u0301"\#nb = ["\u00e9"]\#nc = 0.0\#n"#, #"a = "\u00e9"\#nb = ["e\u0301"]\#nc = 0.0\#n"#,
                        #"a = "\u00e9"\#nb = ["\u00e9"]\#nc = -0.0\#n"#] {
            let other = try TOMLValueTree(parsing: changed)
            XCTAssertNotEqual(other.root, precomposed.root, changed)
            XCTAssertFalse(other.hasSameValues(as: precomposed, exceptTopLevelKeys: []), changed)
            XCTAssertNil(precomposed.readBack(Array(changed.utf8), rangesOfKeysNamed: []), changed)
        }
        XCTAssertNotNil(precomposed.readBack(Array("a = '\u{E9}'\nb = ['\u{E9}']\nc = +0.0\n".utf8), rangesOfKeysNamed: []))
    }

    func testCanonicallyEquivalentKeysAreTwoKeys() throws {
        let document = try TOMLDocument(parsing: "\"\\u00e9\" = 1\n\"e\\u0301\" = 2\n")
        XCTAssertEqual(document.value(at: ["\u{E9}"]), .integer(1))
        XCTAssertEqual(document.value(at: ["e\u{301}"]), .integer(2))
        guard case .table(let root) = document.root else { return XCTFail("root is not a table") }
        XCTAssertEqual(root.count, 2)
        XCTAssertEqual(root.keys.map { Array($0.unicodeScalars) }, [["e", "\u{301}"], ["\u{E9}"]])
        XCTAssertEqual(root["\u{E9}"], .integer(1))
        XCTAssertEqual(root["e\u{301}"], .integer(2))
    }

    func testTheSameKeyWrittenTwiceIsStillADuplicate() {
        XCTAssertThrowsError(try TOMLDocument(parsing: "\"\\u00e9\" = 1\n\"\u{E9}\" = 2\n")) { error in
            XCTAssertEqual((error as? TOMLError)?.description, "line 2, column 1: duplicate key `\"é\"`")
        }
    }

    func testCanonicallyEquivalentHeadersAreTwoTables() throws {
        let document = try TOMLDocument(parsing: "[\"\\u212b\"]\nx = 1\n[\"\\u00c5\"]\nx = 2\n")
        XCTAssertEqual(document.value(at: ["\u{212B}", "x"]), .integer(1))
        XCTAssertEqual(document.value(at: ["\u{C5}", "x"]), .integer(2))
        XCTAssertEqual(document.tableForm(at: ["\u{212B}"]), .header)
        guard case .table(let root) = document.root else { return XCTFail("root is not a table") }
        XCTAssertEqual(root.count, 2)
    }

    func testCanonicallyEquivalentInlineTableKeysAreTwoKeys() throws {
        let document = try TOMLDocument(parsing: "t = { \"\\u00e9\" = 1, \"e\\u0301\" = 2 }\n")
        XCTAssertEqual(document.value(at: ["t"]), .table(["\u{E9}": .integer(1), "e\u{301}": .integer(2)]))
        guard case .table(let table)? = document.value(at: ["t"]) else { return XCTFail("t is not a table") }
        XCTAssertEqual(table.count, 2)
        let inArray = try TOMLDocument(parsing: "a = [{ \"\\u00e9\" = 1, \"e\\u0301\" = 2 }]\n")
        guard case .array(let elements)? = inArray.value(at: ["a"]), case .table(let element)? = elements.first else {
            return XCTFail("a is not an array of a table")
        }
        XCTAssertEqual(element.count, 2)
    }

    func testLookupsCompareCodePoints() throws {
        // U+212A KELVIN SIGN is canonically equivalent to `K`.
        let document = try TOMLDocument(parsing: "\"\\u212Aey\" = 1\n[smtp]\nuser = 'u'\n")
        XCTAssertNil(document.value(at: ["Key"]))
        XCTAssertEqual(document.value(at: ["\u{212A}ey"]), .integer(1))
        XCTAssertNil(document.tableForm(at: ["\u{212A}ey"]))
        XCTAssertEqual(document.value(at: ["smtp", "user"]), .string("u"))
        XCTAssertNotEqual(TOMLValue.table(["Key": .integer(1)]), .table(["\u{212A}ey": .integer(1)]))
    }

    func testEditingAnEquivalentKeyAddsASecondKey() throws {
        var document = try TOMLDocument(parsing: "\"\\u00e9\" = 1\nt = { \"\\u00e9\" = 1 }\n[\"\\u00c5\"]\nx = 1\n")
        try document.set(.integer(2), at: ["e\u{301}"])
        try document.set(.integer(2), at: ["t", "e\u{301}"])
        try document.set(.integer(2), at: ["\u{212B}", "x"])
        XCTAssertEqual(document.description, """
            "\\u00e9" = 1
            t = { "\\u00e9" = 1, "e\u{301}" = 2 }
            "e\u{301}" = 2
            ["\\u00c5"]
            x = 1

            ["\u{212B}"]
            x = 2

            """)
        XCTAssertEqual(document.value(at: ["\u{E9}"]), .integer(1))
        XCTAssertEqual(document.value(at: ["t", "\u{E9}"]), .integer(1))
        XCTAssertEqual(document.value(at: ["\u{C5}", "x"]), .integer(1))
        XCTAssertFalse(document.removeValue(at: ["\u{212B}", "y"]))
        XCTAssertTrue(document.removeValue(at: ["e\u{301}"]))
        XCTAssertEqual(document.value(at: ["\u{E9}"]), .integer(1))
        XCTAssertNil(document.value(at: ["e\u{301}"]))
    }
}

final class TOMLDepthLimitTests: XCTestCase {
    private func message(_ text: String) -> String? {
        do {
            _ = try TOMLDocument(parsing: text)
            return nil
        } catch {
            return error.description
        }
    }

    func testLongDottedKeyFailsCleanly() {
        let limit = "line 1, column 513: tables are nested more than 256 deep (a key or header has too many parts)"
        XCTAssertEqual(message(String(repeating: "a.", count: 30_937) + "a = 1"), limit)
        XCTAssertEqual(message(String(repeating: "a.", count: 6_000) + "a = 1\n"), limit)
        XCTAssertEqual(message("[" + String(repeating: "a.", count: 30_937) + "a]\n"),
                       "line 1, column 514: tables are nested more than 256 deep (a key or header has too many parts)")
    }

    func testKeysUpToTheLimitDecode() throws {
        let dotted = try TOMLDocument(parsing: String(repeating: "a.", count: 255) + "a = 1\n")
        XCTAssertEqual(dotted.value(at: [String](repeating: "a", count: 256)), .integer(1))
        let header = try TOMLDocument(parsing: "[" + String(repeating: "a.", count: 255) + "a]\nb = 1\n")
        XCTAssertEqual(header.value(at: [String](repeating: "a", count: 256) + ["b"]), .integer(1))
        guard case .table = header.root else { return XCTFail("root is not a table") }
    }

    func testTheLimitCountsHeadersDottedKeysAndInlineTablesTogether() {
        let header = "[" + Array(repeating: "a", count: 200).joined(separator: ".") + "]\n"
        let tooDeep = "tables are nested more than 256 deep (a key or header has too many parts)"
        func dotted(_ count: Int) -> String { Array(repeating: "b", count: count).joined(separator: ".") }
        XCTAssertNil(message(header + dotted(57) + " = 1\nc = {}\n"))
        XCTAssertEqual(message(header + dotted(58) + " = 1\n"), "line 2, column 113: " + tooDeep)
        XCTAssertNil(message(header + dotted(56) + " = {}\n"))
        XCTAssertEqual(message(header + dotted(57) + " = {}\n"), "line 2, column 113: " + tooDeep)
        func nested(_ count: Int) -> String {
            "x = " + String(repeating: "{ a = ", count: count) + "1" + String(repeating: " }", count: count) + "\n"
        }
        XCTAssertNil(message(header + nested(56)))
        XCTAssertEqual(message(header + nested(57)), "line 2, column 337: " + tooDeep)
    }

    func testEditsRespectTheLimit() throws {
        var document = try TOMLDocument(parsing: "")
        // 257 tables (the value's 258th part is no table) are one too many.
        let deep = [String](repeating: "a", count: 258)
        XCTAssertThrowsError(try document.set(.integer(1), at: deep)) { error in
            XCTAssertEqual((error as? TOMLError)?.reason, .tablesNestedTooDeeply(256))
        }
        XCTAssertEqual(document.description, "")
        try document.set(.integer(1), at: Array(deep.dropLast()))
        XCTAssertEqual(document.value(at: Array(deep.dropLast())), .integer(1))
    }
}

final class TOMLMemoryTests: XCTestCase {
    /// Hash slots grow with the keys of large tables, never with how many `=` or `[` bytes strings and
    /// comments hold; small tables have none.
    func testBracketsInStringsAndCommentsReserveNothing() throws {
        let brackets = String(repeating: "[", count: 1_000_000)
        let document = try TOMLDocument(parsing: "a = \"\(brackets)\"\n# \(brackets)\n[t]\nb = '\(String(repeating: "=", count: 1_000_000))'\n")
        XCTAssertEqual(document.tree.slotCount, 0)
        let many = try TOMLDocument(parsing: (0..<1_000).map { "k\($0) = 1\n" }.joined())
        XCTAssertEqual(many.tree.slotCount, 2_048)
        let justLarge = try TOMLDocument(parsing: (0...TOMLTableTree.linearSearchLimit).map { "k\($0) = 1\n" }.joined())
        XCTAssertEqual(justLarge.tree.slotCount, 64)
    }

    /// A parsed document keeps no room its arrays grew into: 5,000 tables fill a doubled item buffer of
    /// 16,384 barely more than half, and their 10,000 records two full chunks and part of a third.
    func testAParsedDocumentHoldsArraysOfTheirSize() throws {
        let text = (0..<5_000).map { "[t\($0)]\nk = \($0)\n" }.joined()
        for document in [try TOMLDocument(parsing: text), try TOMLDocument(parsing: text + "[t5000]\n")] {
            let extra = document.items.count > 10_000 ? 1 : 0
            XCTAssertEqual(document.items.count, 10_000 + extra)
            XCTAssertLessThanOrEqual(document.items.capacity, document.items.count + document.items.count / 8)
            XCTAssertEqual(document.tree.records.count, 10_000 + extra)
            XCTAssertEqual(document.tree.records.chunks.map(\.count), [4_096, 4_096, 1_808 + extra])
            XCTAssertLessThanOrEqual(document.tree.records.capacity, document.tree.records.count + document.tree.records.count / 8)
            XCTAssertLessThanOrEqual(document.tree.values.capacity, 5_000 + 5_000 / 8)
        }
    }

    /// A record keeps where its key part starts; the name ends where the bare key or the quotes do, and
    /// a key that edits wrote keeps its end (edits append their pieces one after another).
    func testARecordFindsTheEndOfItsName() throws {
        let parsed = try TOMLDocument(parsing: "[a.b.c]\n[a.\"b.c\"]\n[a.'b\"']\n[a.\"q\\\"\"]\nx = 1\n")
        XCTAssertEqual(parsed.value(at: ["a", "b", "c"]), .table([:]))
        XCTAssertEqual(parsed.value(at: ["a", "b.c"]), .table([:]))
        XCTAssertEqual(parsed.value(at: ["a", "b\""]), .table([:]))
        XCTAssertEqual(parsed.value(at: ["a", "q\"", "x"]), .integer(1))
        XCTAssertNil(parsed.value(at: ["a", "b.c", "x"]))
        var document = try TOMLDocument(parsing: "t = { a = 1 }\n")
        for name in ["x", "xy", "xyz", "y"] { try document.set(.integer(2), at: ["t", name]) }
        try document.set(.integer(3), at: ["t", "x"])
        XCTAssertEqual(document.value(at: ["t"]), .table(["a": .integer(1), "x": .integer(3), "xy": .integer(2), "xyz": .integer(2), "y": .integer(2)]))
        XCTAssertEqual(try TOMLValueTree(parsing: document.bytes).root, document.valueTree.root)
    }

    /// A tree keeps a value's start and its kind with its length (6 bytes), the end of a value of 4,095 bytes
    /// or more aside; edits that make a value long or short again keep it right.
    func testAValueKeepsItsLengthOrItsEndWhenLong() throws {
        XCTAssertLessThan(TOMLScalar.Kind.allCases.count, 16)
        let long = String(repeating: "x", count: 5_000)
        let longArray = "[" + Array(repeating: "1", count: 2_000).joined(separator: ", ") + "]"
        for length in [4_093, 4_094, 4_095, 4_096] {
            let exact = String(repeating: "y", count: length - 2)
            let text = "a = 1\nb = '\(long)'\nc = \(longArray)\nd = \"\(exact)\"\ne = 1979-05-27 07:32:00\nf = [{ y = 2 }]"
            let tree = try TOMLValueTree(parsing: text)
            let bytes = Array(text.utf8)
            let shown = { (path: String) in tree.valueByteRange(at: [path]).map { String(decoding: bytes[$0], as: UTF8.self) } }
            XCTAssertEqual(["a", "b", "c", "d", "e", "f"].map(shown), ["1", "'\(long)'", longArray, "\"\(exact)\"", "1979-05-27 07:32:00", "[{ y = 2 }]"])
            XCTAssertEqual(tree.value(at: ["d"]), .string(exact))
        }
        var document = try TOMLDocument(parsing: "n = 1\nm = '\(long)'\nt = { a = 1 }\n")
        try document.set(.string(long), at: ["n"])
        try document.set(.integer(8), at: ["m"])
        try document.set(.string(long + "z"), at: ["t", "b"])
        try document.set(.integer(10), at: ["t", "c"])
        XCTAssertEqual(document.root, .table(["n": .string(long), "m": .integer(8), "t": .table(["a": .integer(1), "b": .string(long + "z"), "c": .integer(10)])]))
        XCTAssertEqual(try TOMLValueTree(parsing: document.bytes).root, document.root)
    }

    /// A stored item is 8 bytes, its kind packed with its span (or an edited item's index); a span as long
    /// as a document may hold comes back whole.
    func testAStoredItemIsEightBytes() {
        XCTAssertEqual(MemoryLayout<TOMLStoredItem>.stride, 8)
        XCTAssertEqual(MemoryLayout<TOMLTableTree.Record>.stride, 12)
        XCTAssertEqual(MemoryLayout<TOMLHashSlots.Slot>.stride, 8)
        XCTAssertEqual([MemoryLayout<TOMLSpan>.stride, MemoryLayout<TOMLScalar.Kind>.stride], [8, 1])
        let longest = TOMLSpan(5, 5 + TOMLStoredItem.maximumLength)
        let items: [(TOMLStoredItem, TOMLStoredItem.Kind, TOMLSpan)] = [
            (.trivia(longest), .trivia, longest), (.keyValueLine(longest), .keyValueLine, longest),
            (.headerLine(TOMLSpan(7, 9)), .headerLine, TOMLSpan(7, 9)), (.trivia(TOMLSpan(at: 0)), .trivia, TOMLSpan(at: 0)),
        ]
        for (item, kind, span) in items {
            XCTAssertEqual(item.kind, kind)
            XCTAssertEqual(item.span, span)
            XCTAssertNil(item.editedIndex)
        }
        XCTAssertEqual(items.map { [$0.0.isTrivia, $0.0.isKeyValue, $0.0.isHeader] },
                       [[true, false, false], [false, true, false], [false, false, true], [true, false, false]])
        let header = TOMLStoredItem.edited(3, isHeader: true)
        let keyValue = TOMLStoredItem.edited(4, isHeader: false)
        XCTAssertEqual([header.kind, keyValue.kind], [.edited, .edited])
        XCTAssertEqual([header.editedIndex, keyValue.editedIndex], [3, 4])
        XCTAssertEqual([header.isHeader, header.isKeyValue, keyValue.isHeader, keyValue.isKeyValue], [true, false, false, true])
    }

    /// An edit of a copy of a document, the original kept, copies the few chunks of the tree it changes and
    /// shares the others; both read their own values.
    func testAnEditedCopySharesTheTreeItDoesNotChange() throws {
        let text = (0..<5_000).map { "[t\($0)]\nk = \($0)\n" }.joined()
        let original = try TOMLDocument(parsing: text)
        for path in [["new", "k"], ["t5", "j"], ["t4999", "k"]] {
            var edited = original
            try edited.set(.integer(-1), at: path)
            XCTAssertEqual(edited.value(at: path), .integer(-1))
            XCTAssertEqual(original.value(at: ["t4999", "k"]), .integer(4_999))
            XCTAssertNil(original.value(at: ["new"]))
            XCTAssertEqual(edited.root, try TOMLDocument(parsing: edited.description).root)
            let records = (original.tree.records.chunks, edited.tree.records.chunks)
            XCTAssertGreaterThanOrEqual(Self.shared(records.0, records.1), 2, "\(path)")
            XCTAssertGreaterThanOrEqual(Self.shared(original.tree.values.starts.chunks, edited.tree.values.starts.chunks), 1, "\(path)")
            XCTAssertLessThanOrEqual(edited.tree.records.capacity - edited.tree.records.count, TOMLChunkedArray<UInt8>.chunkCapacity)
        }
    }

    /// How many chunks of `a` and `b` are one buffer.
    private static func shared<Element>(_ a: [[Element]], _ b: [[Element]]) -> Int {
        zip(a, b).filter { pair in
            pair.0.withUnsafeBufferPointer { first in pair.1.withUnsafeBufferPointer { $0.baseAddress == first.baseAddress } }
        }.count
    }

    /// Tables too large to be searched key by key share the hash slots: the same names in two of them, and
    /// in a small one, are each their own keys, and a name twice in one of them is still a duplicate.
    func testLargeTablesWithTheSameNamesKeepTheirOwnKeys() throws {
        let keys = { (table: Int) in (0..<40).map { "k\($0) = \(table * 100 + $0)\n" }.joined() }
        let text = keys(0) + "[a]\n" + keys(1) + "[b]\n" + keys(2) + "[c]\nk7 = 3\n"
        let document = try TOMLDocument(parsing: text)
        XCTAssertGreaterThan(document.tree.slotCount, 64)
        for index in [0, 7, 39] {
            XCTAssertEqual(document.value(at: ["a", "k\(index)"]), .integer(Int64(100 + index)))
            XCTAssertEqual(document.value(at: ["b", "k\(index)"]), .integer(Int64(200 + index)))
            XCTAssertEqual(document.value(at: ["k\(index)"]), .integer(Int64(index)))
        }
        XCTAssertEqual(document.value(at: ["c", "k7"]), .integer(3))
        XCTAssertNil(document.value(at: ["c", "k8"]))
        XCTAssertNil(document.value(at: ["a", "k40"]))
        XCTAssertEqual(document.root, try TOMLValueTree(parsing: text).root)
        XCTAssertThrowsError(try TOMLDocument(parsing: text.replacingOccurrences(of: "[c]\n", with: "k39 = 0\n[c]\n"))) { error in
            XCTAssertEqual((error as? TOMLError)?.description, "line 123, column 1: duplicate key `k39`")
        }
    }

    /// An array without an inline table is checked without building its elements and kept as one span; one
    /// with an inline table at any depth has the table's keys checked; a wrong array is reported as before.
    func testArraysAreCheckedWithoutTheirElementsUnlessTheyHoldATable() throws {
        let nested = String(repeating: "[", count: 100) + "1, 'x'" + String(repeating: "]", count: 100)
        let text = "a = \(nested)\nb = [ # comment\n  [1, 2.5],\n  \"]{\",\n]\nc = [[{ x = 1 }], [{ x = 2 }]]\n"
        let document = try TOMLDocument(parsing: text)
        XCTAssertEqual(document.description, text)
        // The inline tables' keys in `c` are values of their own, recorded before `c`.
        let values = (0..<document.tree.values.count).map { document.tree.values[$0] }
        XCTAssertEqual(values.map(\.kind), [.array, .array, .integer, .integer, .array])
        XCTAssertEqual(values.filter { $0.kind == .array }.map { String(decoding: document.storage[$0.span], as: UTF8.self) },
                       [nested, "[ # comment\n  [1, 2.5],\n  \"]{\",\n]", "[[{ x = 1 }], [{ x = 2 }]]"])
        var deep = TOMLValue.array([.integer(1), .string("x")])
        for _ in 1..<100 { deep = .array([deep]) }
        XCTAssertEqual(document.value(at: ["a"]), deep)
        XCTAssertEqual(document.value(at: ["b"]), .array([.array([.integer(1), .float(2.5)]), .string("]{")]))
        XCTAssertEqual(document.value(at: ["c"]), .array([.array([.table(["x": .integer(1)])]), .array([.table(["x": .integer(2)])])]))
        XCTAssertEqual(try TOMLValueTree(parsing: text).root, document.root)
        // A long array decodes into a buffer of its size (counted first), not one grown by doubling.
        let long = try TOMLValueTree(parsing: "a = [" + String(repeating: "1, ", count: 1_000) + "]\n")
        guard case .array(let ones)? = long.value(at: ["a"]) else { return XCTFail("a is not an array") }
        XCTAssertEqual(ones, [TOMLValue](repeating: .integer(1), count: 1_000))
        XCTAssertLessThan(ones.capacity, 1_024)
        var whole = TOMLParser(bytes: Array("[[1], [2]] # c".utf8))
        whole.keepsArraysWhole = true
        guard case .scalar(let scalar) = try whole.value() else { return XCTFail("the array was parsed into its elements") }
        XCTAssertEqual([scalar.span.lowerBound, scalar.span.upperBound, whole.i], [0, 10, 10])
        var holdingATable = TOMLParser(bytes: Array("[[1], [{}]]".utf8))
        holdingATable.keepsArraysWhole = true
        guard case .array(let array) = try holdingATable.value() else { return XCTFail("the array was not parsed") }
        XCTAssertEqual([array.elements.count, holdingATable.i], [2, 11])
        let wrong = [
            ("a = [[1, { x = 1, x = 2 }]]\n", "line 1, column 19: duplicate key `x`"),
            ("a = [[1], [2 3]]\n", "line 1, column 14: unexpected `3`; expected `,` or `]` in the array"),
            ("a = [[1], [2,,]]\n", "line 1, column 14: unexpected `,`; expected a value"),
            ("a = [[1]\n", "line 2, column 1: unexpected end of file; expected `,` or `]` in the array"),
        ]
        for (input, message) in wrong {
            XCTAssertThrowsError(try TOMLDocument(parsing: input), input) { error in
                XCTAssertEqual((error as? TOMLError)?.description, message, input)
            }
        }
    }

    /// A value tree parses without keeping the document's lines, and one parsed like a model starts with the
    /// model's hash slots; a version with many more keys than the model still parses to the same values.
    func testAValueTreeSizedLikeAModel() throws {
        let text = (0..<1_100).map { "[t\($0)]\nk = \($0)\n" }.joined()
        let model = try TOMLValueTree(parsing: text)
        XCTAssertEqual(model.tree.records.count, 2_200)
        XCTAssertEqual(model.tree.slotCount, 4_096)
        let edited = text + "[smtp]\nuser = 'u'\nendpoint = 'e'\n"
        let values = try TOMLValueTree(parsing: Array(edited.utf8), sizedLike: model)
        XCTAssertEqual(values.tree.records.count, 2_203)
        XCTAssertEqual(values.tree.slotCount, model.tree.slotCount)
        XCTAssertEqual(values.root, try TOMLDocument(parsing: edited).root)
        XCTAssertEqual(try TOMLValueTree(parsing: Array("a = 1\n".utf8), sizedLike: model).root, .table(["a": .integer(1)]))
        let larger = text + (0..<3_000).map { "[u\($0)]\nk = \($0)\n" }.joined()
        XCTAssertEqual(try TOMLValueTree(parsing: Array(larger.utf8), sizedLike: model).root, try TOMLDocument(parsing: larger).root)
        XCTAssertThrowsError(try TOMLValueTree(parsing: Array((text + "[t0]\n").utf8), sizedLike: model)) { error in
            XCTAssertEqual((error as? TOMLError)?.description, "line 2201, column 2: table `t0` is defined twice")
        }
    }
}

final class TOMLValueRangeTests: XCTestCase {
    func testValueByteRangeIsTheValueTextInTheBytes() throws {
        let text = "[smtp]\nsecret = \"\"\"\nab\"\"\" # c\nt = { \"e\\u0301\" = 'x', \"\\u00e9\" = 'y' }\n"
        let document = try TOMLDocument(parsing: text)
        let bytes = Array(text.utf8)
        func slice(_ path: [String]) -> String? {
            document.valueTree.valueByteRange(at: path).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        XCTAssertEqual(slice(["smtp", "secret"]), "\"\"\"\nab\"\"\"")
        XCTAssertEqual(slice(["smtp", "t", "e\u{301}"]), "'x'")
        XCTAssertEqual(slice(["smtp", "t", "\u{E9}"]), "'y'")
        XCTAssertNil(slice(["smtp", "user"]))
        var edited = document
        try edited.set(.string("z"), at: ["smtp", "user"])
        XCTAssertNil(edited.valueTree.valueByteRange(at: ["smtp", "secret"]))
        let values = try TOMLValueTree(parsing: bytes)
        XCTAssertEqual(values.valueByteRange(at: ["smtp", "secret"]), document.valueTree.valueByteRange(at: ["smtp", "secret"]))
    }
}
