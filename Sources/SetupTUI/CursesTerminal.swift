import CNcurses
import Glibc

/// The curses (ncursesw) terminal: the only code that talks to curses. Draws screen buffers, reads keys
/// with `wget_wch` (raw mode, so Ctrl-C arrives as a key), reports `KEY_RESIZE`, and restores the terminal.
/// Bracketed paste is on while it is open: a paste arrives as one `.paste` event.
public final class CursesTerminal: WizardTerminal {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let colorPairs: [ColorRole: Int16]
    private var restored = false
    /// Keys read ahead while decoding an escape sequence, delivered before the next read.
    private var pending: [WizardEvent] = []

    /// Why the terminal cannot be opened.
    public enum OpenError: Error, Sendable {
        /// `newterm` failed, e.g. TERM names no known terminal.
        case cannotInitialize(term: String)
    }

    /// Opens the terminal on standard input and output. Colours are used when the terminal has them
    /// and `useColor` is true (false when `NO_COLOR` is set).
    public init(useColor: Bool) throws(OpenError) {
        bsmtp_setlocale()
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
            let screen = newterm(nil, output, input)
        else {
            throw .cannotInitialize(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        self.screen = screen
        set_term(screen)
        guard let window = bsmtp_stdscr() else {
            endwin()
            delscreen(screen)
            throw .cannotInitialize(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        self.window = window
        raw()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        wtimeout(window, 40)
        var pairs: [ColorRole: Int16] = [:]
        if useColor, bsmtp_has_colors() != 0, start_color() != ERR {
            use_default_colors()
            let gray: Int16 = bsmtp_color_count() >= 16 ? 8 : -1
            // The title is drawn in reverse video (so that it shows on monochrome terminals too):
            // its pair names the colours the other way round.
            let colors: [(ColorRole, Int16, Int16)] = [
                (.title, Int16(COLOR_BLUE), Int16(COLOR_WHITE)), (.accent, Int16(COLOR_CYAN), -1),
                (.error, Int16(COLOR_RED), -1), (.ok, Int16(COLOR_GREEN), -1), (.warning, Int16(COLOR_YELLOW), -1),
                (.dim, gray, -1), (.removed, Int16(COLOR_RED), -1), (.added, Int16(COLOR_GREEN), -1),
            ]
            for (index, entry) in colors.enumerated() {
                let pair = Int16(index + 1)
                if init_pair(pair, entry.1, entry.2) != ERR { pairs[entry.0] = pair }
            }
        }
        colorPairs = pairs
        Self.writeControl(Self.bracketedPasteOn)
    }

    /// Turns bracketed paste on.
    static let bracketedPasteOn = "\u{1B}[?2004h"
    /// What gives the terminal back when a signal ends the process before `restore()` can run: bracketed
    /// paste off, attributes reset, cursor shown, the normal screen back (for `TerminalGuard`).
    public static let resetSequence = "\u{1B}[?2004l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n"

    private static func writeControl(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    deinit {
        restore()
        delscreen(screen)
    }

    /// The current size in cells.
    public var size: (columns: Int, rows: Int) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        bsmtp_size(window, &rows, &columns)
        return (Int(columns), Int(rows))
    }

    /// Copies the buffer to the screen and flushes it.
    public func draw(_ buffer: ScreenBuffer) {
        let current = size
        let rows = min(buffer.rows, current.rows)
        let columns = min(buffer.columns, current.columns)
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = buffer.cells[row][column]
                guard cell.width > 0, column + cell.width <= columns else { continue }
                let attributes = bsmtp_attributes(cell.style.bold ? 1 : 0, cell.style.reverse ? 1 : 0, cell.style.underline ? 1 : 0)
                let pair = colorPairs[cell.style.role] ?? 0
                var text = cell.character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                text.append(0)
                _ = bsmtp_put(window, Int32(row), Int32(column), text, Int32(text.count - 1), attributes, pair)
            }
        }
        if let cursor = buffer.cursor, cursor.row < rows, cursor.column < columns {
            curs_set(1)
            _ = bsmtp_move(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wrefresh(window)
    }

    /// Waits up to 40 ms for a key; decodes it, or reports a resize.
    public func nextEvent() -> WizardEvent? {
        if !pending.isEmpty { return pending.removeFirst() }
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == KEY_CODE_YES { return event(keyCode: Int32(bitPattern: character)) }
        guard result == OK, let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
        if scalar == "\u{1B}" { return escape() }
        return Key(scalar: scalar).map { .key($0) }
    }

    /// After an Esc: the Esc key when nothing came with it, else the escape sequence curses did not know
    /// (decoded by `EscapeSequence`, or ignored), read without waiting. Esc and a key right after it that
    /// starts no sequence (Alt-key, or a script typing fast) are both delivered.
    private func escape() -> WizardEvent? {
        wtimeout(window, 0)
        defer { wtimeout(window, 40) }
        var sequence: [Unicode.Scalar] = []
        while !EscapeSequence.isComplete(sequence) {
            var character: wint_t = 0
            let result = wget_wch(window, &character)
            if result == KEY_CODE_YES {
                pending = event(keyCode: Int32(bitPattern: character)).map { [$0] } ?? []
                return .key(.escape)
            }
            guard result == OK, let scalar = Unicode.Scalar(UInt32(character)) else { break }
            if scalar == "\u{1B}" {
                unget_wch(wchar_t(bitPattern: scalar.value))
                return .key(.escape)
            }
            sequence.append(scalar)
        }
        guard let first = sequence.first, first == "[" || first == "O" else {
            pending = sequence.compactMap { Key(scalar: $0).map { .key($0) } }
            return .key(.escape)
        }
        if EscapeSequence.isPasteStart(sequence) { return .paste(pasted()) }
        return EscapeSequence.key(for: sequence).map { .key($0) }
    }

    /// The text of a bracketed paste, read up to its end marker (`ESC [ 201 ~`), or until nothing more
    /// arrives for a second (a paste cut short).
    private func pasted() -> String {
        wtimeout(window, 1000)
        var scalars: [Unicode.Scalar] = []
        let end = Array("\u{1B}[201~".unicodeScalars)
        func ended() -> Bool { scalars.suffix(end.count).elementsEqual(end) }
        while !ended() {
            var character: wint_t = 0
            let result = wget_wch(window, &character)
            guard result == OK, let scalar = Unicode.Scalar(UInt32(character)) else { break }
            scalars.append(scalar)
        }
        if ended() { scalars.removeLast(end.count) }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A curses key code as an event: a resize, or a key the wizard knows.
    private func event(keyCode: Int32) -> WizardEvent? {
        if keyCode == KEY_RESIZE {
            let current = size
            return .resize(columns: current.columns, rows: current.rows)
        }
        return Self.decode(keyCode: keyCode).map { .key($0) }
    }

    /// Ends curses mode: the terminal gets its modes, cursor and screen back.
    public func restore() {
        guard !restored else { return }
        restored = true
        Self.writeControl("\u{1B}[?2004l")
        curs_set(1)
        endwin()
    }

    private static func decode(keyCode: Int32) -> Key? {
        switch keyCode {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case bsmtp_key_f(1): return .f1
        default: return nil
        }
    }
}
