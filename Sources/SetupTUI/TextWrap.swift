/// Word wrapping and truncation by display width.
enum TextWrap {
    /// `text` broken into lines of at most `width` cells, at spaces where possible.
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(word)
                let wordWidth = DisplayWidth.of(word)
                if lineWidth > 0, lineWidth + 1 + wordWidth > width {
                    result.append(line)
                    line = ""
                    lineWidth = 0
                }
                while DisplayWidth.of(word) > width {
                    let head = truncate(word, width: width, ellipsis: false)
                    result.append(head)
                    word = String(word.dropFirst(head.count))
                }
                if lineWidth > 0 {
                    line += " "
                    lineWidth += 1
                }
                line += word
                lineWidth += DisplayWidth.of(word)
            }
            result.append(line)
        }
        return result
    }

    /// `text` cut to `width` cells, ending in `…` when cut.
    static func truncate(_ text: String, width: Int, ellipsis: Bool = true) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var result = ""
        var used = 0
        let room = ellipsis ? width - 1 : width
        for character in text {
            let characterWidth = DisplayWidth.of(character)
            if used + characterWidth > room { break }
            result.append(character)
            used += characterWidth
        }
        return ellipsis ? result + "…" : result
    }

    /// `text` cut from the left to `width` cells, starting with `…` when cut (for paths).
    static func truncateLeft(_ text: String, width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text.reversed() {
            let characterWidth = DisplayWidth.of(character)
            if used + characterWidth > width - 1 { break }
            result.insert(character, at: result.startIndex)
            used += characterWidth
        }
        return "…" + result
    }
}
