import Foundation
import XCTest

/// The secret used in tests; no output, diff or unrelated file may ever contain it.
let secretMarker = "S3CR3T-marker-7f3a\u{00E9}"

/// The result of one run of the built `bomnipotent-smtp` executable.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the `bomnipotent-smtp` executable that `swift build` put next to the test bundle.
enum CommandRunner {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("bomnipotent-smtp")
    }

    /// Runs the tool (or `executable`) with `arguments`, `stdin` as its standard input, and `environment` added to a
    /// minimal environment.
    static func run(
        _ arguments: [String], stdin: String = "", environment: [String: String] = [:], directory: URL? = nil,
        executable: URL = CommandRunner.executable
    ) throws -> CommandResult {
        try run(arguments, stdinBytes: Data(stdin.utf8), environment: environment, directory: directory, executable: executable)
    }

    /// Runs the tool (or `executable`) with raw bytes, which need not be UTF-8, as its standard input.
    static func run(
        _ arguments: [String], stdinBytes: Data, environment: [String: String] = [:], directory: URL? = nil,
        executable: URL = CommandRunner.executable
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(stdinBytes)
        try input.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A fresh temporary directory, removed when the test ends.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
