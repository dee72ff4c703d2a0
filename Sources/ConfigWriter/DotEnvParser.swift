/// The reading side of `DotEnvDocument`: finds each assignment, its value as dotenvy reads it, and where it is written.
///
/// Differences from dotenvy, all more lenient: an unquoted value may hold spaces (as docker compose allows),
/// an unknown escape keeps its backslash, and a quote right after `$NAME` ends the name instead of being copied.
/// Each of these is recorded as a `DotenvyIssue`, since the server (dotenvy) refuses or misreads such a line.
struct DotEnvParser {
    let bytes: [UInt8]
    let environment: [String: String]

    private struct Line {
        var start: Int
        /// End of the line's content (before `\n`, and before a `\r` that precedes it).
        var end: Int
    }

    private enum Substitution {
        case none, bare, braced
    }

    /// All assignments in file order, and the first line dotenvy would read differently, if any.
    func parse() throws(DotEnvDocument.SyntaxError) -> (entries: [DotEnvDocument.Entry], dotenvyIssue: DotenvyIssue?) {
        let lines = splitLines()
        var known: [String: String] = [:]
        var entries: [DotEnvDocument.Entry] = []
        var dotenvyIssue: DotenvyIssue?
        var index = 0
        while index < lines.count {
            var position = lines[index].start
            if index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position += 3 }
            let end = trimmedEnd(lines[index])
            position = skipBlanks(from: position, to: end)
            if position >= end || bytes[position] == UInt8(ascii: "#") {
                index += 1
                continue
            }
            var name = try key(at: &position, end: end, line: index)
            position = skipBlanks(from: position, to: end)
            if name == "export", position < end, bytes[position] != UInt8(ascii: "=") {
                name = try key(at: &position, end: end, line: index)
                position = skipBlanks(from: position, to: end)
            }
            guard position < end, bytes[position] == UInt8(ascii: "=") else {
                throw .init(line: index + 1, reason: "expected NAME=value")
            }
            position = skipBlanks(from: position + 1, to: end)
            let firstLine = index
            var (value, valueEnd) = ("", position)
            if position < end, bytes[position] != UInt8(ascii: "#") {
                var issue: String?
                (value, valueEnd) = try scanValue(from: position, lines: lines, lineIndex: &index, known: known, issue: &issue)
                if dotenvyIssue == nil, let issue { dotenvyIssue = DotenvyIssue(line: firstLine + 1, reason: issue) }
            }
            known[name] = value
            entries.append(.init(name: name, value: value, lines: firstLine...index, valueRange: position..<valueEnd))
            index += 1
        }
        return (entries, dotenvyIssue)
    }

    private func splitLines() -> [Line] {
        var lines: [Line] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            let end = offset > start && bytes[offset - 1] == UInt8(ascii: "\r") ? offset - 1 : offset
            lines.append(Line(start: start, end: end))
            start = offset + 1
        }
        if start < bytes.count { lines.append(Line(start: start, end: bytes.count)) }
        return lines
    }

    private func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D
    }

    private func trimmedEnd(_ line: Line) -> Int {
        var end = line.end
        while end > line.start, isBlank(bytes[end - 1]) { end -= 1 }
        return end
    }

    private func skipBlanks(from position: Int, to end: Int) -> Int {
        var position = position
        while position < end, isBlank(bytes[position]) { position += 1 }
        return position
    }

    private func isNameStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    private func key(at position: inout Int, end: Int, line: Int) throws(DotEnvDocument.SyntaxError) -> String {
        guard position < end, isNameStart(bytes[position]) else {
            throw .init(line: line + 1, reason: "expected a variable name (letters, digits, underscores) followed by =")
        }
        let start = position
        while position < end, isAlphanumeric(bytes[position]) || bytes[position] == UInt8(ascii: "_") || bytes[position] == UInt8(ascii: ".") {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Reads a value starting at `start`, crossing lines while a quote is open; returns it and the end of its text.
    /// `issue` is set when dotenvy would refuse the value or read it differently.
    private func scanValue(
        from start: Int, lines: [Line], lineIndex: inout Int, known: [String: String], issue: inout String?
    ) throws(DotEnvDocument.SyntaxError) -> (String, Int) {
        var output: [UInt8] = []
        var strong = false
        var weak = false
        var escaped = false
        var substitution = Substitution.none
        var variable: [UInt8] = []
        var position = start
        var lineEnd = trimmedEnd(lines[lineIndex])
        var valueEnd = start

        func substitute() {
            let name = String(decoding: variable, as: UTF8.self)
            output += Array((environment[name] ?? known[name] ?? "").utf8)
            variable = []
            substitution = .none
        }

        while true {
            if position >= lineEnd {
                if strong || weak {
                    guard lineIndex + 1 < lines.count else {
                        throw .init(line: lineIndex + 1, reason: "the quoted value is not closed")
                    }
                    output.append(UInt8(ascii: "\n"))
                    lineIndex += 1
                    position = lines[lineIndex].start
                    lineEnd = lines[lineIndex].end
                    continue
                }
                break
            }
            let byte = bytes[position]
            if escaped {
                switch byte {
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "$"), UInt8(ascii: " "): output.append(byte)
                case UInt8(ascii: "n"): output.append(UInt8(ascii: "\n"))
                default:
                    output += [UInt8(ascii: "\\"), byte]
                    if issue == nil { issue = "an escape dotenvy does not know (only \\\\ \\\" \\' \\$ \\n and backslash-space)" }
                }
                escaped = false
            } else if strong {
                if byte == UInt8(ascii: "'") { strong = false } else { output.append(byte) }
            } else if substitution == .braced {
                if byte == UInt8(ascii: "}") { substitute() } else { variable.append(byte) }
            } else if substitution == .bare, isAlphanumeric(byte) {
                variable.append(byte)
            } else if substitution == .bare, byte == UInt8(ascii: "{"), variable.isEmpty {
                substitution = .braced
            } else {
                if substitution == .bare {
                    substitute()
                    if issue == nil, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") || isBlank(byte) {
                        issue = "a quote, backslash or space right after a $NAME reference, which dotenvy copies literally (write ${NAME})"
                    }
                }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "$") {
                    substitution = .bare
                } else if weak {
                    if byte == UInt8(ascii: "\"") { weak = false } else { output.append(byte) }
                } else if byte == UInt8(ascii: "'") {
                    strong = true
                } else if byte == UInt8(ascii: "\"") {
                    weak = true
                } else if isBlank(byte) {
                    let next = skipBlanks(from: position, to: lineEnd)
                    if next >= lineEnd || bytes[next] == UInt8(ascii: "#") { break }
                    if issue == nil { issue = "a space in a value outside quotes, which dotenvy refuses (put the value in double quotes)" }
                    output += bytes[position..<next]
                    position = next
                    continue
                } else {
                    output.append(byte)
                }
            }
            position += 1
            valueEnd = position
        }
        if substitution == .braced { throw .init(line: lineIndex + 1, reason: "${ is not closed with }") }
        if substitution == .bare { substitute() }
        if escaped { output.append(UInt8(ascii: "\\")) }
        return (String(decoding: output, as: UTF8.self), valueEnd)
    }
}

/// The first line of a `.env` file that dotenvy, the server's reader, refuses or reads differently from this parser.
/// dotenvy stops loading at a line it refuses, so no variable from that line on reaches the server.
struct DotenvyIssue: Sendable, Equatable {
    /// The 1-based line where the assignment starts.
    var line: Int
    /// What dotenvy objects to.
    var reason: String
}
