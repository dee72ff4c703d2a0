#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConfigWriter

/// The terminal settings to put back when a signal ends the process while echo is off.
nonisolated(unsafe) private var terminalBeforePrompt = termios()

/// Restores the terminal, then lets the signal end the process as it would have.
private let restoreTerminalAndRaise: @convention(c) (Int32) -> Void = { signal in
    tcsetattr(STDIN_FILENO, TCSANOW, &terminalBeforePrompt)
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}

/// Reads a secret from standard input, never from the command line (SPEC §3).
enum SecretInput {
    /// All of standard input with one trailing newline removed. At a terminal, one line is read with echo off.
    /// Bytes that are not UTF-8 are refused rather than replaced, so what is stored is exactly what was given.
    static func read() throws(ConfigWriterError) -> String {
        var bytes: [UInt8]
        if isatty(STDIN_FILENO) == 1 {
            StandardError.print("Secret (not shown; press Enter when done):")
            bytes = readWithoutEcho()
        } else {
            bytes = readAll()
        }
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        if bytes.isEmpty { throw .secretEmpty }
        guard let secret = String(validating: bytes, as: UTF8.self) else { throw .secretNotUTF8 }
        return secret
    }

    private static func readAll() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return result }
            result += buffer[0..<count]
        }
    }

    /// One line with echo off; Ctrl-C (or SIGTERM, SIGHUP) meanwhile puts echo back before the process ends.
    private static func readWithoutEcho() -> [UInt8] {
        var saved = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        var previousHandlers: [(Int32, sighandler_t?)] = []
        if hasTerminal {
            terminalBeforePrompt = saved
            for signal in [SIGINT, SIGTERM, SIGHUP] {
                previousHandlers.append((signal, Glibc.signal(signal, restoreTerminalAndRaise)))
            }
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if hasTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                for (signal, handler) in previousHandlers { Glibc.signal(signal, handler) }
                StandardError.print("")
            }
        }
        var result: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(STDIN_FILENO, &byte, 1) == 1 {
            result.append(byte)
            if byte == UInt8(ascii: "\n") { break }
        }
        return result
    }
}
