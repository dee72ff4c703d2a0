import Foundation
import XCTest

/// Why a test server is missing: a skip on a developer machine, a failure when `CI=true`.
func serverUnavailable(_ reason: String) -> any Error {
    ProcessInfo.processInfo.environment["CI"] == "true" ? TestServerUnavailable(reason: reason) : XCTSkip(reason)
}

/// A test server that should have started on CI but did not.
struct TestServerUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { "test server unavailable on CI: \(reason)" }
}

/// Starts the Python test servers of `Tests/Servers` for the `probe` command tests.
enum ProbeTestServers {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var python: String {
        ProcessInfo.processInfo.environment["BOMNIPOTENT_TEST_PYTHON"]
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// Test certificates generated once per run: `ca.pem`, `good.pem`/`good.key`, ….
    static let certificates: URL? = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-cli-certs-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot.appendingPathComponent("Tests/Servers/make_certs.py").path, url.path]
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? url : nil
    }()

    static func certificate(_ name: String) throws -> String {
        guard let certificates else { throw serverUnavailable("cannot generate test certificates") }
        return certificates.appendingPathComponent(name).path
    }

    /// Starts `script` with `arguments`, returns its port; the server stops when the test ends.
    static func start(_ test: XCTestCase, _ script: String, _ arguments: [String]) throws -> Int {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw serverUnavailable("no Python with aiosmtpd at \(python): run scripts/test")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot.appendingPathComponent("Tests/Servers/\(script)").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SMTP_TEST_PASSWORD"] = secretMarker
        process.environment = environment
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        test.addTeardownBlock {
            try? input.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
        }
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw serverUnavailable("\(script) did not start") }
        return port
    }

    /// An aiosmtpd server in `mode` with the good certificate.
    static func smtp(_ test: XCTestCase, mode: String, _ extra: [String] = []) throws -> Int {
        let tls = mode == "plain" ? [] : ["--cert", try certificate("good.pem"), "--key", try certificate("good.key")]
        return try start(test, "smtp_server.py", ["--mode", mode] + tls + extra)
    }
}

extension CommandResult {
    /// Standard output parsed as one JSON object.
    func jsonObject() throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], stdout)
    }

    /// The diagnosis code of the JSON output.
    func diagnosisCode() throws -> String? {
        (try jsonObject()["diagnosis"] as? [String: Any])?["code"] as? String
    }

    /// Fails when the secret marker appears anywhere in the output.
    func assertNoSecret(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(stdout.contains(secretMarker), "secret on stdout", file: file, line: line)
        XCTAssertFalse(stderr.contains(secretMarker), "secret on stderr", file: file, line: line)
        let base64 = Data(secretMarker.utf8).base64EncodedString()
        XCTAssertFalse(stdout.contains(base64) || stderr.contains(base64), "base64 secret in output", file: file, line: line)
    }
}
