/// How a document's text ends, which decides what an edit puts before a line it appends.
struct TOMLTextEnd {
    /// Whether the text holds nothing but an optional byte-order mark and whitespace (spaces, tabs, line
    /// endings): an appended line needs no blank line before it, and ends with a line ending.
    let isBlank: Bool
    /// Whether the text after the byte-order mark is non-empty and does not end with a line feed, so an
    /// appended line needs a line ending first.
    let needsLineEnding: Bool
    /// Whether the last line before the final line ending is blank (spaces and tabs at most).
    let endsWithBlankLine: Bool

    init(_ bytes: [UInt8]) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        isBlank = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        needsLineEnding = !body.isEmpty && body.last != 0x0A
        var index = body.endIndex - 1
        guard index >= body.startIndex, body[index] == 0x0A else {
            endsWithBlankLine = false
            return
        }
        if index > body.startIndex, body[index - 1] == 0x0D { index -= 1 }
        index -= 1
        while index >= body.startIndex, body[index] == 0x20 || body[index] == 0x09 { index -= 1 }
        endsWithBlankLine = index >= body.startIndex && body[index] == 0x0A
    }

    /// Whether an appended last line goes without a line ending, keeping a missing final newline missing.
    /// A blank text counts as empty, and an empty file gets a final newline.
    var keepsFinalNewlineMissing: Bool { needsLineEnding && !isBlank }
}
