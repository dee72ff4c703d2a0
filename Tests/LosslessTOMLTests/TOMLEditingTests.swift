import XCTest
import LosslessTOML

/// Edits in the shape: given text → edit → exact expected text.
final class TOMLEditingTests: XCTestCase {
    private func edited(_ text: String, file: StaticString = #filePath, line: UInt = #line,
                        _ edit: (inout TOMLDocument) throws -> Void) throws -> String {
        var document = try TOMLDocument(parsing: text)
        try edit(&document)
        let result = document.description
        let reparsed = try TOMLDocument(parsing: result)
        XCTAssertEqual(reparsed.root, document.root, "edited text re-parses to the same values", file: file, line: line)
        return result
    }

    func testNewKeyGoesAboveTheCommentsLeadingIntoTheNextHeader() throws {
        let text = """
        [smtp]
        user = "a"
        # about the server table

        # more
        [server]
        x = 1

        """
        let result = try edited(text) { try $0.set(.string("b"), at: ["smtp", "endpoint"]) }
        XCTAssertEqual(result, """
        [smtp]
        user = "a"
        endpoint = "b"
        # about the server table

        # more
        [server]
        x = 1

        """)
    }

    func testKeyAddedToDottedTable() throws {
        let text = "name = 1\nsmtp.user = \"a\" # who\n\"smtp\" . port = 2\nother = 3\n"
        let result = try edited(text) { try $0.set(.string("b"), at: ["smtp", "endpoint"]) }
        XCTAssertEqual(result, "name = 1\nsmtp.user = \"a\" # who\n\"smtp\" . port = 2\n\"smtp\".endpoint = \"b\"\nother = 3\n")
        XCTAssertEqual(try TOMLDocument(parsing: text).tableForm(at: ["smtp"]), .dotted)
    }

    func testKeyAddedToInlineTableKeepsCommaStyle() throws {
        XCTAssertEqual(try edited("smtp = { user = \"a\", port = 1 }\n") { try $0.set(.boolean(true), at: ["smtp", "starttls"]) },
                       "smtp = { user = \"a\", port = 1, starttls = true }\n")
        XCTAssertEqual(try edited("smtp = {user=\"a\",port=1}\n") { try $0.set(.boolean(true), at: ["smtp", "starttls"]) },
                       "smtp = {user=\"a\",port=1,starttls=true}\n")
        XCTAssertEqual(try edited("smtp = {}\n") { try $0.set(.integer(1), at: ["smtp", "a"]) }, "smtp = { a = 1 }\n")
        XCTAssertEqual(try TOMLDocument(parsing: "smtp = {}\n").tableForm(at: ["smtp"]), .inline)
    }

    func testKeyAddedToSpacedAndQuotedHeaders() throws {
        XCTAssertEqual(try edited("[ smtp ]\nuser = \"a\"\n") { try $0.set(.string("b"), at: ["smtp", "endpoint"]) },
                       "[ smtp ]\nuser = \"a\"\nendpoint = \"b\"\n")
        XCTAssertEqual(try edited("[\"smtp\"]\nuser = \"a\"\n\n[x]\n") { try $0.set(.string("b"), at: ["smtp", "endpoint"]) },
                       "[\"smtp\"]\nuser = \"a\"\nendpoint = \"b\"\n\n[x]\n")
        XCTAssertEqual(try TOMLDocument(parsing: "[\"smtp\"]\n").tableForm(at: ["smtp"]), .header)
    }

    func testSuperTableDefinedAfterSubTable() throws {
        let text = "[a.b]\nc = 1\n\n[a]\nd = 2\n\n[z]\n"
        XCTAssertEqual(try edited(text) { try $0.set(.integer(3), at: ["a", "e"]) },
                       "[a.b]\nc = 1\n\n[a]\nd = 2\ne = 3\n\n[z]\n")
    }

    func testImplicitSuperTableGetsItsOwnHeaderAtTheEnd() throws {
        let text = "[a.b]\nc = 1\n"
        XCTAssertEqual(try TOMLDocument(parsing: text).tableForm(at: ["a"]), .implicit)
        XCTAssertEqual(try edited(text) { try $0.set(.integer(3), at: ["a", "e"]) }, "[a.b]\nc = 1\n\n[a]\ne = 3\n")
    }

    func testCRLFStaysCRLF() throws {
        XCTAssertEqual(try edited("# c\r\n[smtp]\r\nuser = \"a\"\r\n") { try $0.set(.string("b"), at: ["smtp", "endpoint"]) },
                       "# c\r\n[smtp]\r\nuser = \"a\"\r\nendpoint = \"b\"\r\n")
    }

    func testMissingFinalNewlineStaysMissing() throws {
        XCTAssertEqual(try edited("[smtp]\nuser = \"a\"") { try $0.set(.string("b"), at: ["smtp", "endpoint"]) },
                       "[smtp]\nuser = \"a\"\nendpoint = \"b\"")
        XCTAssertEqual(try edited("x = 1") { try $0.set(.string("b"), at: ["smtp", "endpoint"]) },
                       "x = 1\n\n[smtp]\nendpoint = \"b\"")
        XCTAssertEqual(try edited("[smtp]\nuser = \"a\"\nendpoint = \"b\"") { $0.removeValue(at: ["smtp", "endpoint"]) },
                       "[smtp]\nuser = \"a\"")
    }

    func testByteOrderMarkStaysFirst() throws {
        XCTAssertEqual(try edited("\u{FEFF}[smtp]\n") { try $0.set(.string("b"), at: ["smtp", "user"]) },
                       "\u{FEFF}[smtp]\nuser = \"b\"\n")
        XCTAssertEqual(try edited("\u{FEFF}\n[smtp]\n") { try $0.set(.boolean(true), at: ["skip"]) },
                       "\u{FEFF}skip = true\n\n[smtp]\n")
    }

    func testIndentedTableKeepsIndentation() throws {
        XCTAssertEqual(try edited("[server]\n  a = 1\n  [server.smtp]\n    user = \"a\"\n") {
            try $0.set(.string("b"), at: ["server", "smtp", "endpoint"])
        }, "[server]\n  a = 1\n  [server.smtp]\n    user = \"a\"\n    endpoint = \"b\"\n")
        XCTAssertEqual(try edited("\t[smtp]\n") { try $0.set(.string("b"), at: ["smtp", "user"]) },
                       "\t[smtp]\n\tuser = \"b\"\n")
    }

    func testRemovingAKeyKeepsNeighboursComments() throws {
        let text = "[smtp]\n# the login\nuser = \"a\" # inline\n# the secret\nsecret = \"s\" # gone\n# after\nport = 1\n"
        XCTAssertEqual(try edited(text) { XCTAssertTrue($0.removeValue(at: ["smtp", "secret"])) },
                       "[smtp]\n# the login\nuser = \"a\" # inline\n# the secret\n# after\nport = 1\n")
        XCTAssertEqual(try edited(text) { XCTAssertFalse($0.removeValue(at: ["smtp", "missing"])) }, text)
    }

    func testRemovingFromInlineTable() throws {
        XCTAssertEqual(try edited("t = { a = 1, b = 2, c = 3 }\n") { $0.removeValue(at: ["t", "b"]) }, "t = { a = 1, c = 3 }\n")
        XCTAssertEqual(try edited("t = { a = 1, b = 2 }\n") { $0.removeValue(at: ["t", "b"]) }, "t = { a = 1 }\n")
        XCTAssertEqual(try edited("t = { a = 1, b = 2 }\n") { $0.removeValue(at: ["t", "a"]) }, "t = { b = 2 }\n")
        XCTAssertEqual(try edited("t = { a = 1 }\n") { $0.removeValue(at: ["t", "a"]) }, "t = { }\n")
    }

    func testOutOfOrderDottedKeysStayInTheirOrder() throws {
        let text = "apple.type = \"fruit\"\norange.type = \"fruit\"\napple.skin = \"thin\"\norange.skin = \"thick\"\n"
        XCTAssertEqual(try edited(text) { try $0.set(.string("red"), at: ["apple", "color"]) },
                       "apple.type = \"fruit\"\norange.type = \"fruit\"\napple.skin = \"thin\"\napple.color = \"red\"\norange.skin = \"thick\"\n")
        XCTAssertEqual(try edited(text) { try $0.set(.string("green"), at: ["apple", "type"]) },
                       "apple.type = \"green\"\norange.type = \"fruit\"\napple.skin = \"thin\"\norange.skin = \"thick\"\n")
    }

    func testEmptyFile() throws {
        XCTAssertEqual(try edited("") { try $0.set(.string("a"), at: ["smtp", "user"]) }, "[smtp]\nuser = \"a\"\n")
        XCTAssertEqual(try edited("") { try $0.set(.boolean(true), at: ["skip"]) }, "skip = true\n")
    }

    func testFileOfCommentsOnly() throws {
        XCTAssertEqual(try edited("# config\n# more\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "# config\n# more\n\n[smtp]\nuser = \"a\"\n")
        XCTAssertEqual(try edited("# config\n") { try $0.set(.boolean(true), at: ["skip"]) }, "# config\nskip = true\n")
    }

    func testFileOfOnlyBlankLinesKeepsThemAndGetsNoBlankLineAdded() throws {
        XCTAssertEqual(try edited("\n") { try $0.set(.string("x"), at: ["smtp", "user"]) }, "\n[smtp]\nuser = \"x\"\n")
        XCTAssertEqual(try edited("\n\n\n") { try $0.set(.string("x"), at: ["smtp", "user"]) },
                       "\n\n\n[smtp]\nuser = \"x\"\n")
        XCTAssertEqual(try edited(" \t\n  \n") { try $0.set(.string("x"), at: ["smtp", "user"]) },
                       " \t\n  \n[smtp]\nuser = \"x\"\n")
        XCTAssertEqual(try edited("\r\n\r\n") { try $0.set(.string("x"), at: ["smtp", "user"]) },
                       "\r\n\r\n[smtp]\r\nuser = \"x\"\r\n")
        XCTAssertEqual(try edited("  ") { try $0.set(.string("x"), at: ["smtp", "user"]) }, "  \n[smtp]\nuser = \"x\"\n")
        XCTAssertEqual(try edited("\n\n") { try $0.set(.boolean(true), at: ["skip"]) }, "\n\nskip = true\n")
        XCTAssertEqual(try edited("  ") { try $0.set(.boolean(true), at: ["skip"]) }, "  \nskip = true\n")
    }

    func testAnExistingBlankLastLineServesAsTheBlankLineBeforeANewTable() throws {
        XCTAssertEqual(try edited("x = 1\n  \n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "x = 1\n  \n[smtp]\nuser = \"a\"\n")
        XCTAssertEqual(try edited("x = 1\r\n\t\r\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "x = 1\r\n\t\r\n[smtp]\r\nuser = \"a\"\r\n")
        XCTAssertEqual(try edited("x = 1\n\n\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "x = 1\n\n\n[smtp]\nuser = \"a\"\n")
    }

    func testByteOrderMarkOnlyFileCountsAsEmpty() throws {
        XCTAssertEqual(try edited("\u{FEFF}") { try $0.set(.string("x"), at: ["smtp", "user"]) }, "\u{FEFF}[smtp]\nuser = \"x\"\n")
        XCTAssertEqual(try edited("\u{FEFF}") { try $0.set(.boolean(true), at: ["skip"]) }, "\u{FEFF}skip = true\n")
        XCTAssertEqual(try edited("\u{FEFF}\n") { try $0.set(.string("x"), at: ["smtp", "user"]) },
                       "\u{FEFF}\n[smtp]\nuser = \"x\"\n")
    }

    func testByteOrderMarkAndCommentsOnlyBehaveLikeCommentsOnly() throws {
        for text in ["# config\n# more\n", "# config", "# config\n\n", "# config\r\n"] {
            let plainTable = try edited(text) { try $0.set(.string("a"), at: ["smtp", "user"]) }
            XCTAssertEqual(try edited("\u{FEFF}" + text) { try $0.set(.string("a"), at: ["smtp", "user"]) }, "\u{FEFF}" + plainTable)
            let plainRoot = try edited(text) { try $0.set(.boolean(true), at: ["skip"]) }
            XCTAssertEqual(try edited("\u{FEFF}" + text) { try $0.set(.boolean(true), at: ["skip"]) }, "\u{FEFF}" + plainRoot)
        }
        XCTAssertEqual(try edited("\u{FEFF}# config") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "\u{FEFF}# config\n\n[smtp]\nuser = \"a\"")
        XCTAssertEqual(try edited("\u{FEFF}# config\n\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "\u{FEFF}# config\n\n[smtp]\nuser = \"a\"\n")
        XCTAssertEqual(try edited("\u{FEFF}# config\n") { try $0.set(.boolean(true), at: ["skip"]) },
                       "\u{FEFF}# config\nskip = true\n")
    }

    func testCRLFFileWithOnlyAComment() throws {
        XCTAssertEqual(try edited("# config\r\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "# config\r\n\r\n[smtp]\r\nuser = \"a\"\r\n")
        XCTAssertEqual(try edited("# config\r\n") { try $0.set(.boolean(true), at: ["skip"]) },
                       "# config\r\nskip = true\r\n")
    }

    func testSettingInPlaceKeepsCommentsAroundTheValue() throws {
        let text = "[smtp]\n# who logs in\n  user   =   'old' # the login\nport = 1\n"
        XCTAssertEqual(try edited(text) { try $0.set(.string("new \"one\"\\"), at: ["smtp", "user"]) },
                       "[smtp]\n# who logs in\n  user   =   \"new \\\"one\\\"\\\\\" # the login\nport = 1\n")
    }

    func testSettingInsideInlineTableInPlace() throws {
        XCTAssertEqual(try edited("smtp = { user = 'a', tls = { mode = 'x' } } # c\n") {
            try $0.set(.string("y"), at: ["smtp", "tls", "mode"])
        }, "smtp = { user = 'a', tls = { mode = \"y\" } } # c\n")
    }

    func testAppendingANewTable() throws {
        XCTAssertEqual(try edited("[server]\nport = 1\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "[server]\nport = 1\n\n[smtp]\nuser = \"a\"\n")
        XCTAssertEqual(try edited("[server]\nport = 1\n\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "[server]\nport = 1\n\n[smtp]\nuser = \"a\"\n")
        XCTAssertEqual(try edited("[server]\r\nport = 1\r\n") { try $0.set(.string("a"), at: ["smtp", "user"]) },
                       "[server]\r\nport = 1\r\n\r\n[smtp]\r\nuser = \"a\"\r\n")
    }

    func testRootKeyGoesBeforeTheFirstHeaderAfterTopComments() throws {
        XCTAssertEqual(try edited("# top\n\n# server\n[server]\n") { try $0.set(.boolean(true), at: ["skip"]) },
                       "# top\nskip = true\n\n# server\n[server]\n")
        XCTAssertEqual(try edited("# top\na = 1\n\n[server]\n") { try $0.set(.boolean(true), at: ["skip"]) },
                       "# top\na = 1\nskip = true\n\n[server]\n")
        XCTAssertEqual(try edited("# top\n[server]\n") { try $0.set(.boolean(true), at: ["skip"]) },
                       "# top\nskip = true\n\n[server]\n")
    }

    func testErrorsOnNonTablesAndConflicts() throws {
        var document = try TOMLDocument(parsing: "a = 1\n[[arr]]\nx = 1\n[t.sub]\n")
        XCTAssertThrowsError(try document.set(.integer(1), at: ["a", "b"])) {
            XCTAssertEqual(($0 as? TOMLError)?.reason, .notATable("a"))
        }
        XCTAssertThrowsError(try document.set(.integer(1), at: ["arr", "x"])) {
            XCTAssertEqual(($0 as? TOMLError)?.reason, .notATable("arr"))
        }
        XCTAssertThrowsError(try document.set(.integer(1), at: ["t", "sub"])) {
            XCTAssertEqual(($0 as? TOMLError)?.description, "`t.sub` already exists as a table")
        }
        XCTAssertEqual(document.description, "a = 1\n[[arr]]\nx = 1\n[t.sub]\n")
    }

    func testValueAndTableFormLookups() throws {
        let document = try TOMLDocument(parsing: "smtp.user = 'a'\n[x]\ny = { z = 1 }\n[x.w]\n")
        XCTAssertEqual(document.value(at: ["smtp"]), .table(["user": .string("a")]))
        XCTAssertEqual(document.tableForm(at: ["smtp"]), .dotted)
        XCTAssertEqual(document.tableForm(at: ["x"]), .header)
        XCTAssertEqual(document.tableForm(at: ["x", "y"]), .inline)
        XCTAssertEqual(document.tableForm(at: ["x", "w"]), .header)
        XCTAssertNil(document.tableForm(at: ["smtp", "user"]))
        XCTAssertNil(document.value(at: ["nope"]))
    }

    func testDottedTableInsideInlineTable() throws {
        XCTAssertEqual(try edited("smtp = { tls.mode = \"a\" }\n") { try $0.set(.boolean(true), at: ["smtp", "tls", "verify"]) },
                       "smtp = { tls.mode = \"a\", tls.verify = true }\n")
        XCTAssertEqual(try TOMLDocument(parsing: "smtp = { tls.mode = 1 }").tableForm(at: ["smtp", "tls"]), .inline)
    }

    func testMissingSubTableIsAppendedAsHeader() throws {
        XCTAssertEqual(try edited("[smtp]\nuser = \"a\"\n") { try $0.set(.string("x"), at: ["smtp", "tls", "mode"]) },
                       "[smtp]\nuser = \"a\"\n\n[smtp.tls]\nmode = \"x\"\n")
        XCTAssertEqual(try edited("smtp.user = 1\n") { try $0.set(.string("x"), at: ["smtp", "tls", "mode"]) },
                       "smtp.user = 1\n\n[smtp.tls]\nmode = \"x\"\n")
    }

    func testKeysThatNeedQuotes() throws {
        XCTAssertEqual(try edited("[\"a b\"]\n") { try $0.set(.integer(1), at: ["a b", "c.d"]) },
                       "[\"a b\"]\n\"c.d\" = 1\n")
        XCTAssertEqual(try edited("") { try $0.set(.integer(1), at: ["a b", "é"]) }, "[\"a b\"]\n\"é\" = 1\n")
    }

    func testReplacingValuesOfOtherTypes() throws {
        let text = "a = 1 # one\nb = [1, 2]\nc = 1979-05-27\n"
        XCTAssertEqual(try edited(text) {
            try $0.set(.array([.integer(3), .string("x")]), at: ["a"])
            try $0.set(.float(0.5), at: ["b"])
            try $0.set(.localDate("2026-11-25"), at: ["c"])
        }, "a = [3, \"x\"] # one\nb = 0.5\nc = 2026-11-25\n")
    }
}
