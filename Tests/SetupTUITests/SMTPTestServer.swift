import Foundation
import XCTest

/// Why the test server is missing: a skip on a developer machine, a failure when `CI=true`.
func serverUnavailable(_ reason: String) -> any Error {
    ProcessInfo.processInfo.environment["CI"] == "true" ? TestServerUnavailable(reason: reason) : XCTSkip(reason)
}

/// A test server that should have started on CI but did not.
struct TestServerUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { "test server unavailable on CI: \(reason)" }
}

/// A local aiosmtpd server on 127.0.0.1 (plain SMTP with AUTH PLAIN/LOGIN), started through
/// `Tests/Servers/smtp_server.py`; it accepts `user` with the password `secretMarker`.
final class SMTPTestServer {
    static let user = "admin@example.org"
    let port: Int
    private let process: Process
    private let input = Pipe()

    /// Starts the server; `extraArguments` are more flags of `smtp_server.py` (e.g. `--spool DIR`).
    init(extraArguments: [String] = []) throws {
        guard let python = ProcessInfo.processInfo.environment["BOMNIPOTENT_TEST_PYTHON"] else {
            throw serverUnavailable("BOMNIPOTENT_TEST_PYTHON is not set: run scripts/test")
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/smtp_server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--mode", "plain", "--user", Self.user, "--password-env", "SMTP_TEST_PASSWORD"] + extraArguments
        process.environment = ["SMTP_TEST_PASSWORD": secretMarker, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw serverUnavailable("smtp_server.py did not report a port")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}
