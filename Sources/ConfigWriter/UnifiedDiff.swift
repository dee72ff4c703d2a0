/// A unified diff of two texts, line by line, with three lines of context (the format of `diff -u`).
enum UnifiedDiff {
    private enum Operation: Equatable {
        case keep(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// The diff of `old` and `new` under `---`/`+++` headers, or an empty string when they are equal.
    /// `display(isNew, index, text)` turns a line of the old or new text into what is shown (for masking secrets);
    /// lines are compared as they are.
    static func diff(
        old: [UInt8]?, new: [UInt8]?, oldLabel: String, newLabel: String,
        display: (Bool, Int, String) -> String = { _, _, text in text }
    ) -> String {
        let oldLines = lines(of: old ?? [])
        let newLines = lines(of: new ?? [])
        if oldLines == newLines && (old == nil) == (new == nil) { return "" }
        let operations = compare(oldLines, newLines)
        var output = "--- \(old == nil ? "/dev/null" : oldLabel)\n+++ \(new == nil ? "/dev/null" : newLabel)\n"
        for hunk in hunks(operations) {
            output += header(hunk, operations)
            for operation in operations[hunk] {
                switch operation {
                case .keep(let index, _): output += render(" ", oldLines[index]) { display(false, index, $0) }
                case .delete(let index): output += render("-", oldLines[index]) { display(false, index, $0) }
                case .insert(let index): output += render("+", newLines[index]) { display(true, index, $0) }
                }
            }
        }
        return output
    }

    private struct Line: Equatable {
        var text: String
        var terminated: Bool
    }

    private static func lines(of bytes: [UInt8]) -> [Line] {
        var result: [Line] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            result.append(Line(text: String(decoding: bytes[start..<offset], as: UTF8.self), terminated: true))
            start = offset + 1
        }
        if start < bytes.count { result.append(Line(text: String(decoding: bytes[start...], as: UTF8.self), terminated: false)) }
        return result
    }

    private static func render(_ prefix: String, _ line: Line, _ display: (String) -> String) -> String {
        var text = line.text
        if text.hasSuffix("\r") { text.removeLast() }
        return prefix + display(text) + "\n" + (line.terminated ? "" : "\\ No newline at end of file\n")
    }

    /// Longest-common-subsequence edit script; common prefix and suffix are matched first, so only the
    /// changed middle of a large file costs quadratic time.
    private static func compare(_ old: [Line], _ new: [Line]) -> [Operation] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let oldMiddle = Array(old[prefix..<(old.count - suffix)])
        let newMiddle = Array(new[prefix..<(new.count - suffix)])
        var length = [[Int]](repeating: [Int](repeating: 0, count: newMiddle.count + 1), count: oldMiddle.count + 1)
        for i in stride(from: oldMiddle.count - 1, through: 0, by: -1) {
            for j in stride(from: newMiddle.count - 1, through: 0, by: -1) {
                length[i][j] = oldMiddle[i] == newMiddle[j] ? length[i + 1][j + 1] + 1 : max(length[i + 1][j], length[i][j + 1])
            }
        }
        var operations = (0..<prefix).map { Operation.keep(old: $0, new: $0) }
        var i = 0
        var j = 0
        while i < oldMiddle.count || j < newMiddle.count {
            if i < oldMiddle.count, j < newMiddle.count, oldMiddle[i] == newMiddle[j] {
                operations.append(.keep(old: prefix + i, new: prefix + j))
                i += 1
                j += 1
            } else if i < oldMiddle.count, j == newMiddle.count || length[i + 1][j] >= length[i][j + 1] {
                operations.append(.delete(old: prefix + i))
                i += 1
            } else {
                operations.append(.insert(new: prefix + j))
                j += 1
            }
        }
        for k in 0..<suffix {
            operations.append(.keep(old: old.count - suffix + k, new: new.count - suffix + k))
        }
        return operations
    }

    /// Ranges of `operations` to print: each change with up to three kept lines around it, close changes merged.
    private static func hunks(_ operations: [Operation]) -> [Range<Int>] {
        let context = 3
        var result: [Range<Int>] = []
        for (index, operation) in operations.enumerated() {
            if case .keep = operation { continue }
            let range = max(0, index - context)..<min(operations.count, index + context + 1)
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    private static func header(_ hunk: Range<Int>, _ operations: [Operation]) -> String {
        var oldStart: Int?
        var newStart: Int?
        var oldCount = 0
        var newCount = 0
        for operation in operations[hunk] {
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
        let oldBefore = operations[..<hunk.lowerBound].filter { if case .insert = $0 { return false } else { return true } }.count
        let newBefore = operations[..<hunk.lowerBound].filter { if case .delete = $0 { return false } else { return true } }.count
        return "@@ -\(range(oldStart.map { $0 + 1 } ?? oldBefore, oldCount)) +\(range(newStart.map { $0 + 1 } ?? newBefore, newCount)) @@\n"
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }
}
