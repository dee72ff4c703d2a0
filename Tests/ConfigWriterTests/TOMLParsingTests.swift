import XCTest
@testable import ConfigWriter

final class TOMLParsingTests: XCTestCase {
    func testRoundTripKeepsEveryByte() throws {
        let text = "\u{FEFF}# top\r\n[ smtp ] # c\r\n\tuser = 'x' # after\r\narr = [ 1,\n  # inner\n  2, ]\nt = { a = 1, b.c = \"\\u00e9\" }"
        let document = try TOMLDocument(parsing: text)
        XCTAssertEqual(document.description, text)
        XCTAssertEqual(document.lineEnding, "\r\n")
        XCTAssertEqual(document.value(at: ["smtp", "user"]), .string("x"))
        XCTAssertEqual(document.value(at: ["smtp", "t", "b", "c"]), .string("é"))
        XCTAssertEqual(document.value(at: ["smtp", "arr"]), .array([.integer(1), .integer(2)]))
    }

    func testDuplicateKeyHasLineAndColumn() {
        XCTAssertThrowsError(try TOMLDocument(parsing: "a = 1\n[t]\n  'é' = 1\n  \"é\" = 2\n")) { error in
            XCTAssertEqual((error as? TOMLError)?.description, "line 4, column 3: duplicate key `\"é\"`")
        }
    }
}
