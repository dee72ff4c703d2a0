import XCTest
import LosslessTOML
import TOMLKit
@testable import TOMLFuzzing

/// Any string set as a value reads back unchanged, with our parser and with TOMLKit (an independent one).
final class TOMLStringPropertyTests: XCTestCase {
    func testRandomStringsRoundTripThroughBothParsers() throws {
        var generator = TOMLFuzzGenerator(seed: 20_261_125)
        let base = "# settings\n[smtp]\nuser = \"placeholder\" # the login\nport = 25\n"
        for round in 0..<400 {
            let text = generator.string()
            var document = try TOMLDocument(parsing: base)
            try document.set(.string(text), at: ["smtp", "user"])
            try document.set(.string(text), at: ["smtp", "secret"])
            let output = document.description

            let reparsed = try TOMLDocument(parsing: output)
            XCTAssertEqual(reparsed.value(at: ["smtp", "user"]), .string(text), "round \(round)")
            XCTAssertEqual(reparsed.value(at: ["smtp", "secret"]), .string(text), "round \(round)")

            // TOMLKit hands strings over from C++ as C strings, which end at U+0000: it can only show the
            // text up to the first NUL (our own parser above checks the whole string).
            let visible = String(text.unicodeScalars.prefix { $0 != "\u{0}" })
            let independent = try TOMLTable(string: output)
            let smtp = independent["smtp"]?.table
            XCTAssertEqual(smtp?["user"]?.string, visible, "TOMLKit, round \(round)")
            XCTAssertEqual(smtp?["secret"]?.string, visible, "TOMLKit, round \(round)")
            XCTAssertEqual(smtp?["port"]?.int, 25, "TOMLKit, round \(round)")
        }
    }

    func testEveryControlCharacterIsEscaped() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init) + ["\u{7F}"]))
        var document = try TOMLDocument(parsing: "")
        try document.set(.string(controls + "\"\\"), at: ["k"])
        XCTAssertEqual(document.description,
                       "k = \"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F"
                       + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001A\\u001B\\u001C\\u001D"
                       + "\\u001E\\u001F\\u007F\\\"\\\\\"\n")
    }
}

/// Strings for this test from the fuzzer's deterministic generator (SplitMix64), so failures reproduce.
extension TOMLFuzzGenerator {
    /// A scalar from a mix of classes: every control character and DEL, quotes and backslashes,
    /// ASCII, and code points from every plane (surrogates excluded).
    mutating func scalar() -> Unicode.Scalar {
        let special: [UInt32] = [0x22, 0x27, 0x5C, 0x7F, 0x20, 0x09, 0x0A, 0x0D, 0x23, 0x3D, 0x5B, 0x7B]
        let value: UInt32
        switch below(6) {
        case 0: value = UInt32(below(0x20))
        case 1: value = special[below(special.count)]
        case 2: value = UInt32(0x20 + below(0x5F))
        case 3: value = UInt32(0x80 + below(0xD800 - 0x80))
        case 4: value = UInt32(0xE000 + below(0x10000 - 0xE000))
        default: value = UInt32(0x10000 + below(0x110000 - 0x10000))
        }
        return Unicode.Scalar(value) ?? "?"
    }

    mutating func string() -> String {
        var text = ""
        for _ in 0..<below(24) { text.unicodeScalars.append(scalar()) }
        return text
    }
}
