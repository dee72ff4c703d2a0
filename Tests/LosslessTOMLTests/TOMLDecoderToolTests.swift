import Foundation
import XCTest

/// The `toml-test-decoder` executable (SPEC §9), run as toml-test runs it.
final class TOMLDecoderToolTests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    private func decoder(_ input: [UInt8], _ arguments: [String] = []) throws -> Run {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("toml-test-decoder")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            XCTFail("toml-test-decoder not built at \(executable.path) (run `swift build --build-tests`)")
            throw XCTSkip("no decoder executable")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: [UInt8](out), stderr: String(decoding: err, as: UTF8.self))
    }

    func testPrintsTaggedJSON() throws {
        let run = try decoder(Array("a = 1\nb = \"x\\ty\"\n[t]\nd = 1979-05-27 07:32:00z\nf = [1.5, true]\n".utf8))
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(String(decoding: run.stdout, as: UTF8.self),
                       "{\"a\": {\"type\": \"integer\", \"value\": \"1\"}, \"b\": {\"type\": \"string\", \"value\": \"x\\ty\"}, "
                       + "\"t\": {\"d\": {\"type\": \"datetime\", \"value\": \"1979-05-27T07:32:00Z\"}, "
                       + "\"f\": [{\"type\": \"float\", \"value\": \"1.5\"}, {\"type\": \"bool\", \"value\": \"true\"}]}}\n")
        XCTAssertEqual(run.stderr, "")
    }

    func testRoundTripPrintsTheInputByteForByte() throws {
        let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# c\r\n[ a ]\r\n\tx = 'y' # z\r\nn = 0x_ff".utf8)
        let valid: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# c\r\n[ a ]\r\n\tx = 'y' # z\r\nn = 0xff".utf8)
        XCTAssertEqual(try decoder(input, ["--roundtrip"]).status, 1)
        let run = try decoder(valid, ["--roundtrip"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, valid)
    }

    func testInvalidInputExitsOneWithTheErrorOnStandardError() throws {
        let run = try decoder(Array("a = 1\na = 2\n".utf8))
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, [])
        XCTAssertEqual(run.stderr, "toml-test-decoder: line 2, column 1: duplicate key `a`\n")
        let bytes = try decoder([0x61, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0x22, 0x0A])
        XCTAssertEqual(bytes.status, 1)
        XCTAssertEqual(bytes.stderr, "toml-test-decoder: line 1, column 6: the file is not valid UTF-8\n")
    }
}
