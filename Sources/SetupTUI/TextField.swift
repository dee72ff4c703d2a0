/// A one-line text input: UTF-8 editing by character (grapheme cluster), a cursor, and a view that
/// scrolls horizontally by display width. A masked field shows one `•` per character.
public struct TextField: Sendable, Equatable {
    /// The text typed so far.
    public private(set) var text: String
    /// The cursor position, in characters from the start.
    public private(set) var cursor: Int
    /// Whether the value is a secret shown as `•`.
    public let masked: Bool

    /// A field holding `text`, the cursor at its end.
    public init(_ text: String = "", masked: Bool = false) {
        self.text = text
        cursor = text.count
        self.masked = masked
    }

    /// Replaces the whole value, cursor at the end.
    public mutating func set(_ newText: String) {
        text = newText
        cursor = newText.count
    }

    /// Applies an editing key; returns false when the key is not an editing key (the screen handles it).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character): insert(character)
        case .backspace:
            guard cursor > 0 else { return true }
            let start = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: start)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        case .ctrlU: set("")
        default: return false
        }
        return true
    }

    /// Inserts `pasted` at the cursor as one piece, leaving out control characters (line breaks included: a
    /// paste never presses Enter).
    public mutating func insert(_ pasted: String) {
        let scalars = pasted.unicodeScalars.filter { !($0.value < 0x20 || (0x7F..<0xA0).contains($0.value)) }
        let clean = String(String.UnicodeScalarView(scalars))
        let index = text.index(text.startIndex, offsetBy: cursor)
        let head = String(text[..<index]) + clean
        text = head + text[index...]
        cursor = min(head.count, text.count)
    }

    /// What the field shows for its value: the text, or one `•` per character when masked.
    public var displayText: String {
        masked ? String(repeating: "•", count: text.count) : text
    }

    /// The visible part of the value for a field `width` cells wide, and the cursor's cell offset in it:
    /// the view scrolls so that the cursor stays visible.
    public func view(width: Int) -> (text: String, cursorColumn: Int) {
        let characters = Array(displayText)
        let widths = characters.map { max(DisplayWidth.of($0), 0) }
        var start = 0
        var cursorColumn = widths[0..<cursor].reduce(0, +)
        while cursorColumn >= width, start < cursor {
            cursorColumn -= widths[start]
            start += 1
        }
        var visible = ""
        var used = 0
        for index in start..<characters.count {
            if used + widths[index] > width { break }
            visible.append(characters[index])
            used += widths[index]
        }
        return (visible, cursorColumn)
    }

    private mutating func insert(_ character: Character) {
        let index = text.index(text.startIndex, offsetBy: cursor)
        let before = text[..<index]
        let after = text[index...]
        let head = String(before) + String(character)
        text = head + after
        cursor = min(head.count, text.count)
    }
}
