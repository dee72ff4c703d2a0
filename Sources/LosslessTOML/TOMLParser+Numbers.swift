extension TOMLParser {
    @inline(__always) static func isNumberCharacter(_ c: UInt8) -> Bool {
        isBareKey(c) || c == 0x2E || c == 0x2B
    }

    /// A number, date, time or date-time starting at `i` (a digit or a sign).
    mutating func numberOrDateTime() throws(Failure) -> TOMLScalar.Kind {
        let start = i
        if TOMLParser.isDigit(at(i)), TOMLParser.isDigit(at(i + 1)) {
            if at(i + 2) == 0x3A { return try localTime(start: start) }
            if TOMLParser.isDigit(at(i + 2)), TOMLParser.isDigit(at(i + 3)), at(i + 4) == 0x2D {
                return try dateTime(start: start)
            }
        }
        while i < end, TOMLParser.isNumberCharacter(b[i]) { i += 1 }
        if at(i) == 0x3A { throw invalidDateTime(start) }
        if try isInteger(start..<i) {
            _ = try integerValue(start..<i)
            return .integer
        }
        return .float
    }

    /// Checks the syntax of a number token; true for an integer, false for a float.
    func isInteger(_ span: Range<Int>) throws(Failure) -> Bool {
        let invalid = fail(.invalidNumber(String(decoding: b[span], as: UTF8.self)), at: span.lowerBound)
        var j = span.lowerBound
        let stop = span.upperBound
        let signed = b[j] == 0x2B || b[j] == 0x2D
        if signed { j += 1 }
        guard j < stop else { throw invalid }
        let body = b[j..<stop]
        if body.elementsEqual("inf".utf8) || body.elementsEqual("nan".utf8) { return false }
        if b[j] == 0x30, j + 1 < stop, b[j + 1] == 0x78 || b[j + 1] == 0x6F || b[j + 1] == 0x62 {
            if signed { throw invalid }
            let radix = b[j + 1]
            let digitsEnd = digitGroup(from: j + 2, stop: stop) { c in
                switch radix {
                case 0x78: return TOMLParser.isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66)
                case 0x6F: return c >= 0x30 && c <= 0x37
                default: return c == 0x30 || c == 0x31
                }
            }
            guard let digitsEnd, digitsEnd == stop else { throw invalid }
            return true
        }
        guard let intEnd = digitGroup(from: j, stop: stop, TOMLParser.isDigit) else { throw invalid }
        if b[j] == 0x30, intEnd > j + 1 { throw invalid }
        if intEnd == stop { return true }
        var k = intEnd
        if b[k] == 0x2E {
            guard let fractionEnd = digitGroup(from: k + 1, stop: stop, TOMLParser.isDigit) else { throw invalid }
            k = fractionEnd
        }
        if k < stop, b[k] == 0x65 || b[k] == 0x45 {
            k += 1
            if k < stop, b[k] == 0x2B || b[k] == 0x2D { k += 1 }
            guard let exponentEnd = digitGroup(from: k, stop: stop, TOMLParser.isDigit) else { throw invalid }
            k = exponentEnd
        }
        guard k == stop else { throw invalid }
        return false
    }

    /// Digits (as `isDigit` says) with single underscores between them, from `start`; returns where they
    /// end, or nil when there is no digit, or an underscore is leading, trailing or doubled.
    func digitGroup(from start: Int, stop: Int, _ isDigit: (UInt8) -> Bool) -> Int? {
        var k = start
        var previousWasDigit = false
        while k < stop {
            let c = b[k]
            if isDigit(c) {
                previousWasDigit = true
            } else if c == 0x5F {
                guard previousWasDigit, k + 1 < stop, isDigit(b[k + 1]) else { return nil }
                previousWasDigit = false
            } else {
                break
            }
            k += 1
        }
        return k > start ? k : nil
    }

    /// The value of a valid integer token.
    func integerValue(_ span: Range<Int>) throws(Failure) -> Int64 {
        var j = span.lowerBound
        let negative = b[j] == 0x2D
        if b[j] == 0x2B || b[j] == 0x2D { j += 1 }
        var radix: UInt64 = 10
        if b[j] == 0x30, j + 1 < span.upperBound {
            switch b[j + 1] {
            case 0x78: radix = 16
            case 0x6F: radix = 8
            case 0x62: radix = 2
            default: break
            }
            if radix != 10 { j += 2 }
        }
        var magnitude: UInt64 = 0
        let outOfRange = fail(.integerOutOfRange(String(decoding: b[span], as: UTF8.self)), at: span.lowerBound)
        while j < span.upperBound {
            let c = b[j]
            j += 1
            if c == 0x5F { continue }
            let digit: UInt64 = c <= 0x39 ? UInt64(c - 0x30) : UInt64((c | 0x20) - 0x61 + 10)
            let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { throw outOfRange }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw outOfRange }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw outOfRange }
        return Int64(magnitude)
    }

    /// The value of a valid float token.
    func floatValue(_ span: Range<Int>) -> Double {
        var text = ""
        text.reserveCapacity(span.count)
        for c in b[span] where c != 0x5F { text.unicodeScalars.append(Unicode.Scalar(c)) }
        if text.hasSuffix("nan") { return .nan }
        return Double(text) ?? .nan
    }

    // MARK: Dates and times

    func invalidDateTime(_ start: Int) -> Failure {
        var stop = start
        while stop < end, TOMLParser.isNumberCharacter(b[stop]) || b[stop] == 0x3A { stop += 1 }
        return fail(.invalidDateTime(String(decoding: b[start..<stop], as: UTF8.self)), at: start)
    }

    /// `count` digits at `i` as a number, or nil.
    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            let c = at(i)
            guard TOMLParser.isDigit(c) else { return nil }
            value = value * 10 + Int(c - 0x30)
            i += 1
        }
        return value
    }

    mutating func expect(_ c: UInt8) -> Bool {
        guard at(i) == c else { return false }
        i += 1
        return true
    }

    mutating func dateTime(start: Int) throws(Failure) -> TOMLScalar.Kind {
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
              (1...12).contains(month), day >= 1, day <= TOMLParser.daysIn(month: month, year: year)
        else { throw invalidDateTime(start) }
        let c = at(i)
        let hasTime = c == 0x54 || c == 0x74
            || (c == 0x20 && TOMLParser.isDigit(at(i + 1)) && TOMLParser.isDigit(at(i + 2)) && at(i + 3) == 0x3A)
        guard hasTime else { return .localDate }
        i += 1
        try time(start: start)
        if expect(0x5A) || expect(0x7A) { return .offsetDateTime }
        if at(i) == 0x2B || at(i) == 0x2D {
            i += 1
            guard let hour = digits(2), expect(0x3A), let minute = digits(2), hour <= 23, minute <= 59
            else { throw invalidDateTime(start) }
            return .offsetDateTime
        }
        return .localDateTime
    }

    mutating func localTime(start: Int) throws(Failure) -> TOMLScalar.Kind {
        try time(start: start)
        return .localTime
    }

    /// `HH:MM:SS` with optional fraction at `i`.
    mutating func time(start: Int) throws(Failure) {
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A), let second = digits(2),
              hour <= 23, minute <= 59, second <= 60
        else { throw invalidDateTime(start) }
        if expect(0x2E) {
            let fractionStart = i
            while TOMLParser.isDigit(at(i)) { i += 1 }
            if i == fractionStart { throw invalidDateTime(start) }
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
