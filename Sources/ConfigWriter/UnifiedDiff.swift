/// A unified diff of two texts, line by line, with three lines of context (the format of `diff -u`).
///
/// Lines are compared as bytes. The common prefix and suffix lines are found by comparing bytes, without
/// splitting them into lines; only the changed middle and its context are split, and Myers' algorithm finds a
/// shortest edit script of the middle in time proportional to its size times the number of changed lines;
/// past `maximumEdits` changed lines the middle is shown as deleted and inserted whole, so a large rewrite
/// costs linear time. An edit of a large file costs one pass over its bytes.
enum UnifiedDiff {
    private enum Operation: Equatable {
        case keep(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// The most changed lines for which a shortest edit script is searched.
    static let maximumEdits = 2_000
    /// The kept lines shown around a change.
    static let context = 3

    /// The diff of `old` and `new` under `---`/`+++` headers, or an empty string when they are equal.
    /// `display(isNew, index)`, when given, is what line `index` of the old or new text shows (for masking
    /// secrets); otherwise a line shows as it is, without a final `\r`. Lines are compared as they are.
    ///
    /// The text is built in a buffer sized for the lines shown, and a line's text is made once: a file of one
    /// long line costs that line about twice, not once for each step of building it.
    static func diff(
        old: [UInt8]?, new: [UInt8]?, oldLabel: String, newLabel: String, display: ((Bool, Int) -> String)? = nil
    ) -> String {
        if old == new { return "" }
        let window = Window(old ?? [], new ?? [])
        let oldLines = Lines(old ?? [], window.old, first: window.firstLine)
        let newLines = Lines(new ?? [], window.new, first: window.firstLine)
        let operations = compare(oldLines, newLines, keptBefore: window.contextBefore, keptAfter: window.contextAfter)
        var output = "--- \(old == nil ? "/dev/null" : oldLabel)\n+++ \(new == nil ? "/dev/null" : newLabel)\n"
        let hunks = hunks(operations, linesBefore: window.firstLine)
        output.reserveCapacity(output.utf8.count + hunks.reduce(0) { total, hunk in
            operations[hunk.range].reduce(total + 64) { sum, operation in
                switch operation {
                case .keep(let index, _), .delete(let index): return sum + oldLines.length(index) + 32
                case .insert(let index): return sum + newLines.length(index) + 32
                }
            }
        })
        for hunk in hunks {
            output += header(hunk, operations)
            for operation in operations[hunk.range] {
                switch operation {
                case .keep(let index, _): render(" ", oldLines, index, isNew: false, display, into: &output)
                case .delete(let index): render("-", oldLines, index, isNew: false, display, into: &output)
                case .insert(let index): render("+", newLines, index, isNew: true, display, into: &output)
                }
            }
        }
        return output
    }

    /// The part of both texts a diff looks at: the changed middle (between the common prefix and suffix lines)
    /// with up to `context` common lines on each side, as byte ranges; the lines before it are the same in both.
    private struct Window {
        var old: Range<Int>
        var new: Range<Int>
        /// The index of the window's first line (in both texts).
        var firstLine: Int
        /// How many common lines the window holds before and after the middle.
        var contextBefore: Int
        var contextAfter: Int

        init(_ old: [UInt8], _ new: [UInt8]) {
            let newline = UInt8(ascii: "\n")
            // Common prefix lines: those whose line feed lies before the first differing byte.
            let limit = min(old.count, new.count)
            var differing = 0
            while differing < limit, old[differing] == new[differing] { differing += 1 }
            var prefixLines = 0
            var prefixEnd = 0
            for offset in 0..<differing where old[offset] == newline {
                prefixLines += 1
                prefixEnd = offset + 1
            }
            // Common suffix lines: whole lines within the common suffix bytes, which do not reach into the prefix.
            var suffix = 0
            let suffixLimit = limit - prefixEnd
            while suffix < suffixLimit, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
            var oldSuffixStart = old.count - suffix
            var newSuffixStart = new.count - suffix
            let startsLine = { (bytes: [UInt8], offset: Int) in offset == 0 || bytes[offset - 1] == newline }
            if !(startsLine(old, oldSuffixStart) && startsLine(new, newSuffixStart)) {
                var offset = oldSuffixStart
                while offset < old.count, old[offset] != newline { offset += 1 }
                let skipped = min(old.count, offset + 1) - oldSuffixStart
                oldSuffixStart += skipped
                newSuffixStart += skipped
            }
            // Up to `context` lines on each side.
            var start = prefixEnd
            contextBefore = 0
            while contextBefore < UnifiedDiff.context, start > 0 {
                start -= 1
                while start > 0, old[start - 1] != newline { start -= 1 }
                contextBefore += 1
            }
            var oldEnd = oldSuffixStart
            contextAfter = 0
            while contextAfter < UnifiedDiff.context, oldEnd < old.count {
                while oldEnd < old.count, old[oldEnd] != newline { oldEnd += 1 }
                oldEnd = min(old.count, oldEnd + 1)
                contextAfter += 1
            }
            self.old = start..<oldEnd
            self.new = start..<(newSuffixStart + oldEnd - oldSuffixStart)
            firstLine = prefixLines - contextBefore
        }
    }

    /// The lines of a range of a text that starts a line: byte ranges without their line feed, and a hash of
    /// each for quick comparison. Lines are numbered in the whole text, from `first`.
    private struct Lines {
        let bytes: [UInt8]
        let first: Int
        private(set) var ranges: [Range<Int>] = []
        private(set) var hashes: [UInt64] = []
        /// Whether the last line ends with a line feed.
        private(set) var lastTerminated = true

        init(_ bytes: [UInt8], _ window: Range<Int>, first: Int) {
            self.bytes = bytes
            self.first = first
            var start = window.lowerBound
            var hash: UInt64 = 14_695_981_039_346_656_037
            for offset in window {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\n") {
                    ranges.append(start..<offset)
                    hashes.append(hash)
                    hash = 14_695_981_039_346_656_037
                    start = offset + 1
                } else {
                    hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
                }
            }
            if start < window.upperBound {
                ranges.append(start..<window.upperBound)
                hashes.append(hash ^ 1)
                lastTerminated = false
            }
        }

        /// The index after the last line.
        var end: Int { first + ranges.count }

        func isTerminated(_ index: Int) -> Bool { index < end - 1 || lastTerminated }

        func text(_ index: Int) -> String { String(decoding: bytes[ranges[index - first]], as: UTF8.self) }

        /// The bytes of line `index`, its line feed included.
        func length(_ index: Int) -> Int { ranges[index - first].count }

        /// Whether line `index` equals line `other` of `lines`, bytes and line feed alike.
        func line(_ index: Int, equals other: Int, of lines: Lines) -> Bool {
            hashes[index - first] == lines.hashes[other - lines.first]
                && bytes[ranges[index - first]].elementsEqual(lines.bytes[lines.ranges[other - lines.first]])
        }
    }

    /// Appends line `index` of `lines` (of the new text when `isNew`) after `prefix`: as `display` shows it, or
    /// as it is without a final `\r`.
    private static func render(
        _ prefix: String, _ lines: Lines, _ index: Int, isNew: Bool, _ display: ((Bool, Int) -> String)?, into output: inout String
    ) {
        output += prefix
        if let display {
            output += display(isNew, index)
        } else {
            var text = lines.text(index)
            if text.hasSuffix("\r") { text.removeLast() }
            output += text
        }
        output += lines.isTerminated(index) ? "\n" : "\n\\ No newline at end of file\n"
    }

    /// The edit script of the window: its first `keptBefore` and last `keptAfter` lines kept, the middle by
    /// `middle`.
    private static func compare(_ old: Lines, _ new: Lines, keptBefore: Int, keptAfter: Int) -> [Operation] {
        let first = old.first
        var operations = (first..<(first + keptBefore)).map { Operation.keep(old: $0, new: $0) }
        operations += middle(old, (first + keptBefore)..<(old.end - keptAfter), new, (first + keptBefore)..<(new.end - keptAfter))
        operations += (0..<keptAfter).map { Operation.keep(old: old.end - keptAfter + $0, new: new.end - keptAfter + $0) }
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
    /// `linesBefore` lines, the same in both texts, come before the first operation.
    private static func hunks(_ operations: [Operation], linesBefore: Int) -> [Hunk] {
        var result: [Hunk] = []
        var oldSeen = linesBefore
        var newSeen = linesBefore
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
