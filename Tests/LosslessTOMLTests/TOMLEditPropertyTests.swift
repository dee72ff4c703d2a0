import XCTest
import LosslessTOML
@testable import TOMLFuzzing

/// Random sequences of edits on documents of every table form: after each edit the text re-parses, the
/// values are exactly those of a plain model, and failed edits change nothing.
final class TOMLEditPropertyTests: XCTestCase {
    static let documents = [
        "",
        "# only a comment",
        "\u{FEFF}# bom\r\n[smtp]\r\nuser = \"a\" # c\r\n\r\n[server]\r\nport = 1\r\n",
        "a = 1\nsmtp.user = 'x'\nsmtp.port = 2\n[other]\nb = [1, 2]\n",
        "smtp = { user = \"a\", tls = { mode = 'x' } }\n[t]\nq = 1",
        "[a.b]\nc = 1\n\n  [ \"smtp\" ]\n  user = \"u\"\n# trailing\n",
        "[[arr]]\nx = 1\n[t]\nd.e = 1 # c\n",
    ]
    static let names = ["smtp", "user", "tls", "a", "b", "t", "x y", "é", "port"]

    func testRandomEditsMatchAPlainModel() throws {
        for seed in [77, 78, 79] as [UInt64] {
            try randomEdits(seed: seed)
        }
    }

    private func randomEdits(seed: UInt64) throws {
        var generator = TOMLFuzzGenerator(seed: seed)
        for (index, text) in Self.documents.enumerated() {
            var document = try TOMLDocument(parsing: text)
            var model = document.root
            for step in 0..<150 {
                let path = (0...generator.below(3)).map { _ in Self.names[generator.below(Self.names.count)] }
                let before = document.description
                if generator.below(4) == 0 {
                    let isTable = document.tableForm(at: path) != nil
                    let removed = document.removeValue(at: path)
                    if isTable {
                        // A `key = { … }` line is removable; a table written as a header or dotted keys is not.
                        if removed { XCTAssertTrue(Self.remove(path, from: &model, tables: true)) }
                    } else {
                        let expected = Self.remove(path, from: &model, tables: false)
                        XCTAssertEqual(removed, expected, "document \(index) step \(step): remove \(path) from\n\(before)")
                    }
                } else {
                    let value: TOMLValue = generator.below(2) == 0
                        ? .string(generator.string()) : .integer(Int64(generator.below(1000)))
                    do {
                        try document.set(value, at: path)
                        XCTAssertTrue(Self.set(value, at: path, in: &model), "document \(index) step \(step): set \(path) should fail")
                    } catch {
                        XCTAssertFalse(Self.set(value, at: path, in: &model), "document \(index) step \(step): set \(path): \(error)")
                        XCTAssertEqual(document.description, before, "a failed edit changes nothing")
                    }
                }
                let reparsed = try TOMLDocument(parsing: document.description)
                XCTAssertEqual(reparsed.root, document.root, "document \(index) step \(step) path \(path):\n\(document)")
                // Removing the last dotted key under a table also removes that table: compare without empty tables.
                XCTAssertEqual(Self.pruned(reparsed.root), Self.pruned(model), "document \(index) step \(step) path \(path):\n\(document)")
            }
        }
    }

    /// The value without empty tables (recursively).
    static func pruned(_ value: TOMLValue) -> TOMLValue {
        guard case .table(let entries) = value else { return value }
        var result = TOMLTable()
        for (name, entry) in entries {
            let inner = pruned(entry)
            if case .table(let table) = inner, table.isEmpty { continue }
            result[name] = inner
        }
        return .table(result)
    }

    /// Sets a leaf in the model; false (and no change) when the path crosses a non-table or names a table.
    static func set(_ value: TOMLValue, at path: [String], in model: inout TOMLValue) -> Bool {
        guard case .table(var entries) = model, let name = path.first else { return false }
        if path.count == 1 {
            if case .table? = entries[name] { return false }
            entries[name] = value
        } else {
            var inner = entries[name] ?? .table([:])
            guard set(value, at: Array(path.dropFirst()), in: &inner) else { return false }
            entries[name] = inner
        }
        model = .table(entries)
        return true
    }

    /// Removes a leaf from the model; false when absent, or a table and `tables` is false (a key/value
    /// line holding an inline table is removable, a table written otherwise is not a key).
    static func remove(_ path: [String], from model: inout TOMLValue, tables: Bool) -> Bool {
        guard case .table(var entries) = model, let name = path.first, var inner = entries[name] else { return false }
        if path.count == 1 {
            if case .table = inner, !tables { return false }
            entries[name] = nil
        } else {
            guard remove(Array(path.dropFirst()), from: &inner, tables: tables) else { return false }
            entries[name] = inner
        }
        model = .table(entries)
        return true
    }
}
