#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SMTPSettings
import SetupService

/// Human messages: everything goes to standard error, so standard output stays for diffs and JSON.
/// The one place errors become text, each with the prefix `error: `.
enum StandardError {
    /// The prefix of every error message.
    static let errorPrefix = "error: "

    /// Writes one line to standard error.
    static func print(_ line: String) {
        var bytes = Array((line + "\n").utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Writes each warning as `warning: CODE: message`.
    static func print(_ warnings: [SettingsWarning]) {
        for warning in warnings { print("warning: " + warning.text) }
    }

    /// Writes `message` as an error.
    static func printError(_ message: String) {
        print(errorPrefix + message)
    }

    /// Writes the error and gives the exit status to end with.
    static func fail(_ error: SetupError) -> ExitStatus {
        printError(error.description)
        return error.exitStatus
    }
}
