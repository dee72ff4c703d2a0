/// An invalid document, or an edit that would make one: where and what.
///
/// `line` and `column` are 1-based; the column counts characters (Unicode scalars), not bytes.
/// Errors raised by an edit rather than by parsing carry line 0 and column 0.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the offending character (0 for an edit error).
    public var line: Int
    /// The 1-based column, in characters, of the offending character (0 for an edit error).
    public var column: Int
    /// What is wrong.
    public var reason: Reason

    /// What is wrong with a document or an edit. Key paths are written as TOML keys, e.g. `smtp.user`.
    public enum Reason: Sendable, Equatable {
        /// A key is defined twice in the same table.
        case duplicateKey(String)
        /// A `[table]` header names a table that is already defined (by a header or by dotted keys).
        case tableDefinedTwice(String)
        /// A header or a dotted key tries to add to an inline table, which is closed once written.
        case inlineTableExtended(String)
        /// A key path goes through a value that is not a table (or through an array).
        case notATable(String)
        /// A control character (U+0000–U+001F or U+007F, or a carriage return without a line feed)
        /// where TOML does not allow it.
        case controlCharacter(UInt32)
        /// The bytes are not valid UTF-8.
        case invalidUTF8
        /// A character that cannot appear here; `expected` says what could.
        case unexpectedCharacter(found: String, expected: String)
        /// The document ends where more was expected.
        case unexpectedEnd(expected: String)
        /// A string is not closed on its line (or, for multi-line strings, before the end).
        case unterminatedString
        /// A backslash escape that TOML does not define, or a `\u` escape that is not a Unicode scalar.
        case invalidEscape(String)
        /// A malformed number, e.g. a leading zero, a misplaced underscore or a missing digit.
        case invalidNumber(String)
        /// An integer outside the 64-bit signed range.
        case integerOutOfRange(String)
        /// A malformed or impossible date or time, e.g. month 13 or February 30.
        case invalidDateTime(String)
        /// An edit would define a key that already exists as a table (or the other way round).
        case keyConflict(String)
        /// An edit was asked for an empty key path.
        case emptyKeyPath
        /// The document is 1 GiB or larger.
        case tooLarge
        /// Arrays and inline tables are nested deeper than this limit.
        case nestedTooDeeply(Int)
        /// Tables are nested deeper than this limit (each part of a header or dotted key, and each inline
        /// table, is one level).
        case tablesNestedTooDeeply(Int)
    }

    /// Creates an error at a position.
    public init(line: Int, column: Int, reason: Reason) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// "line 3, column 7: duplicate key `user`"; edit errors have no position prefix.
    public var description: String {
        line > 0 ? "line \(line), column \(column): \(reason.text)" : reason.text
    }
}

extension TOMLError.Reason {
    /// The human-readable text of the reason; the one place reasons become words.
    public var text: String {
        switch self {
        case .duplicateKey(let key): return "duplicate key `\(key)`"
        case .tableDefinedTwice(let key): return "table `\(key)` is defined twice"
        case .inlineTableExtended(let key):
            return "`\(key)` is an inline table, which cannot be extended after it is written"
        case .notATable(let key): return "`\(key)` is not a table, so no key can be added under it"
        case .controlCharacter(let code):
            let hex = String(code, radix: 16, uppercase: true)
            return "control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) is not allowed here"
                + (code == 0x0D ? " (a carriage return must be followed by a line feed)" : "")
        case .invalidUTF8: return "the file is not valid UTF-8"
        case .unexpectedCharacter(let found, let expected): return "unexpected \(found); expected \(expected)"
        case .unexpectedEnd(let expected): return "unexpected end of file; expected \(expected)"
        case .unterminatedString: return "unterminated string"
        case .invalidEscape(let escape): return "invalid escape sequence `\(escape)`"
        case .invalidNumber(let text): return "invalid number `\(text)`"
        case .integerOutOfRange(let text): return "integer `\(text)` does not fit in 64 bits"
        case .invalidDateTime(let text): return "invalid date or time `\(text)`"
        case .keyConflict(let key): return "`\(key)` already exists as a table"
        case .emptyKeyPath: return "an empty key path names no value"
        case .tooLarge: return "the file is 1 GiB or larger"
        case .nestedTooDeeply(let limit): return "arrays and inline tables are nested more than \(limit) deep"
        case .tablesNestedTooDeeply(let limit):
            return "tables are nested more than \(limit) deep (a key or header has too many parts)"
        }
    }
}

/// A parse failure at a byte offset; turned into a `TOMLError` with line and column at the parse boundary.
struct TOMLParseFailure: Error {
    var offset: Int
    var reason: TOMLError.Reason

    /// The public error, with the 1-based line and character column of `offset` in `bytes`.
    func error(in bytes: [UInt8]) -> TOMLError {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return TOMLError(line: line, column: column, reason: reason)
    }
}
