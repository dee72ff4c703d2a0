import LosslessTOML
import SMTPSettings

/// Hides secret values in diffs by where they are in each file's syntax tree: in config.toml every value under
/// a key named `secret` (or `password`, which repair renames to it) that is not exactly `${NAME}` (any quoting,
/// `"""` strings over several lines, any length, also a number), in `.env` every value. The text of such an
/// inline secret is also hidden wherever else it appears on a line (say in a database URL), in both versions of
/// the file, when it is `minimumSearchedLength` bytes or longer and on one line (a shorter one would hide
/// ordinary text).
enum SecretMask {
    /// What a masked TOML string shows.
    static let maskedTOMLValue = "\"***\""
    /// What a masked `.env` value, a line inside a masked multi-line value, or a secret's text elsewhere shows.
    static let maskedText = "***"
    /// The shortest inline secret whose text is searched for outside its own value.
    static let minimumSearchedLength = 4

    /// The lines of a file as a diff shows them, each masked when it is asked for.
    struct Lines: Sendable {
        let bytes: [UInt8]
        /// What to replace, sorted by start.
        let ranges: [(range: Range<Int>, replacement: String)]
        /// Secret texts to hide wherever they appear.
        var hidden: [String] = []
        /// How many lines there are (split at `\n`; no line after a final line feed).
        let count: Int
        /// Where every `checkpointSpacing`-th line starts: a line is found from the one before it, so a large
        /// file costs 4 bytes per that many lines (a diff shows few of them).
        private let checkpoints: [UInt32]
        static let checkpointSpacing = 64

        init(_ bytes: [UInt8], ranges: [(range: Range<Int>, replacement: String)]) {
            self.bytes = bytes
            self.ranges = ranges.sorted { $0.range.lowerBound < $1.range.lowerBound }
            var checkpoints: [UInt32] = bytes.isEmpty ? [] : [0]
            var count = bytes.isEmpty ? 0 : 1
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") && offset + 1 < bytes.count {
                if count % Lines.checkpointSpacing == 0 { checkpoints.append(UInt32(offset + 1)) }
                count += 1
            }
            self.count = count
            self.checkpoints = checkpoints
        }

        /// Line `index` with each range replaced by its text on the line it starts on and by `***` on lines it
        /// continues onto, and the hidden texts by `***`; a final `\r` dropped. Nil past the last line.
        subscript(index: Int) -> String? {
            guard index >= 0, index < count else { return nil }
            var start = Int(checkpoints[index / Lines.checkpointSpacing])
            for _ in 0..<(index % Lines.checkpointSpacing) { start = (bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count) + 1 }
            var end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let masked = ranges.filter { $0.range.upperBound > start && $0.range.lowerBound < max(end, start + 1) }
            // A line without a masked value is made straight from its bytes: one copy of a long line, not two.
            var text: String
            if masked.isEmpty {
                text = String(decoding: bytes[start..<end], as: UTF8.self)
            } else {
                var line: [UInt8] = []
                var cursor = start
                for (range, replacement) in masked {
                    if range.lowerBound >= cursor {
                        line += bytes[cursor..<range.lowerBound]
                        line += Array(replacement.utf8)
                    } else if cursor == start {
                        line += Array(maskedText.utf8)
                    }
                    cursor = max(cursor, min(range.upperBound, end))
                }
                line += bytes[min(cursor, end)..<end]
                text = String(decoding: line, as: UTF8.self)
            }
            for secret in hidden where text.utf8.count >= secret.utf8.count {
                text = SecretMask.replacing(secret, in: text)
            }
            return text
        }

        /// Every line.
        var all: [String] { (0..<count).compactMap { self[$0] } }
    }

    /// The lines of config.toml as a diff shows them (split at `\n`, a final `\r` dropped). A file that
    /// does not parse has every line masked.
    static func configLines(_ bytes: [UInt8]) -> [String] {
        let (lines, secrets) = configMask(bytes, document: nil)
        var masked = lines
        masked.hidden = secrets
        return masked.all
    }

    /// The key names whose values are secrets.
    static let secretKeys = ["secret", "password"]

    /// The masked lines of both versions of config.toml, each version's long inline secrets hidden in both.
    /// `documents` are the parsed versions when the caller has them (unedited parses of the bytes, or trees read
    /// back from them with the ranges of `secretKeys`).
    static func configLines(before: [UInt8], after: [UInt8], documents: (before: TOMLValueTree, after: TOMLValueTree)?) -> (Lines, Lines) {
        var (old, oldSecrets) = configMask(before, document: documents?.before)
        var (new, newSecrets) = configMask(after, document: documents?.after)
        old.hidden = oldSecrets + newSecrets
        new.hidden = old.hidden
        return (old, new)
    }

    /// The lines with the secrets' values masked, and the inline secrets to search for elsewhere.
    private static func configMask(_ bytes: [UInt8], document: TOMLValueTree?) -> (Lines, [String]) {
        guard let document = document ?? (try? TOMLValueTree(parsing: bytes)) else {
            return (Lines(bytes, ranges: [(0..<bytes.count, maskedText)]), [])
        }
        var secrets: [String] = []
        let paths = secretKeys.flatMap { document.keyPaths(named: $0) }
        let ranges = paths.compactMap { path -> (Range<Int>, String)? in
            guard let value = document.value(at: path), let range = document.valueByteRange(at: path) else { return nil }
            guard let text = value.stringValue else { return (range, maskedTOMLValue) }
            guard VariableReference.wholeReference(in: text) == nil else { return nil }
            if text.utf8.count >= minimumSearchedLength, !text.utf8.contains(UInt8(ascii: "\n")), !text.utf8.contains(UInt8(ascii: "\r")) {
                secrets.append(text)
            }
            return (range, maskedTOMLValue)
        }
        return (Lines(bytes, ranges: ranges), secrets)
    }

    /// The lines of a `.env` file as a diff shows them, every value masked; a file that does not parse has
    /// every line masked.
    static func envLines(_ bytes: [UInt8]) -> Lines {
        guard let document = try? DotEnvDocument(parsing: bytes) else { return Lines(bytes, ranges: [(0..<bytes.count, maskedText)]) }
        return Lines(bytes, ranges: document.entries.map { ($0.valueRange, maskedText) })
    }

    /// `text` with every occurrence of `secret` (compared as bytes) replaced by `***`.
    static func replacing(_ secret: String, in text: String) -> String {
        let needle = Array(secret.utf8)
        let haystack = Array(text.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return text }
        var output: [UInt8] = []
        var index = 0
        var found = false
        while index < haystack.count {
            if haystack[index] == needle[0], index + needle.count <= haystack.count, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                output += Array(maskedText.utf8)
                index += needle.count
                found = true
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return found ? String(decoding: output, as: UTF8.self) : text
    }
}
