/// Escape sequences that curses did not recognise for the terminal named by TERM, decoded by hand.
///
/// When TERM does not match the terminal (e.g. `xterm-256color` inside tmux or screen, which send
/// `ESC [ 1 ~` for Home), curses hands the sequence over as Esc followed by plain characters. Taken
/// literally, Home would go back a step and then type `[1~`. The terminal reads the bytes that arrived
/// together with an Esc and asks this decoder what they were: a known key, or nothing (ignored).
/// A lone Esc, or Esc and a key that starts no sequence, stays the Esc key (and that key).
public enum EscapeSequence {
    /// Whether `scalars` (the characters after Esc so far) form a whole sequence: CSI (`[` … final byte),
    /// SS3 (`O` and one more), or any other single character (which starts no sequence).
    public static func isComplete(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let first = scalars.first else { return false }
        switch first {
        case "[":
            guard scalars.count >= 2, let last = scalars.last else { return false }
            if scalars.count == 2, last == "[" { return false }
            return (0x40...0x7E).contains(last.value)
        case "O": return scalars.count >= 2
        default: return true
        }
    }

    /// Whether the sequence starts a bracketed paste (`ESC [ 200 ~`).
    public static func isPasteStart(_ scalars: [Unicode.Scalar]) -> Bool {
        scalars == Array("[200~".unicodeScalars)
    }

    /// The key a whole CSI or SS3 sequence stands for, or `nil` for one the wizard ignores (e.g. F5).
    public static func key(for scalars: [Unicode.Scalar]) -> Key? {
        guard let first = scalars.first, let last = scalars.last, scalars.count >= 2 else { return nil }
        if first == "O" { return ss3(last) }
        guard first == "[" else { return nil }
        if scalars.count == 3, scalars[1] == "[" { return last == "A" ? .f1 : nil }
        let parameters = String(String.UnicodeScalarView(scalars.dropFirst().dropLast()))
        if last == "~" {
            let number = parameters.split(separator: ";").first.flatMap { Int($0) }
            switch number {
            case 1?, 7?: return .home
            case 4?, 8?: return .end
            case 3?: return .delete
            case 5?: return .pageUp
            case 6?: return .pageDown
            case 11?: return .f1
            default: return nil
            }
        }
        switch last {
        case "Z": return .backTab
        case "P": return parameters.isEmpty || parameters == "1" ? .f1 : nil
        case "M": return nil
        default: return ss3(last)
        }
    }

    private static func ss3(_ final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "M": return .enter
        case "P": return .f1
        default: return nil
        }
    }
}
