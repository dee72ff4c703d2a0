/// Draws the wizard state into a screen buffer of the state's terminal size.
public func render(_ state: WizardState) -> ScreenBuffer {
    var canvas = Canvas(state: state, buffer: ScreenBuffer(columns: state.columns, rows: state.rows))
    if state.tooSmall {
        canvas.drawTooSmall()
    } else {
        canvas.drawFrame()
        switch state.step {
        case .start: canvas.drawStart()
        case .user: canvas.drawUser()
        case .endpoint: canvas.drawEndpoint()
        case .security: canvas.drawSecurity()
        case .secret: canvas.drawSecret()
        case .probe: canvas.drawProbe()
        case .review: canvas.drawReview()
        case .done: canvas.drawDone()
        }
        if state.detailsScroll != nil { canvas.drawDetails() }
        if state.showingHelp { canvas.drawHelp() }
    }
    return canvas.buffer
}

/// Row positions shared by the renderer and the state machine.
enum WizardLayout {
    /// The first content row.
    static let top = 3
    /// The column where field values start.
    static let fieldColumn = 16

    /// How many diff lines the review screen shows.
    static func reviewDiffRows(_ state: WizardState) -> Int { max(1, state.rows - 8 - reviewNotes(state).count) }

    /// The most rows the review screen gives to notes and warnings; the diff scrolls in the rest.
    static let reviewNoteRows = 8

    /// The lines of notes and warnings the review screen shows under the diff: every note, word-wrapped,
    /// each starting with `!`; when they need more than `reviewNoteRows` rows, the last row says how many did not fit.
    static func reviewNotes(_ state: WizardState) -> [String] {
        let notes: [String]
        switch state.review {
        case .ready, .writing: notes = state.reviewNotes
        default: return []
        }
        let width = state.columns - 5
        var lines: [String] = []
        for (index, note) in notes.enumerated() {
            let wrapped = TextWrap.lines(note, width: width)
            let room = reviewNoteRows - lines.count - (index == notes.count - 1 ? 0 : 1)
            guard wrapped.count <= room else {
                lines.append("! … and \(notes.count - index) more not shown")
                break
            }
            lines += wrapped.enumerated().map { $0.offset == 0 ? "! \($0.element)" : "  \($0.element)" }
        }
        return lines
    }
}

extension WizardLayout {
    /// What a line of the probe's outcome shows, for its style.
    enum OutcomeKind {
        case diagnosis, hint, warning
    }

    /// The stages listed one per row: all of them while the probe runs, then those not skipped (the skipped
    /// ones share one line, so that the outcome gets the room).
    static func listedStages(_ state: WizardState) -> [StageRow] {
        guard state.probe.outcome != nil else { return state.probe.stages }
        return state.probe.stages.filter { $0.status != .skipped }
    }

    /// The line naming the skipped stages after a run, or `nil`.
    static func skippedStagesLine(_ state: WizardState) -> String? {
        guard state.probe.outcome != nil else { return nil }
        let skipped = state.probe.stages.filter { $0.status == .skipped }.map(\.id)
        return skipped.isEmpty ? nil : "- skipped: " + skipped.joined(separator: ", ")
    }

    /// The first row below the stage list.
    static func belowStages(_ state: WizardState) -> Int {
        top + 1 + listedStages(state).count + (skippedStagesLine(state) == nil ? 0 : 1)
    }

    /// How many rows the probe's outcome gets between the stage list and the line above the buttons.
    static func outcomeRows(_ state: WizardState) -> Int { max(1, state.rows - belowStages(state) - 5) }

    /// The probe's outcome, every line of it: the diagnosis, the hint (or the test message's acceptance) and
    /// each warning, word-wrapped, nothing cut (the screen scrolls what does not fit).
    static func outcomeLines(_ state: WizardState) -> [(text: String, column: Int, kind: OutcomeKind)] {
        guard let outcome = state.probe.outcome else { return [] }
        let width = state.columns
        var lines = TextWrap.lines("\(outcome.ok ? "✓" : "✗") \(outcome.code.rawValue): \(outcome.message)", width: width - 3)
            .map { (text: $0, column: 2, kind: OutcomeKind.diagnosis) }
        if let hint = outcome.hint {
            lines += TextWrap.lines("Hint: \(hint)", width: width - 5).map { ($0, 4, .hint) }
        } else if state.probe.sentTest, outcome.ok {
            lines.append(("The test message was accepted by the server.", 4, .hint))
        }
        for warning in outcome.warnings {
            lines += TextWrap.lines("! \(warning.code.rawValue): \(warning.message)", width: width - 5).enumerated().map { ($0.element, $0.offset == 0 ? 2 : 4, .warning) }
        }
        return lines
    }

    /// The details view's lines: the report as `probe` prints it, wrapped to the screen.
    static func detailLines(_ state: WizardState) -> [String] {
        let details = state.probe.outcome?.details ?? []
        return details.flatMap { line in line.isEmpty ? [""] : TextWrap.lines(line, width: state.columns - 4) }
    }

    /// How many lines of details fit on the screen.
    static func detailRows(_ state: WizardState) -> Int { max(1, state.rows - top - 3) }
}

extension WizardState {
    /// The notes the review shows beside the diff (both views): a reminder when the probe failed and the
    /// administrator continued anyway, then the plan's notes and warnings.
    var reviewNotes: [String] {
        var notes: [String] = []
        if let failed = continuedAfterFailure {
            notes.append("The probe failed (\(failed.code.rawValue)): these settings did not work when tested; the server will fail the same way.")
        }
        switch review {
        case .ready(let preview), .writing(let preview):
            notes += preview.repairs.map { "Repair: \($0)" }
            if summary.offersRepairs, !applyRepairs {
                notes.append("Repairs left out: the file keeps what the server would refuse or misread (With repairs puts them back).")
            }
            notes += preview.notes
        default: break
        }
        return notes
    }
}

/// The renderer's drawing helpers over one buffer.
struct Canvas {
    let state: WizardState
    var buffer: ScreenBuffer

    static let titleStyle = CellStyle(bold: true, reverse: true, role: .title)
    static let labelStyle = CellStyle(bold: true)
    static let focusStyle = CellStyle(bold: true, role: .accent)
    static let selectedStyle = CellStyle(reverse: true, role: .accent)
    static let errorStyle = CellStyle(bold: true, role: .error)
    static let okStyle = CellStyle(role: .ok)
    static let warningStyle = CellStyle(role: .warning)
    static let dimStyle = CellStyle(role: .dim)

    var width: Int { buffer.columns }

    mutating func drawTooSmall() {
        let lines = [
            "Terminal too small: \(state.columns)×\(state.rows).",
            "The wizard needs at least \(WizardState.minimumSize.columns)×\(WizardState.minimumSize.rows).",
            "Enlarge the window to continue;",
            "Ctrl-C cancels without writing.",
        ]
        let top = max(0, (state.rows - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let column = max(0, (state.columns - DisplayWidth.of(line)) / 2)
            buffer.write(line, row: top + offset, column: column, style: offset == 0 ? Self.errorStyle : .plain)
        }
    }

    mutating func drawFrame() {
        buffer.fill(row: 0, column: 0, count: width, style: Self.titleStyle)
        buffer.write(" bomnipotent-smtp · SMTP setup", row: 0, column: 0, style: Self.titleStyle)
        let position = " Step \(state.step.rawValue + 1) of \(WizardStep.allCases.count): \(state.step.title) "
        buffer.write(position, row: 0, column: width - DisplayWidth.of(position), style: Self.titleStyle)
        var column = 1
        for step in WizardStep.allCases {
            if step != .start { column = buffer.write(" › ", row: 1, column: column, style: Self.dimStyle) }
            let current = step == state.step
            let style = current ? CellStyle(bold: true, underline: true, role: .accent) : Self.dimStyle
            let title = current ? "[\(step.title)]" : step.title
            column = buffer.write(title, row: 1, column: column, style: style)
        }
        if let status = state.status {
            buffer.write(TextWrap.truncate(status, width: width - 2), row: state.rows - 2, column: 1, style: Self.warningStyle)
        }
        buffer.write(footer, row: state.rows - 1, column: 1, style: Self.dimStyle)
    }

    var footer: String {
        switch state.step {
        case .start where state.layoutQuestion != nil: return "↑/↓ choose the version · Enter confirm · Esc back · F1 help · Ctrl-C cancel"
        case .start: return "↑/↓ select · Tab layout · Enter choose · Esc quit · F1 help · Ctrl-C cancel"
        case .probe where state.probe.running: return "Probing… · Esc back · Ctrl-C cancel"
        case .probe: return "←/→ choose · Enter press · Tab address · d details · Esc back · F1 help"
        case .review: return "←/→ choose · Enter press · ↑/↓ PgUp/PgDn scroll · Esc back · Ctrl-C cancel"
        case .done where WizardLayout.doneLines(state).count > WizardLayout.doneRows(state): return "Enter quit · ↑/↓ PgUp/PgDn scroll"
        case .done: return "Enter quit"
        case .endpoint where state.suggestedProvider != nil:
            return "Enter next · Ctrl-P provider · Esc back · Tab move · F1 help · Ctrl-C cancel"
        default: return "Enter next · Esc back · Tab/↑/↓ move · F1 help · Ctrl-C cancel"
        }
    }

    // MARK: Widgets

    /// A paragraph of text, never over the footer line; returns the row after it.
    @discardableResult
    mutating func paragraph(_ text: String, row: Int, column: Int = 2, style: CellStyle = .plain, maxLines: Int = 4) -> Int {
        var current = row
        let room = min(maxLines, max(0, buffer.rows - 1 - row))
        for line in TextWrap.lines(text, width: width - column - 1).prefix(room) {
            buffer.write(line, row: current, column: column, style: style)
            current += 1
        }
        return current
    }

    /// A labelled text field; its error below it. Returns the row after it.
    @discardableResult
    mutating func field(_ label: String, _ field: TextField, item: FocusItem, row: Int, fieldWidth: Int? = nil) -> Int {
        let focused = state.focus == item && !state.showingHelp
        if focused { buffer.write("›", row: row, column: 0, style: Self.focusStyle) }
        buffer.write(label, row: row, column: 2, style: focused ? Self.focusStyle : Self.labelStyle)
        let column = WizardLayout.fieldColumn
        let inner = min(fieldWidth ?? 56, width - column - 3)
        buffer.write("[", row: row, column: column, style: .plain)
        let view = field.view(width: inner)
        let fieldStyle = CellStyle(underline: true, role: focused ? .accent : .normal)
        buffer.fill(row: row, column: column + 1, count: inner, style: fieldStyle)
        buffer.write(view.text, row: row, column: column + 1, style: fieldStyle, limit: inner)
        buffer.write("]", row: row, column: column + 1 + inner, style: .plain)
        if focused { buffer.cursor = (row, column + 1 + view.cursorColumn) }
        var next = row + 1
        if let error = state.errors[item] {
            next = paragraph(error, row: next, column: column, style: Self.errorStyle, maxLines: 5)
        }
        return next
    }

    /// A radio list of options. Returns the row after it.
    @discardableResult
    mutating func choices(_ labels: [String], selected: Int, item: FocusItem, row: Int) -> Int {
        let focused = state.focus == item && !state.showingHelp
        for (index, label) in labels.enumerated() {
            let isSelected = index == selected
            if focused, isSelected { buffer.write("›", row: row + index, column: 0, style: Self.focusStyle) }
            buffer.write(isSelected ? "●" : "○", row: row + index, column: 2, style: isSelected ? Self.focusStyle : .plain)
            let style = focused && isSelected ? Self.selectedStyle : (isSelected ? Self.labelStyle : .plain)
            buffer.write(label, row: row + index, column: 4, style: style)
        }
        var next = row + labels.count
        if let error = state.errors[item] {
            next = paragraph(error, row: next, column: 4, style: Self.errorStyle, maxLines: 2)
        }
        return next
    }

    /// The screen's buttons in a row.
    mutating func buttonRow(row: Int) {
        let focused = state.focus == .buttons && !state.showingHelp
        if focused { buffer.write("›", row: row, column: 0, style: Self.focusStyle) }
        var column = 2
        for (index, button) in state.buttons.enumerated() {
            let selected = index == state.buttonIndex
            let text = selected ? "[▶ \(button.label) ]" : "[  \(button.label) ]"
            let style = selected && focused ? Self.selectedStyle : (selected ? Self.labelStyle : .plain)
            column = buffer.write(text, row: row, column: column, style: style) + 2
        }
    }

    mutating func drawHelp() {
        var lines = [state.step.title]
        lines += TextWrap.lines(state.step.help, width: 64)
        lines += [
            "",
            "Enter next step, or press the selected button · Esc back",
            "Tab, Shift-Tab, ↑ ↓ move · ← → choose · Ctrl-U clear a field",
            "PgUp PgDn scroll · d probe details · F1, ? this help",
            "Ctrl-C cancels without writing anything.",
            "",
            "Nothing is written before you press Write on the review screen.",
            "Press any key to close this help.",
        ]
        let boxWidth = 70
        let left = max(0, (width - boxWidth) / 2)
        let top = max(2, min(4, state.rows - lines.count - 3))
        for row in top..<(top + lines.count + 2) {
            buffer.fill(row: row, column: left, count: boxWidth, style: CellStyle(reverse: true))
        }
        buffer.write("┌" + String(repeating: "─", count: boxWidth - 2) + "┐", row: top, column: left, style: CellStyle(reverse: true))
        for (offset, line) in lines.enumerated() {
            let style = offset == 0 ? CellStyle(bold: true, reverse: true) : CellStyle(reverse: true)
            buffer.write("│", row: top + 1 + offset, column: left, style: CellStyle(reverse: true))
            buffer.write(line, row: top + 1 + offset, column: left + 2, style: style)
            buffer.write("│", row: top + 1 + offset, column: left + boxWidth - 1, style: CellStyle(reverse: true))
        }
        buffer.write(
            "└" + String(repeating: "─", count: boxWidth - 2) + "┘", row: top + lines.count + 1, column: left,
            style: CellStyle(reverse: true))
        buffer.cursor = nil
    }
}

extension Canvas {
    /// The probe's report in full, as `probe` prints it, over the screen; it scrolls.
    mutating func drawDetails() {
        let lines = WizardLayout.detailLines(state)
        let rows = WizardLayout.detailRows(state)
        let first = state.detailsScroll ?? 0
        for row in 2..<(state.rows - 1) { buffer.fill(row: row, column: 0, count: width, style: .plain) }
        var header = "Probe details (as `bomnipotent-smtp probe` prints them)"
        if lines.count > rows { header += "  lines \(first + 1)–\(min(lines.count, first + rows)) of \(lines.count)" }
        buffer.write(TextWrap.truncate(header, width: width - 3), row: 2, column: 2, style: Self.labelStyle)
        for (offset, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            buffer.write(line, row: WizardLayout.top + offset, column: 2)
        }
        buffer.fill(row: state.rows - 1, column: 0, count: width, style: .plain)
        buffer.write("↑/↓ PgUp/PgDn scroll · d, Esc or Enter close", row: state.rows - 1, column: 1, style: Self.dimStyle)
        buffer.cursor = nil
    }
}
