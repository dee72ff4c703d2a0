#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal modes to put back when a signal ends the process; only `TerminalGuard` writes them.
nonisolated(unsafe) private var guardedModes = termios()
/// Whether `guardedModes` holds modes to restore.
nonisolated(unsafe) private var guardedModesValid = false
/// Bytes written to standard output before the signal ends the process (e.g. leaving the alternate screen).
nonisolated(unsafe) private var guardedReset: [UInt8] = []

/// The one place that gives the terminal back (SPEC §8): whoever changes the terminal's modes (the full-screen
/// wizard's raw mode, an unechoed secret prompt) holds a guard while it does. On SIGINT, SIGTERM or SIGHUP the guard
/// restores the modes saved when it was made, writes the reset sequence, and lets the signal end the process as it
/// would have (exit status 128 + the signal's number). On a normal end or an error, `release()` restores them.
///
/// It composes with `InterruptDeferral`: while files are written a signal is held back, and raised again into
/// this guard's handler once the files are all old or all new.
public final class TerminalGuard {
    private var previous: [(Int32, sigaction)] = []
    /// The outer guard's modes and reset sequence, put back on release (guards nest).
    private let outer: (modes: termios, valid: Bool, reset: [UInt8])
    private let modes: termios
    private let hasModes: Bool
    private var released = false

    /// Saves the modes of standard input (when it is a terminal) and installs the handlers. `resetSequence` is
    /// written to standard output when a signal arrives.
    public init(resetSequence: String = "") {
        outer = (guardedModes, guardedModesValid, guardedReset)
        var current = termios()
        hasModes = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &current) == 0
        modes = current
        if hasModes {
            guardedModes = current
            guardedModesValid = true
        }
        if !resetSequence.isEmpty || !outer.valid { guardedReset = Array(resetSequence.utf8) }
        for signal in InterruptDeferral.signals {
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            #if canImport(Darwin)
            action.__sigaction_u.__sa_handler = restoreAndRaise
            #else
            action.__sigaction_handler.sa_handler = restoreAndRaise
            #endif
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { previous.append((signal, old)) }
        }
    }

    deinit { release() }

    /// Puts the saved modes and the previous handlers back (idempotent). Input typed but not yet read is
    /// discarded (keys pressed in the full-screen wizard are not handed to the shell).
    public func release() {
        release(discardingInput: true)
    }

    private func release(discardingInput: Bool) {
        guard !released else { return }
        released = true
        var saved = modes
        if hasModes { tcsetattr(STDIN_FILENO, discardingInput ? TCSAFLUSH : TCSADRAIN, &saved) }
        for (signal, action) in previous.reversed() {
            var old = action
            sigaction(signal, &old, nil)
        }
        guardedModes = outer.modes
        guardedModesValid = outer.valid
        guardedReset = outer.reset
    }

    /// Runs `body` with echo off on a terminal (for a secret), restoring echo afterwards and on a signal. `body`
    /// writes the prompt itself, so nothing typed after the prompt appears can be echoed; input typed earlier is
    /// kept, not discarded.
    public static func withoutEcho<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let terminal = TerminalGuard()
        defer { terminal.release(discardingInput: false) }
        if terminal.hasModes {
            var quiet = terminal.modes
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet)
        }
        return try body()
    }
}

/// The handler: only async-signal-safe calls (tcsetattr, write, sigaction, raise).
private func restoreAndRaise(_ signal: Int32) {
    if guardedModesValid { tcsetattr(STDIN_FILENO, TCSANOW, &guardedModes) }
    if !guardedReset.isEmpty {
        guardedReset.withUnsafeBufferPointer { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
    var action = sigaction()
    sigemptyset(&action.sa_mask)
    #if canImport(Darwin)
    action.__sigaction_u.__sa_handler = SIG_DFL
    #else
    action.__sigaction_handler.sa_handler = SIG_DFL
    #endif
    sigaction(signal, &action, nil)
    raise(signal)
}
