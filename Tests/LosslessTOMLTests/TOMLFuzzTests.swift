import TOMLFuzzing
import XCTest

/// A short bounded fuzz run (`scripts/fuzz-toml` runs longer): generated and mutated documents must not
/// crash the parser, accepted ones round-trip byte for byte and take edits that read back, and generated
/// ones decode as many keys as toml++ does.
final class TOMLFuzzTests: XCTestCase {
    func testGeneratedAndMutatedDocumentsKeepTheProperties() {
        let statistics = TOMLFuzzChecker.run(seed: 11, count: 6_000, seconds: 4)
        XCTAssertGreaterThan(statistics.inputs, 200)
        XCTAssertGreaterThan(statistics.accepted, statistics.inputs / 10)
        XCTAssertGreaterThan(statistics.compared, statistics.inputs / 5)
        XCTAssertEqual(statistics.findings.map(\.description), [])
    }

    func testTheGeneratorIsDeterministic() {
        var first = TOMLFuzzGenerator(seed: 5)
        var second = TOMLFuzzGenerator(seed: 5)
        XCTAssertEqual(first.document(), second.document())
        let other = first.document()
        XCTAssertEqual(first.mutate(other, splicing: other), second.mutate(second.document(), splicing: other))
    }
}
