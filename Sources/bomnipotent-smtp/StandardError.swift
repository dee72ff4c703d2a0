#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConfigWriter

/// Human messages: everything goes to standard error, so standard output stays for diffs and JSON.
enum StandardError {
    /// Writes one line to standard error.
    static func print(_ line: String) {
        let text = line + "\n"
        _ = text.utf8CString.withUnsafeBufferPointer { fputs($0.baseAddress, stderr) }
    }

    /// Writes each warning as `warning: CODE: message`.
    static func print(_ warnings: [ConfigWarning]) {
        for warning in warnings { print("warning: \(warning.code): \(warning.message)") }
    }
}
