@testable import ConfigWriter
import XCTest

final class DotEnvTests: XCTestCase {
    private func parse(_ text: String, environment: [String: String] = [:]) throws -> DotEnvDocument {
        try DotEnvDocument(parsing: Array(text.utf8), environment: environment)
    }

    func testReadsDotenvyForms() throws {
        let document = try parse("""
            # comment
            A=1
            B="two words" # trailing
            C='single $X'
            export D=exported
            E = "spaced"
            F=
            G=a\\ b
            H="x\\"y\\\\z\\$w\\nv"

            """, environment: ["X": "never"])
        XCTAssertEqual(document.values, ["A": "1", "B": "two words", "C": "single $X", "D": "exported", "E": "spaced", "F": "", "G": "a b", "H": "x\"y\\z$w\nv"])
    }
}
