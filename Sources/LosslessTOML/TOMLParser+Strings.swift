extension TOMLParser {
    /// Scans the string whose opening quote is at `i`, leaving `i` after its closing quote, and returns
    /// its kind. With `decode`, appends the decoded text (UTF-8) to `out`.
    mutating func string(decodingInto out: inout [UInt8], decode: Bool) throws(Failure) -> TOMLScalar.Kind {
        let quote = b[i]
        let isBasic = quote == 0x22
        if at(i + 1) == quote, at(i + 2) == quote {
            i += 3
            if at(i) == 0x0A {
                i += 1
            } else if at(i) == 0x0D, at(i + 1) == 0x0A {
                i += 2
            }
            try multilineBody(quote: quote, into: &out, decode: decode)
            return isBasic ? .multilineBasicString : .multilineLiteralString
        }
        i += 1
        while true {
            guard i < end else { throw fail(.unterminatedString) }
            let c = b[i]
            if c == quote {
                i += 1
                return isBasic ? .basicString : .literalString
            }
            if c == 0x5C && isBasic {
                try escape(into: &out, decode: decode, multiline: false)
            } else if c == 0x0A || c == 0x0D {
                throw fail(.unterminatedString)
            } else {
                try character(c, into: &out, decode: decode)
            }
        }
    }

    /// One literal character of a string body (not a quote, backslash or line ending) at `i`.
    @inline(__always)
    mutating func character(_ c: UInt8, into out: inout [UInt8], decode: Bool) throws(Failure) {
        if c >= 0x20 && c < 0x7F || c == 0x09 {
            if decode { out.append(c) }
            i += 1
        } else if c >= 0x80 {
            let length = TOMLUTF8.sequenceLength(b, i, end)
            if length == 0 { throw fail(.invalidUTF8) }
            if decode { out.append(contentsOf: b[i..<(i + length)]) }
            i += length
        } else {
            throw fail(.controlCharacter(UInt32(c)))
        }
    }

    /// The body of a multi-line string after its opening delimiter (and trimmed first line ending).
    mutating func multilineBody(quote: UInt8, into out: inout [UInt8], decode: Bool) throws(Failure) {
        while true {
            guard i < end else { throw fail(.unterminatedString) }
            let c = b[i]
            if c == quote {
                var run = 0
                while at(i + run) == quote { run += 1 }
                if run >= 3 {
                    if run > 5 { throw fail(.unexpectedCharacter(found: "a sixth quote", expected: "the end of the string"), at: i + 5) }
                    if decode { out.append(contentsOf: repeatElement(quote, count: run - 3)) }
                    i += run
                    return
                }
                if decode { out.append(contentsOf: repeatElement(quote, count: run)) }
                i += run
            } else if c == 0x5C && quote == 0x22 {
                try escape(into: &out, decode: decode, multiline: true)
            } else if c == 0x0A {
                if decode { out.append(c) }
                i += 1
            } else if c == 0x0D {
                guard at(i + 1) == 0x0A else { throw fail(.controlCharacter(0x0D)) }
                if decode { out.append(contentsOf: [0x0D, 0x0A]) }
                i += 2
            } else {
                try character(c, into: &out, decode: decode)
            }
        }
    }

    /// A backslash escape at `i` in a basic string; in a multi-line one also the line-ending backslash.
    mutating func escape(into out: inout [UInt8], decode: Bool, multiline: Bool) throws(Failure) {
        let start = i
        i += 1
        let e = at(i)
        let simple: UInt8
        switch e {
        case 0x62: simple = 0x08
        case 0x74: simple = 0x09
        case 0x6E: simple = 0x0A
        case 0x66: simple = 0x0C
        case 0x72: simple = 0x0D
        case 0x22: simple = 0x22
        case 0x5C: simple = 0x5C
        case 0x75, 0x55:
            try unicodeEscape(digits: e == 0x75 ? 4 : 8, start: start, into: &out, decode: decode)
            return
        case 0x20, 0x09, 0x0A, 0x0D:
            guard multiline else { throw fail(.invalidEscape(escapeText(from: start)), at: start) }
            skipSpaces()
            guard try newline() else { throw fail(.invalidEscape("\\ "), at: start) }
            while i < end {
                if b[i] == 0x20 || b[i] == 0x09 {
                    i += 1
                } else if !(try newline()) {
                    break
                }
            }
            return
        default:
            throw fail(.invalidEscape(escapeText(from: start)), at: start)
        }
        if decode { out.append(simple) }
        i += 1
    }

    mutating func unicodeEscape(digits: Int, start: Int, into out: inout [UInt8], decode: Bool) throws(Failure) {
        i += 1
        var code: UInt32 = 0
        for _ in 0..<digits {
            let c = at(i)
            let value: UInt32
            switch c {
            case 0x30...0x39: value = UInt32(c - 0x30)
            case 0x41...0x46: value = UInt32(c - 0x41 + 10)
            case 0x61...0x66: value = UInt32(c - 0x61 + 10)
            default: throw fail(.invalidEscape(escapeText(from: start)), at: start)
            }
            code = code << 4 | value
            i += 1
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw fail(.invalidEscape(escapeText(from: start)), at: start)
        }
        if decode { TOMLUTF8.append(scalar, to: &out) }
    }

    /// The text of the bad escape whose backslash is at `start`, for messages: the backslash and the one
    /// character after it (when printable), and for `\u`/`\U` at most the escape's own 4 or 8 hex digits.
    /// Nothing further is quoted: the rest of the string may be a secret (`secret = "pa\ssw0rd"`).
    func escapeText(from start: Int) -> String {
        var stop = start + 1
        let e = at(stop)
        if e == 0x75 || e == 0x55 {
            stop += 1
            let digitsEnd = min(stop + (e == 0x75 ? 4 : 8), end)
            while stop < digitsEnd, TOMLParser.isHexDigit(b[stop]) { stop += 1 }
        } else if stop < end, e >= 0x20, e != 0x7F {
            stop += TOMLUTF8.sequenceLength(b, stop, end)
        }
        return String(decoding: b[start..<stop], as: UTF8.self)
    }
}
