import LosslessTOML
import XCTest

final class TOMLComparisonTests: XCTestCase {
    private func same(_ a: String, _ b: String, except excluded: [String] = []) throws -> Bool {
        let left = try TOMLValueTree(parsing: Array(a.utf8))
        let right = try TOMLDocument(parsing: b).valueTree
        let result = left.hasSameValues(as: right, exceptTopLevelKeys: excluded)
        XCTAssertEqual(right.hasSameValues(as: left, exceptTopLevelKeys: excluded), result, "\(b) / \(a)")
        // Without exclusions it says what comparing the decoded roots says.
        if excluded.isEmpty { XCTAssertEqual(result, left.root == right.root, "\(a) / \(b)") }
        return result
    }

    /// Values compare as decoded values: the same value written another way is the same, whatever the form of
    /// the tables holding it; any other difference (a value, a missing or extra key, an array of tables) is not.
    func testComparesValuesNotSpelling() throws {
        XCTAssertTrue(try same("a = 'x'\nb = 1_000\n[t]\nc = [1, 2]\n", "b = 1000\na = \"x\"\nt = { c = [ 1,2 ] }\n"))
        XCTAssertTrue(try same("a.b.c = nan\n", "[a.b]\nc = nan\n"))
        XCTAssertTrue(try same("[[p]]\nx = 1\n[[p]]\n", "p = [{ x = 1 }, {}]\n"))
        XCTAssertFalse(try same("[t]\nc = 1\n", "[t]\nc = 2\n"))
        XCTAssertFalse(try same("[t]\nc = 1\n", "[t]\nc = 1\nd = 2\n"))
        XCTAssertFalse(try same("[t]\nc = 1\nd = 2\n", "[t]\nc = 1\n"))
        XCTAssertFalse(try same("[[p]]\n[[p]]\n", "[[p]]\n"))
        XCTAssertFalse(try same("a = 1\n", "a = 1.0\n"))
        XCTAssertFalse(try same("\"\\u00e9\" = 1\n", "\"e\\u0301\" = 1\n"))
    }

    /// Excluded top-level keys are left out on both sides; nothing below the top level is excluded.
    func testExcludedTopLevelKeysAreLeftOut() throws {
        XCTAssertTrue(try same("[smtp]\nuser = 'a'\n[t]\nc = 1\n", "[t]\nc = 1\n[smtp]\nuser = 'b'\nnew = 1\n", except: ["smtp"]))
        XCTAssertTrue(try same("[t]\nc = 1\n", "[t]\nc = 1\n[smtp]\n", except: ["smtp"]))
        XCTAssertFalse(try same("[smtp]\nuser = 'a'\n[t]\nc = 1\n", "[smtp]\nuser = 'a'\n[t]\nc = 2\n", except: ["smtp"]))
        XCTAssertFalse(try same("[t]\nsmtp = 1\n", "[t]\nsmtp = 2\n", except: ["smtp"]))
    }

    /// A key path search finds every key of that name in tables and inline tables, not in arrays of tables.
    func testKeyPathsNamed() throws {
        let document = try TOMLValueTree(parsing: Array("secret = 1\n[a]\n\"secret\" = 2\nb = { secret = 3, c.secret = 4 }\n[[p]]\nsecret = 5\n".utf8))
        XCTAssertEqual(Set(document.keyPaths(named: "secret")), [["secret"], ["a", "secret"], ["a", "b", "secret"], ["a", "b", "c", "secret"]])
    }
}
