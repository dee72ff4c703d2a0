/// `${NAME}` references, which the server substitutes anywhere in config.toml (SPEC §2).
public enum VariableReference {
    /// True when `name` is a valid variable name: `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isNameStart(first) else { return false }
        return name.unicodeScalars.allSatisfy { isNameStart($0) || ("0"..."9").contains($0) }
    }

    /// The variable name when `text` is exactly one `${NAME}` reference, otherwise `nil`.
    public static func wholeReference(in text: String) -> String? {
        guard text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 else { return nil }
        let name = String(text.dropFirst(2).dropLast())
        return isValidName(name) ? name : nil
    }

    /// The names referenced in `text`, in order of appearance, each once.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        forEachReference(in: text) { name, _ in
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// `text` with every `${NAME}` replaced by `lookup(NAME)`; a reference whose lookup is `nil` stays as written.
    public static func substitute(in text: String, lookup: (String) -> String?) -> String {
        var result = ""
        var cursor = text.startIndex
        forEachReference(in: text) { name, range in
            result += text[cursor..<range.lowerBound]
            result += lookup(name) ?? String(text[range])
            cursor = range.upperBound
        }
        result += text[cursor...]
        return result
    }

    private static func forEachReference(in text: String, _ body: (String, Range<String.Index>) -> Void) {
        var index = text.startIndex
        while let open = text[index...].firstRange(of: "${") {
            guard let close = text[open.upperBound...].firstIndex(of: "}") else { return }
            let name = String(text[open.upperBound..<close])
            let end = text.index(after: close)
            if isValidName(name) {
                body(name, open.lowerBound..<end)
                index = end
            } else {
                index = open.upperBound
            }
        }
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || scalar == "_"
    }
}
