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

    /// The diff that splits only the changed middle into lines prints exactly what the whole-text diff printed,
    /// on random edits of random texts (lines drawn from a few, so equal lines recur; with and without final
    /// line feeds, CRLF, empty texts).
    func testSameOutputAsTheWholeTextDiff() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pool = ["a", "b", "c", "", "x = 1", "[t]", "a\r", "b b"]
        for _ in 0..<3_000 {
            var lines = (0..<next(next(2) == 0 ? 30 : 200)).map { _ in pool[next(pool.count)] }
            let old = lines.joined(separator: "\n") + (next(3) == 0 ? "" : "\n")
            for _ in 0..<(1 + next(4)) {
                let at = next(lines.count + 1)
                switch next(3) {
                case 0: lines.insert(pool[next(pool.count)], at: at)
                case 1: if at < lines.count { lines.remove(at: at) }
                default: if at < lines.count { lines[at] = pool[next(pool.count)] }
                }
            }
            let new = lines.joined(separator: "\n") + (next(3) == 0 ? "" : "\n")
            let oldBytes: [UInt8]? = next(20) == 0 ? nil : Array(old.utf8)
            let newBytes = Array(new.utf8)
            let display: (Bool, Int, String) -> String = { isNew, index, text in "\(isNew ? "n" : "o")\(index):\(text)" }
            // The lines as the oracle hands them to `display`: split at line feeds (bytes: "\r\n" is one
            // Character), a final `\r` dropped.
            let lineTexts = { (text: String) in
                text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
                    String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self)
                }
            }
            let oldTexts = lineTexts(old)
            let newTexts = lineTexts(new)
            XCTAssertEqual(
                UnifiedDiff.diff(old: oldBytes, new: newBytes, oldLabel: "a", newLabel: "b") {
                    display($0, $1, ($0 ? newTexts : oldTexts)[$1])
                },
                ReferenceDiff.diff(old: oldBytes, new: newBytes, oldLabel: "a", newLabel: "b", display: display),
                "old: \(old.debugDescription) new: \(new.debugDescription)")
            XCTAssertEqual(
                UnifiedDiff.diff(old: oldBytes, new: newBytes, oldLabel: "a", newLabel: "b"),
                ReferenceDiff.diff(old: oldBytes, new: newBytes, oldLabel: "a", newLabel: "b"),
                "old: \(old.debugDescription) new: \(new.debugDescription)")
        }
    }
}

/// The previous whole-text implementation, kept as the oracle: a unified diff of two texts, line by line, with three lines of context (the format of `diff -u`).
///
/// Lines are compared as bytes. The common prefix and suffix are matched first, then Myers' algorithm finds a
/// shortest edit script of the changed middle in time proportional to its size times the number of changed
/// lines; past `maximumEdits` changed lines the middle is shown as deleted and inserted whole, so a large
/// rewrite costs linear time.
enum ReferenceDiff {
    private enum Operation: Equatable {
        case keep(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// The most changed lines for which a shortest edit script is searched.
    static let maximumEdits = 2_000

    /// The diff of `old` and `new` under `---`/`+++` headers, or an empty string when they are equal.
    /// `display(isNew, index, text)` turns a line of the old or new text into what is shown (for masking secrets);
    /// lines are compared as they are.
    static func diff(
        old: [UInt8]?, new: [UInt8]?, oldLabel: String, newLabel: String,
        display: (Bool, Int, String) -> String = { _, _, text in text }
    ) -> String {
        if old == new { return "" }
        let oldLines = Lines(old ?? [])
        let newLines = Lines(new ?? [])
        let operations = compare(oldLines, newLines)
        var output = "--- \(old == nil ? "/dev/null" : oldLabel)\n+++ \(new == nil ? "/dev/null" : newLabel)\n"
        for hunk in hunks(operations) {
            output += header(hunk, operations)
            for operation in operations[hunk.range] {
                switch operation {
                case .keep(let index, _): output += render(" ", oldLines, index) { display(false, index, $0) }
                case .delete(let index): output += render("-", oldLines, index) { display(false, index, $0) }
                case .insert(let index): output += render("+", newLines, index) { display(true, index, $0) }
                }
            }
        }
        return output
    }

    /// The lines of a text: byte ranges without their line feed, and a hash of each for quick comparison.
    private struct Lines {
        let bytes: [UInt8]
        private(set) var ranges: [Range<Int>] = []
        private(set) var hashes: [UInt64] = []
        /// Whether the last line ends with a line feed.
        private(set) var lastTerminated = true

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            var start = 0
            var hash: UInt64 = 14_695_981_039_346_656_037
            for (offset, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: "\n") {
                    ranges.append(start..<offset)
                    hashes.append(hash)
                    hash = 14_695_981_039_346_656_037
                    start = offset + 1
                } else {
                    hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
                }
            }
            if start < bytes.count {
                ranges.append(start..<bytes.count)
                hashes.append(hash ^ 1)
                lastTerminated = false
            }
        }

        var count: Int { ranges.count }

        func isTerminated(_ index: Int) -> Bool { index < count - 1 || lastTerminated }

        func text(_ index: Int) -> String { String(decoding: bytes[ranges[index]], as: UTF8.self) }

        /// Whether line `index` equals line `other` of `lines`, bytes and line feed alike.
        func line(_ index: Int, equals other: Int, of lines: Lines) -> Bool {
            hashes[index] == lines.hashes[other] && bytes[ranges[index]].elementsEqual(lines.bytes[lines.ranges[other]])
        }
    }

    private static func render(_ prefix: String, _ lines: Lines, _ index: Int, _ display: (String) -> String) -> String {
        var text = lines.text(index)
        if text.hasSuffix("\r") { text.removeLast() }
        return prefix + display(text) + "\n" + (lines.isTerminated(index) ? "" : "\\ No newline at end of file\n")
    }

    /// The edit script: the common prefix and suffix kept, the middle by `middle`.
    private static func compare(_ old: Lines, _ new: Lines) -> [Operation] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old.line(prefix, equals: prefix, of: new) { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old.line(old.count - 1 - suffix, equals: new.count - 1 - suffix, of: new) {
            suffix += 1
        }
        var operations = (0..<prefix).map { Operation.keep(old: $0, new: $0) }
        operations += middle(old, prefix..<(old.count - suffix), new, prefix..<(new.count - suffix))
        operations += (0..<suffix).map { Operation.keep(old: old.count - suffix + $0, new: new.count - suffix + $0) }
        return operations
    }

    /// A shortest edit script from `old[oldRange]` to `new[newRange]` (Myers), or delete-all-then-insert-all when
    /// it would take more than `maximumEdits` edits.
    private static func middle(_ old: Lines, _ oldRange: Range<Int>, _ new: Lines, _ newRange: Range<Int>) -> [Operation] {
        let n = oldRange.count
        let m = newRange.count
        let whole = oldRange.map { Operation.delete(old: $0) } + newRange.map { Operation.insert(new: $0) }
        if n == 0 || m == 0 { return whole }
        let limit = min(n + m, maximumEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, old.line(oldRange.lowerBound + x, equals: newRange.lowerBound + y, of: new) {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    return backtrack(trace, n, m, oldRange.lowerBound, newRange.lowerBound)
                }
            }
        }
        return whole
    }

    /// The operations of a Myers search that reached `(n, m)`; `trace[d]` holds V for diagonals `-d...d` as it
    /// was before step `d`.
    private static func backtrack(_ trace: [[Int]], _ n: Int, _ m: Int, _ oldStart: Int, _ newStart: Int) -> [Operation] {
        var operations: [Operation] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = k == -d || (k != d && v[k - 1 + d] < v[k + 1 + d]) ? k + 1 : k - 1
            let previousX = v[previousK + d]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                operations.append(.keep(old: oldStart + x - 1, new: newStart + y - 1))
                x -= 1
                y -= 1
            }
            if x == previousX {
                operations.append(.insert(new: newStart + previousY))
            } else {
                operations.append(.delete(old: oldStart + previousX))
            }
            x = previousX
            y = previousY
        }
        while x > 0, y > 0 {
            operations.append(.keep(old: oldStart + x - 1, new: newStart + y - 1))
            x -= 1
            y -= 1
        }
        return operations.reversed()
    }

    /// A range of operations to print, with how many old and new lines come before it.
    private struct Hunk {
        var range: Range<Int>
        var oldBefore: Int
        var newBefore: Int
    }

    /// The hunks to print: each change with up to three kept lines around it, close changes merged.
    private static func hunks(_ operations: [Operation]) -> [Hunk] {
        let context = 3
        var result: [Hunk] = []
        var oldSeen = 0
        var newSeen = 0
        var counted = 0
        for (index, operation) in operations.enumerated() {
            if case .keep = operation { continue }
            let range = max(0, index - context)..<min(operations.count, index + context + 1)
            if let last = result.last, range.lowerBound <= last.range.upperBound {
                result[result.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, range.upperBound)
                continue
            }
            for skipped in operations[counted..<range.lowerBound] {
                switch skipped {
                case .keep:
                    oldSeen += 1
                    newSeen += 1
                case .delete: oldSeen += 1
                case .insert: newSeen += 1
                }
            }
            counted = range.lowerBound
            result.append(Hunk(range: range, oldBefore: oldSeen, newBefore: newSeen))
        }
        return result
    }

    private static func header(_ hunk: Hunk, _ operations: [Operation]) -> String {
        var oldStart: Int?
        var newStart: Int?
        var oldCount = 0
        var newCount = 0
        for operation in operations[hunk.range] {
            switch operation {
            case .keep(let old, let new):
                oldStart = oldStart ?? old
                newStart = newStart ?? new
                oldCount += 1
                newCount += 1
            case .delete(let old):
                oldStart = oldStart ?? old
                oldCount += 1
            case .insert(let new):
                newStart = newStart ?? new
                newCount += 1
            }
        }
        return "@@ -\(range(oldStart.map { $0 + 1 } ?? hunk.oldBefore, oldCount)) +\(range(newStart.map { $0 + 1 } ?? hunk.newBefore, newCount)) @@\n"
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }
}
