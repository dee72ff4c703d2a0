@testable import ConfigWriter
import Foundation
import XCTest

final class UnifiedDiffTests: XCTestCase {
    private func diff(_ old: String?, _ new: String?) -> String {
        UnifiedDiff.diff(old: old.map { Array($0.utf8) }, new: new.map { Array($0.utf8) }, oldLabel: "a/c.toml", newLabel: "b/c.toml")
    }

    func testEqualTextsGiveNothing() {
        XCTAssertEqual(diff("a\nb\n", "a\nb\n"), "")
    }

    func testOneChangeWithThreeLinesOfContext() {
        let old = (1...10).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        XCTAssertEqual(diff(old, new), """
            --- a/c.toml
            +++ b/c.toml
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
    }

    func testSeparateHunksAndInsertionAtEnd() {
        let old = (1...12).map { "l\($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "l1\n", with: "L1\n") + "\n[smtp]\n"
        XCTAssertEqual(diff(old, new), """
            --- a/c.toml
            +++ b/c.toml
            @@ -1,4 +1,4 @@
            -l1
            +L1
             l2
             l3
             l4
            @@ -10,3 +10,5 @@
             l10
             l11
             l12
            +
            +[smtp]

            """)
    }

    func testNewFileAndMissingNewline() {
        XCTAssertEqual(diff(nil, "a\n"), "--- /dev/null\n+++ b/c.toml\n@@ -0,0 +1 @@\n+a\n")
        XCTAssertEqual(diff("a", "a\nb\n"), """
            --- a/c.toml
            +++ b/c.toml
            @@ -1 +1,2 @@
            -a
            \\ No newline at end of file
            +a
            +b

            """)
    }

    func testCRLFIsShownWithoutCarriageReturns() {
        XCTAssertEqual(diff("a\r\nb\r\n", "a\r\nc\r\n"), "--- a/c.toml\n+++ b/c.toml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n")
    }
}
