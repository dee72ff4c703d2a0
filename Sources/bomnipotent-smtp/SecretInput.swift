#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConfigWriter

/// Reads a secret from standard input, never from the command line (SPEC §3).
enum SecretInput {
    /// All of standard input with one trailing newline removed. At a terminal, one line is read with echo off.
    /// Bytes that are not UTF-8 are refused rather than replaced, so what is stored is exactly what was given.
    static func read() throws(ConfigWriterError) -> String {
        var bytes: [UInt8]
        if isatty(STDIN_FILENO) == 1 {
            bytes = readWithoutEcho(prompt: "Secret (not shown; press Enter when done):")
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

    /// One line with echo off, the prompt written once echo is off; `TerminalGuard` puts echo back on Ctrl-C,
    /// SIGTERM or SIGHUP meanwhile.
    private static func readWithoutEcho(prompt: String) -> [UInt8] {
        defer { StandardError.print("") }
        return TerminalGuard.withoutEcho {
            StandardError.print(prompt)
            var result: [UInt8] = []
            var byte: UInt8 = 0
            while Glibc.read(STDIN_FILENO, &byte, 1) == 1 {
                result.append(byte)
                if byte == UInt8(ascii: "\n") { break }
            }
            return result
        }
    }
}
