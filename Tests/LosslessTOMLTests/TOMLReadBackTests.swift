import LosslessTOML
import XCTest

/// `TOMLValueTree.readBack`: a text reads back against a tree only when it holds exactly the tree's values.
final class TOMLReadBackTests: XCTestCase {
    let model = """
        title = "x"
        n = 1
        list = [1, 2]
        tables = [{ a = 1 }, { b = 2 }]
        point = { x = 1, y.z = 2 }
        [smtp]
        user = "u"
        secret = "s3cr3t"
        [empty]
        [[hosts]]
        name = "one"
        [[hosts]]

        """

    func tree() throws -> TOMLValueTree { try TOMLValueTree(parsing: model) }

    func testTheSameValuesWrittenOtherwiseReadBack() throws {
        let tree = try tree()
        let respelled = """
            # comments, spacing, quotes, order and key forms change nothing
            n = +1
            'title' = 'x'
            point.x = 1
            point.y = { z = 0x2 }
            list = [ 1, 2, ]
            tables = [{ a = 1 }, { b = 2 }]
            [empty]
            [smtp]
            secret = "s3cr3t"
            "user" = "u"
            [[hosts]]
            name = "one"
            [[hosts]]

            """
        let read = try XCTUnwrap(tree.readBack(Array(respelled.utf8), rangesOfKeysNamed: ["secret", "name"]))
        XCTAssertEqual(read.root, tree.root)
        let bytes = Array(respelled.utf8)
        XCTAssertEqual(read.valueByteRange(at: ["smtp", "secret"]).map { String(decoding: bytes[$0], as: UTF8.self) }, "\"s3cr3t\"")
        XCTAssertNil(read.valueByteRange(at: ["smtp", "user"]))
        XCTAssertNil(read.valueByteRange(at: ["hosts"]))
        XCTAssertEqual(read.keyPaths(named: "secret"), [["smtp", "secret"]])
        XCTAssertTrue(read.hasSameValues(as: tree, exceptTopLevelKeys: []))
        // A table is a table however it is written.
        let headed = model.replacingOccurrences(of: "point = { x = 1, y.z = 2 }\n", with: "") + "[point]\nx = 1\ny.z = 2\n"
        XCTAssertEqual(tree.readBack(Array(headed.utf8), rangesOfKeysNamed: [])?.root, tree.root)
    }

    func testAnythingElseDoesNotReadBack() throws {
        let tree = try tree()
        let changes: [(String, String)] = [
            ("a value", model.replacingOccurrences(of: "n = 1", with: "n = 2")),
            ("a value's type", model.replacingOccurrences(of: "n = 1", with: "n = 1.0")),
            ("a key added", model + "extra = 1\n"),
            ("a key added to a table", model.replacingOccurrences(of: "[empty]", with: "[empty]\nk = 1")),
            ("a key missing", model.replacingOccurrences(of: "user = \"u\"\n", with: "")),
            ("an empty table missing", model.replacingOccurrences(of: "[empty]\n", with: "")),
            ("an empty table of an array missing", String(model.dropLast("[[hosts]]\n\n".count))),
            ("one more table in an array", model + "[[hosts]]\n"),
            ("an array of tables as an array", model.replacingOccurrences(of: "[[hosts]]\nname = \"one\"\n[[hosts]]\n", with: "")
                + "hosts = [{ name = \"one\" }, {}]\n"),
            ("an array holding tables respelled", model.replacingOccurrences(of: "[{ a = 1 }, { b = 2 }]", with: "[{a=1}, {b=2}]")),
            ("a duplicate key", model + "n = 1\n"),
            ("a table defined twice", model + "[empty]\n"),
            ("an inline table extended", model + "point.w = 1\n"),
            ("invalid syntax", model + "= 1\n"),
        ]
        for (change, text) in changes {
            XCTAssertNotEqual(text, model, change)
            XCTAssertNil(tree.readBack(Array(text.utf8), rangesOfKeysNamed: []), change)
        }
        // The respelled array of tables holds the same values: only the full parse can tell.
        let respelled = model.replacingOccurrences(of: "[{ a = 1 }, { b = 2 }]", with: "[{a=1}, {b=2}]")
        XCTAssertEqual(try TOMLValueTree(parsing: respelled).root, tree.root)
    }

    func testAnEditedDocumentReadsBackItsOwnText() throws {
        var document = try TOMLDocument(parsing: model)
        try document.set(.string("new"), at: ["smtp", "secret"])
        try document.set(.integer(5), at: ["point", "q"])
        try document.set(.table(["a": .integer(1)]), at: ["added"])
        XCTAssertTrue(document.removeValue(at: ["n"]))
        let bytes = document.bytes
        let read = try XCTUnwrap(document.valueTree.readBack(bytes, rangesOfKeysNamed: ["secret"]))
        XCTAssertEqual(read.root, try TOMLValueTree(parsing: bytes).root)
        XCTAssertEqual(read.valueByteRange(at: ["smtp", "secret"]).map { String(decoding: bytes[$0], as: UTF8.self) }, "\"new\"")
        XCTAssertNil(try TOMLValueTree(parsing: model).readBack(bytes, rangesOfKeysNamed: []))
    }
}
