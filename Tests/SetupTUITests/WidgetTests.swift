import XCTest

@testable import SetupTUI

final class WidgetTests: XCTestCase {
    func testDisplayWidth() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("管理者"), 6)
        XCTAssertEqual(DisplayWidth.of("ｆｕｌｌ"), 8)
        XCTAssertEqual(DisplayWidth.of("e\u{0301}"), 1, "a combining mark takes no cell")
        XCTAssertEqual(DisplayWidth.of("한국"), 4)
        XCTAssertEqual(DisplayWidth.of("•"), 1)
    }

    func testTextFieldEditsByCharacter() {
        var field = TextField("")
        for key: Key in [.character("a"), .character("管"), .character("e"), .character("\u{0301}"), .left, .left, .backspace] {
            XCTAssertTrue(field.handle(key))
        }
        XCTAssertEqual(field.text, "管é")
        XCTAssertEqual(field.cursor, 0)
        _ = field.handle(.end)
        _ = field.handle(.character("x"))
        _ = field.handle(.home)
        _ = field.handle(.delete)
        XCTAssertEqual(field.text, "éx")
        XCTAssertFalse(field.handle(.enter))
        _ = field.handle(.ctrlU)
        XCTAssertEqual(field.text, "")
    }

    func testTextFieldViewScrollsByWidth() {
        let field = TextField("管理者管理者")
        let view = field.view(width: 7)
        XCTAssertEqual(view.text, "管理者")
        XCTAssertEqual(view.cursorColumn, 6)
        XCTAssertEqual(TextField("abc").view(width: 10).cursorColumn, 3)
    }

    func testMaskedFieldShowsBullets() {
        var field = TextField("", masked: true)
        for character in "pässwort" { _ = field.handle(.character(character)) }
        XCTAssertEqual(field.displayText, "••••••••")
        XCTAssertEqual(field.view(width: 20).text, "••••••••")
    }

    func testScreenBufferWideCharactersAndClipping() {
        var buffer = ScreenBuffer(columns: 6, rows: 2)
        XCTAssertEqual(buffer.write("a管b者c", row: 0, column: 0), 6)
        XCTAssertEqual(buffer.lines, ["a管b者", ""])
        XCTAssertEqual(buffer.cells[0][1].width, 2)
        XCTAssertEqual(buffer.cells[0][2].width, 0)
        buffer.write("x", row: 0, column: 2)
        XCTAssertEqual(buffer.lines[0], "a xb者", "overwriting half of a wide character blanks the other half")
        buffer.write("e\u{0301}", row: 1, column: 0)
        XCTAssertEqual(buffer.lines[1], "e\u{0301}")
    }

    func testKeyDecoding() {
        XCTAssertEqual(Key(scalar: "\u{03}"), .ctrlC)
        XCTAssertEqual(Key(scalar: "\r"), .enter)
        XCTAssertEqual(Key(scalar: "\u{7F}"), .backspace)
        XCTAssertEqual(Key(scalar: "\u{1B}"), .escape)
        XCTAssertEqual(Key(scalar: "é"), .character("é"))
        XCTAssertNil(Key(scalar: "\u{02}"))
    }

    func testEscapeSequencesCursesDidNotKnow() {
        func decode(_ text: String) -> Key? {
            let scalars = Array(text.unicodeScalars)
            XCTAssertTrue(EscapeSequence.isComplete(scalars), "\(text) is a whole sequence")
            XCTAssertFalse(EscapeSequence.isComplete(Array(scalars.dropLast())), "\(text) minus its last byte is not")
            return EscapeSequence.key(for: scalars)
        }
        XCTAssertEqual(decode("[1~"), .home)
        XCTAssertEqual(decode("[4~"), .end)
        XCTAssertEqual(decode("[3~"), .delete)
        XCTAssertEqual(decode("[5~"), .pageUp)
        XCTAssertEqual(decode("[6~"), .pageDown)
        XCTAssertEqual(decode("[11~"), .f1)
        XCTAssertEqual(decode("[[A"), .f1)
        XCTAssertEqual(decode("[A"), .up)
        XCTAssertEqual(decode("[1;5C"), .right)
        XCTAssertEqual(decode("[Z"), .backTab)
        XCTAssertEqual(decode("OH"), .home)
        XCTAssertEqual(decode("OP"), .f1)
        XCTAssertEqual(decode("OM"), .enter)
        XCTAssertNil(decode("[15~"), "F5 is ignored, not Esc")
        XCTAssertNil(decode("[200~"), "bracketed paste start is ignored")
        XCTAssertNil(decode("q"), "no sequence: the terminal reports Esc, then q")
        XCTAssertFalse(EscapeSequence.isComplete([]), "a lone Esc waits for nothing: the terminal reports it as Esc")
    }

    func testTextWrap() {
        XCTAssertEqual(TextWrap.lines("one two three", width: 7), ["one two", "three"])
        XCTAssertEqual(TextWrap.truncate("abcdef", width: 4), "abc…")
        XCTAssertEqual(TextWrap.truncateLeft("/a/b/c/d", width: 5), "…/c/d")
    }
}
