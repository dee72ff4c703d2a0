import Foundation
import XCTest
import LosslessTOML

/// The official toml-test suite, TOML 1.0 subset: every valid file parses to exactly the values of its
/// `.json` and serialises back byte for byte; every invalid file is rejected.
final class TOMLConformanceTests: XCTestCase {
    /// A value as toml-test compares it: tables, arrays, and scalars as (type, canonical text).
    indirect enum Canonical: Equatable {
        case table([String: Canonical])
        case array([Canonical])
        case scalar(String, String)
    }

    private func corpusDirectory() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let directory: URL
        if let configured = environment["TOML_TEST_DIR"], !configured.isEmpty {
            directory = URL(fileURLWithPath: configured)
        } else {
            let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            directory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/toml-test")
        }
        let list = directory.appendingPathComponent("tests/files-toml-1.0.0")
        if !FileManager.default.fileExists(atPath: list.path) {
            let reason = "toml-test corpus not found at \(directory.path) (set TOML_TEST_DIR)"
            if environment["CI"] == "true" { XCTFail(reason) }
            throw XCTSkip(reason)
        }
        return directory.appendingPathComponent("tests")
    }

    func testOfficialSuite() throws {
        let tests = try corpusDirectory()
        let list = try String(contentsOf: tests.appendingPathComponent("files-toml-1.0.0"), encoding: .utf8)
        let files = list.split(whereSeparator: \.isNewline).map(String.init).filter { $0.hasSuffix(".toml") }
        let valid = files.filter { $0.hasPrefix("valid/") }
        let invalid = files.filter { $0.hasPrefix("invalid/") }
        XCTAssertEqual(valid.count, 210)
        XCTAssertEqual(invalid.count, 499)

        var failures: [String] = []
        for name in valid {
            let bytes = try [UInt8](Data(contentsOf: tests.appendingPathComponent(name)))
            let jsonURL = tests.appendingPathComponent(String(name.dropLast(5)) + ".json")
            let expected = try Self.canonical(json: JSONSerialization.jsonObject(with: Data(contentsOf: jsonURL),
                                                                                 options: [.fragmentsAllowed]))
            do {
                let document = try TOMLDocument(parsing: bytes)
                if Self.canonical(document.root) != expected { failures.append("\(name): values differ") }
                if document.bytes != bytes { failures.append("\(name): not byte-identical") }
                let tree = try TOMLValueTree(parsing: bytes)
                if tree.root != document.root { failures.append("\(name): the value tree differs") }
                if TOMLValueViewTests.walked(tree.rootView) != document.root { failures.append("\(name): the walk differs") }
                if tree.readBack(bytes, rangesOfKeysNamed: []) == nil { failures.append("\(name): does not read back against its tree") }
            } catch {
                failures.append("\(name): rejected: \(error)")
            }
        }
        for name in invalid {
            let bytes = try [UInt8](Data(contentsOf: tests.appendingPathComponent(name)))
            if let document = try? TOMLDocument(parsing: bytes) {
                failures.append("\(name): accepted as \(document.root)")
            }
            if let values = try? TOMLValueTree(parsing: bytes) {
                failures.append("\(name): accepted as a value tree \(values.root)")
            }
        }
        XCTAssertEqual(failures, [], "\(failures.count) conformance failures")
    }

    func testInvalidFilesSayWhereAndWhat() throws {
        let tests = try corpusDirectory()
        let cases: [(String, String)] = [
            ("invalid/key/duplicate-keys-01.toml", "line 2, column 1: duplicate key `name`"),
            ("invalid/table/duplicate-key-01.toml", "line 4, column 2: table `a` is defined twice"),
            ("invalid/inline-table/overwrite-03.toml",
             "line 2, column 1: `a` is an inline table, which cannot be extended after it is written"),
            ("invalid/control/comment-del.toml", "line 1, column 27: control character U+007F is not allowed here"),
            ("invalid/encoding/bad-utf8-in-comment.toml", "line 1, column 3: the file is not valid UTF-8"),
        ]
        for (name, expected) in cases {
            let bytes = try [UInt8](Data(contentsOf: tests.appendingPathComponent(name)))
            XCTAssertThrowsError(try TOMLDocument(parsing: bytes), name) { error in
                XCTAssertEqual(String(describing: error), expected, name)
            }
        }
    }

    static func canonical(json: Any) throws -> Canonical {
        if let array = json as? [Any] { return .array(try array.map { try canonical(json: $0) }) }
        guard let object = json as? [String: Any] else { throw CocoaError(.coderInvalidValue) }
        if object.count == 2, let type = object["type"] as? String, let value = object["value"] as? String {
            return scalar(type, value)
        }
        return .table(try object.mapValues { try canonical(json: $0) })
    }

    static func canonical(_ value: TOMLValue) -> Canonical {
        switch value {
        case .table(let entries):
            return .table(Dictionary(entries.map { ($0.key, canonical($0.value)) }, uniquingKeysWith: { first, _ in first }))
        case .array(let values): return .array(values.map(canonical))
        case .string(let text): return .scalar("string", text)
        case .integer(let number): return .scalar("integer", String(number))
        case .float(let number): return scalar("float", number.isNaN ? "nan" : String(number))
        case .boolean(let flag): return .scalar("bool", String(flag))
        case .offsetDateTime(let text): return scalar("datetime", text)
        case .localDateTime(let text): return scalar("datetime-local", text)
        case .localDate(let text): return scalar("date-local", text)
        case .localTime(let text): return scalar("time-local", text)
        }
    }

    /// toml-test's comparison: floats by value, integers by value, date-times by meaning (`T`/space and
    /// case, trailing fraction zeros, `Z` = `+00:00`).
    static func scalar(_ type: String, _ value: String) -> Canonical {
        switch type {
        case "float":
            guard let number = Double(value.replacingOccurrences(of: "_", with: "")) else { return .scalar(type, value) }
            return .scalar(type, number.isNaN ? "nan" : String(number))
        case "integer":
            return .scalar(type, Int64(value).map { String($0) } ?? value)
        case "datetime", "datetime-local", "date-local", "time-local":
            return .scalar(type, canonicalDateTime(value))
        default:
            return .scalar(type, value)
        }
    }

    static func canonicalDateTime(_ text: String) -> String {
        var characters = Array(text.uppercased())
        if characters.count > 10, characters[10] == " " { characters[10] = "T" }
        var offset = ""
        if characters.last == "Z" {
            characters.removeLast()
            offset = "Z"
        } else if characters.count >= 6, characters[characters.count - 3] == ":",
                  characters[characters.count - 6] == "+" || characters[characters.count - 6] == "-",
                  characters.count > 8 {
            offset = String(characters.suffix(6))
            characters.removeLast(6)
            if offset == "+00:00" || offset == "-00:00" { offset = "Z" }
        }
        if let dot = characters.firstIndex(of: ".") {
            while characters.last == "0" { characters.removeLast() }
            if characters.count == dot + 1 { characters.removeLast() }
        }
        return String(characters) + offset
    }
}
