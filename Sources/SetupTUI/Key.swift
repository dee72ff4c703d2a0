/// A key press, decoded from the terminal into what the wizard reacts to.
public enum Key: Sendable, Equatable {
    /// A printable character typed by the user (may be a combining mark, which joins the previous character).
    case character(Character)
    /// Enter / Return.
    case enter
    /// Escape.
    case escape
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Home (or Ctrl-A in a text field).
    case home
    /// End (or Ctrl-E in a text field).
    case end
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Backspace.
    case backspace
    /// Delete (the character under the cursor).
    case delete
    /// F1: help.
    case f1
    /// Ctrl-C: cancel without writing (arrives as a key in raw mode).
    case ctrlC
    /// Ctrl-U: clear the text field.
    case ctrlU
    /// Ctrl-P: take the known provider's endpoint on the Endpoint screen.
    case ctrlP

    /// Decodes a control or printable Unicode scalar as read from the terminal; `nil` for ones the wizard ignores.
    public init?(scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x01: self = .home
        case 0x03: self = .ctrlC
        case 0x05: self = .end
        case 0x08, 0x7F: self = .backspace
        case 0x09: self = .tab
        case 0x0A, 0x0D: self = .enter
        case 0x10: self = .ctrlP
        case 0x15: self = .ctrlU
        case 0x1B: self = .escape
        case 0x00..<0x20, 0x80..<0xA0: return nil
        default: self = .character(Character(scalar))
        }
    }
}
