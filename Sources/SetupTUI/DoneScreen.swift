/// One row of the Done screen: its text, column and what it is, for the style.
struct DoneLine: Equatable {
    /// The text of the row.
    var text: String
    /// The column it starts in.
    var column: Int
    /// What it is.
    var kind: Kind

    /// What the row shows.
    enum Kind: Equatable {
        case heading, label, plain, command, warning
    }
}

extension WizardLayout {
    /// The Done screen, every row of it: the files written, the backups, the repairs made, the next step and each
    /// warning in full (the screen scrolls what does not fit, nothing is cut).
    static func doneLines(_ state: WizardState) -> [DoneLine] {
        let width = state.columns
        let written = state.written ?? WriteOutcome(writtenFiles: [], backupFiles: [])
        var lines = [DoneLine(text: written.writtenFiles.isEmpty ? "✓ Nothing needed to change." : "✓ Written:", column: 2, kind: .heading)]
        func wrap(_ text: String, column: Int, kind: DoneLine.Kind, hanging: Int = 0) {
            for (index, row) in TextWrap.lines(text, width: width - column - 1 - hanging).enumerated() {
                lines.append(DoneLine(text: row, column: column + (index == 0 ? 0 : hanging), kind: kind))
            }
        }
        func blank() { lines.append(DoneLine(text: "", column: 0, kind: .plain)) }
        lines += written.writtenFiles.map { DoneLine(text: TextWrap.truncateLeft($0, width: width - 7), column: 6, kind: .plain) }
        if !written.backupFiles.isEmpty {
            blank()
            lines.append(DoneLine(text: "Backups of the previous content:", column: 2, kind: .label))
            lines += written.backupFiles.map { DoneLine(text: TextWrap.truncateLeft($0, width: width - 7), column: 6, kind: .plain) }
        }
        if !written.repairs.isEmpty {
            blank()
            lines.append(DoneLine(text: "Repaired:", column: 2, kind: .label))
            for repair in written.repairs { wrap(repair, column: 6, kind: .plain) }
        }
        blank()
        if state.mode == .skip {
            for line in state.skipNextStepLines {
                let command = line.hasPrefix(" ")
                wrap(String(line.drop { $0 == " " }), column: command ? 6 : 2, kind: command ? .command : .plain)
            }
        } else {
            lines.append(DoneLine(text: "Next step:", column: 2, kind: .label))
            for line in state.nextStepLines {
                if line.hasPrefix(" ") {
                    wrap(String(line.drop { $0 == " " }), column: 6, kind: .command)
                } else {
                    wrap(line, column: 4, kind: .plain)
                }
            }
        }
        for warning in written.warnings { wrap("! \(warning)", column: 2, kind: .warning) }
        return lines
    }

    /// How many rows of the Done screen's lines are shown: all up to the row above the scroll line and buttons.
    static func doneRows(_ state: WizardState) -> Int { max(1, state.rows - top - 4) }
}

extension Canvas {
    mutating func drawDone() {
        let lines = WizardLayout.doneLines(state)
        let room = WizardLayout.doneRows(state)
        let first = min(state.doneScroll, max(0, lines.count - room))
        var row = WizardLayout.top
        for line in lines.dropFirst(first).prefix(room) {
            let style: CellStyle
            switch line.kind {
            case .heading: style = CellStyle(bold: true, role: .ok)
            case .label: style = Self.labelStyle
            case .plain: style = .plain
            case .command: style = CellStyle(bold: true, role: .accent)
            case .warning: style = Self.warningStyle
            }
            buffer.write(line.text, row: row, column: line.column, style: style)
            row += 1
        }
        guard lines.count > room else { return buttonRow(row: row + 1) }
        let last = first + min(room, lines.count - first)
        let more = "lines \(first + 1)–\(last) of \(lines.count) · PgUp/PgDn scroll"
        buffer.write(more, row: row, column: width - DisplayWidth.of(more) - 1, style: Self.dimStyle)
        buttonRow(row: row + 1)
    }
}
