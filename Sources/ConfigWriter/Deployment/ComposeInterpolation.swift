/// Variable interpolation in compose file values, as docker compose performs it.
///
/// `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alternative}`, `${NAME+alternative}`,
/// `${NAME:?message}`, `${NAME?message}` and `$$` for a literal `$`. Values come from the shell environment of
/// the `docker compose` run, then from the project's `.env` file.
enum ComposeInterpolation {
    /// `text` with every reference replaced; an unset variable without a default becomes empty, as in compose.
    static func interpolate(_ text: String, lookup: (String) -> String?) -> String {
        var output = ""
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            guard first == "$", let next = scalars.first else {
                output.unicodeScalars.append(first)
                continue
            }
            if next == "$" {
                output += "$"
                scalars = scalars.dropFirst()
            } else if next == "{", let close = matchingBrace(in: scalars.dropFirst()) {
                let body = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                output += braced(body, lookup: lookup)
                scalars = scalars[scalars.index(after: close)...]
            } else if isNameStart(next) {
                let name = String(String.UnicodeScalarView(scalars.prefix { isNameCharacter($0) }))
                output += lookup(name) ?? ""
                scalars = scalars.dropFirst(name.unicodeScalars.count)
            } else {
                output += "$"
            }
        }
        return output
    }

    /// The names that `text` refers to, in order of appearance.
    static func referencedNames(in text: String) -> [String] {
        var names: [String] = []
        _ = interpolate(text) { name in
            if !names.contains(name) { names.append(name) }
            return nil
        }
        return names
    }

    private static func braced(_ body: String, lookup: (String) -> String?) -> String {
        let name = String(String.UnicodeScalarView(body.unicodeScalars.prefix { isNameCharacter($0) }))
        let rest = String(String.UnicodeScalarView(body.unicodeScalars.dropFirst(name.unicodeScalars.count)))
        let value = lookup(name)
        for (operatorText, useArgument) in [(":-", value?.isEmpty ?? true), ("-", value == nil),
                                            (":+", !(value?.isEmpty ?? true)), ("+", value != nil)]
        where rest.hasPrefix(operatorText) {
            let argument = String(String.UnicodeScalarView(rest.unicodeScalars.dropFirst(operatorText.unicodeScalars.count)))
            let alternative = operatorText.hasSuffix("+")
            if useArgument { return interpolate(argument, lookup: lookup) }
            return alternative ? "" : value ?? ""
        }
        return value ?? ""
    }

    /// The index of the `}` that closes a `${` whose body starts `body`, counting nested `${…}`.
    private static func matchingBrace(in body: Substring.UnicodeScalarView.SubSequence) -> Substring.UnicodeScalarView.Index? {
        var depth = 1
        var previous: Unicode.Scalar?
        for index in body.indices {
            let scalar = body[index]
            if scalar == "{", previous == "$" { depth += 1 }
            if scalar == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            previous = scalar
        }
        return nil
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }
}
