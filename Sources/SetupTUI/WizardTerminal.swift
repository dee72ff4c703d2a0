/// A full-screen terminal the wizard runtime draws on and reads keys from.
public protocol WizardTerminal: AnyObject {
    /// The current size.
    var size: (columns: Int, rows: Int) { get }
    /// Draws a buffer and flushes it to the screen.
    func draw(_ buffer: ScreenBuffer)
    /// Waits briefly (tens of milliseconds) for a key or resize; `nil` when none came.
    func nextEvent() -> WizardEvent?
    /// Gives the terminal back as it was (idempotent).
    func restore()
}
