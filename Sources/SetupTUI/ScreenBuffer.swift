/// The colour role of a cell; the terminal maps roles to colours, or to nothing on monochrome terminals.
public enum ColorRole: Sendable, Equatable, CaseIterable {
    /// The terminal's default colours.
    case normal
    /// The title bar.
    case title
    /// Focused or selected items.
    case accent
    /// Errors (always also written as text).
    case error
    /// Successful stages and results.
    case ok
    /// Warnings and notes.
    case warning
    /// Secondary text.
    case dim
    /// Removed lines of a diff.
    case removed
    /// Added lines of a diff.
    case added
}

/// How one cell is drawn.
public struct CellStyle: Sendable, Equatable {
    /// Bold text.
    public var bold: Bool
    /// Reverse video.
    public var reverse: Bool
    /// Underlined text.
    public var underline: Bool
    /// The colour role.
    public var role: ColorRole

    /// Creates a style.
    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, role: ColorRole = .normal) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.role = role
    }

    /// Plain text.
    public static let plain = CellStyle()
}

/// One terminal cell: a character, its display width and style. A wide character occupies its cell
/// and the next one, which holds a continuation (`width == 0`, empty text).
public struct Cell: Sendable, Equatable {
    /// The character drawn in this cell (empty for the continuation of a wide character).
    public var character: String
    /// The display width: 1, 2 for a wide character, 0 for a continuation.
    public var width: Int
    /// The style.
    public var style: CellStyle

    /// A blank cell.
    public static let blank = Cell(character: " ", width: 1, style: .plain)
}

/// A grid of cells the renderer draws into and the terminal copies to the screen.
public struct ScreenBuffer: Sendable, Equatable {
    /// Number of columns.
    public let columns: Int
    /// Number of rows.
    public let rows: Int
    /// The cells, row by row.
    public private(set) var cells: [[Cell]]
    /// Where the terminal cursor goes (row, column), or `nil` to hide it.
    public var cursor: (row: Int, column: Int)? {
        get { cursorPosition.map { ($0.row, $0.column) } }
        set { cursorPosition = newValue.map { CursorPosition(row: $0.row, column: $0.column) } }
    }

    private var cursorPosition: CursorPosition?

    private struct CursorPosition: Sendable, Equatable {
        var row: Int
        var column: Int
    }

    /// A blank buffer of the given size.
    public init(columns: Int, rows: Int) {
        self.columns = max(columns, 0)
        self.rows = max(rows, 0)
        cells = Array(repeating: Array(repeating: .blank, count: self.columns), count: self.rows)
    }

    /// The text of each row with trailing spaces removed: what tests compare with golden files.
    public var lines: [String] {
        cells.map { row in
            var line = ""
            for cell in row where cell.width > 0 { line += cell.character }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// Writes `text` at (`row`, `column`), clipped to `limit` cells (default: to the right edge);
    /// returns the column after the last cell written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
        guard row >= 0, row < rows, column >= 0 else { return column }
        let end = min(columns, column + (limit ?? columns))
        var col = column
        for character in text {
            var width = DisplayWidth.of(character)
            if width == 0 {
                if col > column, let previous = lastCharacterColumn(row: row, before: col) {
                    cells[row][previous].character.append(character)
                }
                continue
            }
            width = min(width, 2)
            guard col + width <= end else { break }
            clearWide(row: row, column: col)
            cells[row][col] = Cell(character: String(character), width: width, style: style)
            if width == 2 {
                clearWide(row: row, column: col + 1)
                cells[row][col + 1] = Cell(character: "", width: 0, style: style)
            }
            col += width
        }
        return col
    }

    /// Fills `count` cells of a row with spaces in `style` (used for bars and highlighted lines).
    public mutating func fill(row: Int, column: Int, count: Int, style: CellStyle) {
        guard row >= 0, row < rows else { return }
        for col in max(column, 0)..<min(columns, column + count) {
            clearWide(row: row, column: col)
            cells[row][col] = Cell(character: " ", width: 1, style: style)
        }
    }

    private func lastCharacterColumn(row: Int, before column: Int) -> Int? {
        var col = column - 1
        while col >= 0 {
            if cells[row][col].width > 0 { return col }
            col -= 1
        }
        return nil
    }

    private mutating func clearWide(row: Int, column: Int) {
        guard column < columns else { return }
        if cells[row][column].width == 0, column > 0, cells[row][column - 1].width == 2 {
            cells[row][column - 1] = .blank
        }
        if cells[row][column].width == 2, column + 1 < columns {
            cells[row][column + 1] = .blank
        }
    }
}
