import Foundation
import XCTest

/// The text of the file at `path`.
func readText(_ path: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
}

/// The names in `directory`, sorted.
func listing(of directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

/// Fails when the marker secret appears on the command's standard output or standard error.
func assertNoSecret(_ result: CommandResult, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(result.stdout.contains(secretMarker), "secret on stdout", file: file, line: line)
    XCTAssertFalse(result.stderr.contains(secretMarker), "secret on stderr", file: file, line: line)
}
