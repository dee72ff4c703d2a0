/// How the end of a probe run fits between the stage list and the buttons: the diagnosis, the hint
/// (or the test message's acceptance) and every warning, shortened line by line until they fit;
/// warnings that still do not fit go to the status line.
struct ProbeOutcomeLayout {
    /// What a line shows, for its style.
    enum Kind {
        case diagnosis, hint, warning
    }

    /// The lines to draw, top down: text, column, kind.
    private(set) var lines: [(text: String, column: Int, kind: Kind)] = []
    /// Warnings without a line of their own.
    private(set) var overflow: [String] = []
    /// Whether the lines leave the first row blank (as a spacer under the stage list).
    private(set) var fitsBelowBlankRow = false

    init(outcome: ProbeOutcome, sentTest: Bool, width: Int, rows: Int) {
        let mark = outcome.ok ? "✓" : "✗"
        var diagnosis = TextWrap.lines("\(mark) \(outcome.code): \(outcome.message)", width: width - 3)
        var hint: [String] = []
        if let text = outcome.hint {
            hint = TextWrap.lines("Hint: \(text)", width: width - 5)
        } else if sentTest, outcome.ok {
            hint = ["The test message was accepted by the server."]
        }
        var warnings = outcome.warnings.map { TextWrap.lines("! \($0)", width: width - 5) }
        diagnosis = Self.shortened(diagnosis, to: 2)
        hint = Self.shortened(hint, to: 2)
        func total() -> Int { diagnosis.count + hint.count + warnings.reduce(0) { $0 + $1.count } }
        // A failure's diagnosis and hint matter most; after a success, the warnings do.
        if outcome.ok, total() > rows { diagnosis = Self.shortened(diagnosis, to: 1) }
        if outcome.ok, total() > rows { hint = Self.shortened(hint, to: 1) }
        for index in warnings.indices.reversed() where total() > rows {
            warnings[index] = Self.shortened(warnings[index], to: 1)
        }
        if total() > rows { hint = Self.shortened(hint, to: 1) }
        if total() > rows { diagnosis = Self.shortened(diagnosis, to: 1) }
        while total() > rows, let last = warnings.popLast() {
            overflow.insert(String(last.joined(separator: " ").dropFirst(2)), at: 0)
        }
        fitsBelowBlankRow = total() < rows
        lines = diagnosis.map { ($0, 2, .diagnosis) } + hint.map { ($0, 4, .hint) }
            + warnings.flatMap { $0.enumerated().map { ($0.element, $0.offset == 0 ? 2 : 4, Kind.warning) } }
    }

    /// At most `count` lines, the last one ending in `…` when lines were cut.
    private static func shortened(_ lines: [String], to count: Int) -> [String] {
        guard lines.count > count, count > 0 else { return lines }
        var kept = Array(lines.prefix(count))
        let cut = kept[count - 1]
        let width = DisplayWidth.of(cut) + 1
        kept[count - 1] = TextWrap.truncate(cut + " " + lines[count], width: width)
        return kept
    }
}
