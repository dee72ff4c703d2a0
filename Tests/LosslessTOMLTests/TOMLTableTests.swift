import LosslessTOML
import XCTest

/// The decoded table: keys kept once each by code points, in code point order, whatever order they came in.
final class TOMLTableTests: XCTestCase {
    func testKeysAreInCodePointOrderAndDistinctByCodePoints() {
        var table = TOMLTable()
        for (index, key) in ["b", "\u{E9}", "a", "e\u{301}", "Z", "ab", ""].enumerated() {
            table[key] = .integer(Int64(index))
        }
        XCTAssertEqual(table.keys.map { Array($0.unicodeScalars.map(\.value)) },
                       [[], [0x5A], [0x61], [0x61, 0x62], [0x62], [0x65, 0x301], [0xE9]])
        XCTAssertEqual(table.count, 7)
        XCTAssertEqual(table["\u{E9}"], .integer(1))
        XCTAssertEqual(table["e\u{301}"], .integer(3))
        XCTAssertEqual(table.map(\.key), table.keys)
    }

    func testSettingReplacesRemovesAndInserts() {
        var table: TOMLTable = ["m": .integer(1), "c": .integer(2), "x": .integer(3)]
        table["c"] = .string("two")
        table["x"] = nil
        table["nothing"] = nil
        table["d"] = .boolean(true)
        XCTAssertEqual(table.keys, ["c", "d", "m"])
        XCTAssertEqual(table["c"], .string("two"))
        XCTAssertNil(table["x"])
        table["c"] = nil
        table["d"] = nil
        table["m"] = nil
        XCTAssertTrue(table.isEmpty)
    }

    func testLiteralKeepsTheLastOfEqualKeysAndEqualityIgnoresOrder() {
        let literal: TOMLTable = ["a": .integer(1), "b": .integer(2), "a": .integer(3)]
        XCTAssertEqual(literal.count, 2)
        XCTAssertEqual(literal["a"], .integer(3))
        let reversed: TOMLTable = ["b": .integer(2), "a": .integer(3)]
        XCTAssertEqual(literal, reversed)
        XCTAssertNotEqual(literal, ["a": .integer(3), "b": .integer(4)])
        XCTAssertNotEqual(["\u{E9}": .integer(1)] as TOMLTable, ["e\u{301}": .integer(1)] as TOMLTable)
    }

    func testDecodedTablesMatchTablesBuiltByHand() throws {
        let document = try TOMLDocument(parsing: "z = 1\n\"\\u00e9\" = 2\n\"e\\u0301\" = 3\n[t]\nb = 4\na = 5\n")
        let expected: TOMLTable = ["z": .integer(1), "\u{E9}": .integer(2), "e\u{301}": .integer(3),
                                   "t": .table(["a": .integer(5), "b": .integer(4)])]
        XCTAssertEqual(document.root, .table(expected))
        guard case .table(let root) = document.root else { return XCTFail("the root is a table") }
        XCTAssertEqual(root.keys.map { Array($0.utf8) }, [[0x65, 0xCC, 0x81], [0x74], [0x7A], [0xC3, 0xA9]])
    }
}
