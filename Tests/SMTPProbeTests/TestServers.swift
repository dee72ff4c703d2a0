import Foundation
import XCTest

/// The secret used by the probe tests; it must never appear in a report.
let probeSecret = "S3CR3T-marker-7f3a\u{00E9}"

/// The login the test SMTP server accepts.
let probeUser = "user@example.org"

/// Why a test server is missing: a skip on a developer machine, a failure when `CI=true` (a broken launcher must
/// never turn into a green run).
func serverUnavailable(_ reason: String) -> any Error {
    ProcessInfo.processInfo.environment["CI"] == "true" ? TestServerUnavailable(reason: reason) : XCTSkip(reason)
}

/// A test server that should have started on CI but did not.
struct TestServerUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { "test server unavailable on CI: \(reason)" }
}

/// Paths of the package, the Python interpreter and the test server scripts.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let servers = packageRoot.appendingPathComponent("Tests/Servers")

    static var python: String {
        ProcessInfo.processInfo.environment["BOMNIPOTENT_TEST_PYTHON"]
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    }
}

/// A Python server started for one test, stopped when the test ends.
final class ServerProcess {
    let port: Int
    private let process: Process
    private let stdin: Pipe

    private init(port: Int, process: Process, stdin: Pipe) {
        self.port = port
        self.process = process
        self.stdin = stdin
    }

    /// Starts `script` with `arguments` and waits for the port it prints.
    static func start(
        _ test: XCTestCase, script: String, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> ServerProcess {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python) else {
            throw serverUnavailable("no Python with aiosmtpd at \(TestPaths.python): run scripts/test, or set BOMNIPOTENT_TEST_PYTHON")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = [TestPaths.servers.appendingPathComponent(script).path] + arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw serverUnavailable("the test server \(script) did not start")
        }
        let server = ServerProcess(port: port, process: process, stdin: input)
        test.addTeardownBlock { server.stop() }
        return server
    }

    /// Starts the aiosmtpd server of `smtp_server.py`.
    static func smtp(_ test: XCTestCase, _ arguments: [String]) throws -> ServerProcess {
        try start(test, script: "smtp_server.py", arguments, environment: ["SMTP_TEST_PASSWORD": probeSecret])
    }

    /// Starts `fault_server.py` in `mode`.
    static func fault(_ test: XCTestCase, _ mode: String) throws -> ServerProcess {
        try start(test, script: "fault_server.py", [mode])
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}

/// Test certificates, generated once per test run by `make_certs.py`.
enum TestCertificates {
    static let directory: URL? = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-certs-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = [TestPaths.servers.appendingPathComponent("make_certs.py").path, url.path]
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? url : nil
    }()

    /// The path of `name` (`ca.pem`, `good.pem`, `good.key`, …).
    static func path(_ name: String) throws -> String {
        guard let directory else { throw serverUnavailable("cannot generate test certificates (python cryptography missing?)") }
        return directory.appendingPathComponent(name).path
    }

    /// `--cert`/`--key` arguments for the leaf `name`.
    static func serverArguments(_ name: String) throws -> [String] {
        ["--cert", try path("\(name).pem"), "--key", try path("\(name).key")]
    }
}
