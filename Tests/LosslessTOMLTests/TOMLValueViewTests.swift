import LosslessTOML
import XCTest

/// `TOMLValueView`: walking a tree entry by entry and element by element gives what decoding it whole gives.
final class TOMLValueViewTests: XCTestCase {
    /// The value rebuilt from a walk: containers from their entries and elements, only scalars decoded.
    static func walked(_ view: TOMLValueView) -> TOMLValue {
        switch view.kind {
        case .table:
            var table = TOMLTable()
            view.forEachEntry { table[$0] = walked($1) }
            return .table(table)
        case .array:
            var elements: [TOMLValue] = []
            view.forEachElement { elements.append(walked($0)) }
            return .array(elements)
        case .string, .integer, .float, .boolean, .offsetDateTime, .localDateTime, .localDate, .localTime:
            return view.value
        }
    }

    /// The kinds met on a walk, depth first, each as `path: kind`.
    static func kinds(_ view: TOMLValueView, at path: String = "") -> [String] {
        var lines = ["\(path.isEmpty ? "." : path): \(view.kind)"]
        switch view.kind {
        case .table: view.forEachEntry { lines += kinds($1, at: path + "." + $0) }
        case .array:
            var index = 0
            view.forEachElement {
                lines += kinds($0, at: path + "[\(index)]")
                index += 1
            }
        default: break
        }
        return lines
    }

    func testEveryFormWalksToTheDecodedValue() throws {
        let text = """
            title = "x\\ty"
            when = 1979-05-27T07:32:00Z
            nested = [[1, 2.5], ["a", { b.c = 1, b.d = [true] }], []]
            point = { x = 1, y.z = 'q' }
            [server]
            port = 25
            [[hosts]]
            name = "one"
            [[hosts]]
            name = "two"
            tags = [ # a comment
              "a",
            ]
            """
        let tree = try TOMLValueTree(parsing: text)
        XCTAssertEqual(Self.walked(tree.rootView), tree.root)
        XCTAssertEqual(Self.kinds(tree.rootView), [
            ".: table", ".title: string", ".when: offsetDateTime",
            ".nested: array", ".nested[0]: array", ".nested[0][0]: integer", ".nested[0][1]: float",
            ".nested[1]: array", ".nested[1][0]: string", ".nested[1][1]: table", ".nested[1][1].b: table",
            ".nested[1][1].b.c: integer", ".nested[1][1].b.d: array", ".nested[1][1].b.d[0]: boolean", ".nested[2]: array",
            ".point: table", ".point.x: integer", ".point.y: table", ".point.y.z: string",
            ".server: table", ".server.port: integer",
            ".hosts: array", ".hosts[0]: table", ".hosts[0].name: string",
            ".hosts[1]: table", ".hosts[1].name: string", ".hosts[1].tags: array", ".hosts[1].tags[0]: string",
        ])
    }

    func testEntriesComeInTheOrderFirstDefined() throws {
        let tree = try TOMLValueTree(parsing: "z = 1\n[b]\nq = 2\n[a]\n[b.c]\n")
        var keys: [String] = []
        tree.rootView.forEachEntry { key, _ in keys.append(key) }
        XCTAssertEqual(keys, ["z", "b", "a"])
    }

    func testScalarsHaveNoEntriesOrElements() throws {
        let tree = try TOMLValueTree(parsing: "a = 1\nb = 'x'\n")
        var visited = 0
        tree.rootView.forEachEntry { _, value in
            value.forEachEntry { _, _ in visited += 1 }
            value.forEachElement { _ in visited += 1 }
        }
        XCTAssertEqual(visited, 0)
    }

    func testKeysDistinctByCodePointsStayDistinct() throws {
        let tree = try TOMLValueTree(parsing: "\"\\u00e9\" = 1\n\"e\\u0301\" = 2\n")
        var entries: [(String, TOMLValue)] = []
        tree.rootView.forEachEntry { entries.append(($0, $1.value)) }
        XCTAssertEqual(entries.map { Array($0.0.utf8) }, [[0xC3, 0xA9], [0x65, 0xCC, 0x81]])
        XCTAssertEqual(entries.map(\.1), [.integer(1), .integer(2)])
    }

    func testADeepArrayWalksLevelByLevel() throws {
        let depth = 200
        let tree = try TOMLValueTree(parsing: "a = " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
        var view: TOMLValueView?
        tree.rootView.forEachEntry { _, value in view = value }
        var levels = 0
        while let current = view, current.kind == .array {
            levels += 1
            view = nil
            current.forEachElement { view = $0 }
        }
        XCTAssertEqual(levels, depth)
        XCTAssertEqual(view?.value, .integer(1))
    }
}
