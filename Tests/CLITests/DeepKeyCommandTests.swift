import Foundation
import XCTest

/// `show` on a file whose dotted key is too long for the engine's depth limit fails cleanly (issue 11: it
/// used to crash with a stack overflow).
final class DeepKeyCommandTests: XCTestCase {
    func testShowRejectsAKeyTooDeepWithThePosition() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deep-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.toml").path
        try Data((String(repeating: "a.", count: 30_937) + "a = 1").utf8).write(to: URL(fileURLWithPath: config))
        let result = try CommandRunner.run(["show", "--config", config])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains(
            "\(config): line 1, column 513: tables are nested more than 256 deep (a key or header has too many parts)."),
            result.stderr)
        XCTAssertEqual(result.stdout, "")
    }
}
