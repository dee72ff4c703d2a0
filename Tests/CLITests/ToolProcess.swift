import Foundation
import XCTest

/// A run of the built `bomnipotent-smtp` started in the background, for tests of concurrent runs and crashes.
final class ToolProcess {
    let process = Process()
    private let output = Pipe()
    private let error = Pipe()
    private var collected: (Data, Data)?

    /// Starts the tool with `arguments`, `stdin` as its standard input and `environment` added to a minimal one.
    init(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws {
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits for the end and returns the status (the signal number when `killedBySignal`) and the output.
    func finish() -> (result: CommandResult, killedBySignal: Bool) {
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = CommandResult(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        return (result, process.terminationReason == .uncaughtSignal)
    }
}

/// Waits until `path` exists; fails the test after `timeout` seconds.
func waitForFile(_ path: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !FileManager.default.fileExists(atPath: path) {
        if Date() > deadline {
            XCTFail("\(path) did not appear within \(timeout) s", file: file, line: line)
            return false
        }
        usleep(5_000)
    }
    return true
}

/// The names in `directory` that are scratch files, journals or lock files of the tool.
func toolScratchFiles(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { name in
        name.hasPrefix(".") && name != ".env" && !name.hasPrefix(".env.bak-")
    }.sorted()
}

/// `user = "…"` of config.toml's `[smtp]` as written by these tests.
func configUser(_ text: String) -> String? {
    text.split(separator: "\n").first { $0.hasPrefix("user = \"") }.map { String($0.dropFirst(8).dropLast()) }
}

/// The value of `SMTP_SECRET="…"` in a `.env` as written by these tests.
func envSecret(_ text: String) -> String? {
    text.split(separator: "\n").first { $0.hasPrefix("SMTP_SECRET=\"") }.map { String($0.dropFirst(13).dropLast()) }
}
