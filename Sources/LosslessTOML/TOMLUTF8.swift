/// UTF-8 validation of single sequences, for the places where TOML allows non-ASCII text.
enum TOMLUTF8 {
    /// The length of the valid UTF-8 sequence starting at `index`, or 0 when it is invalid (overlong,
    /// surrogate, above U+10FFFF, truncated or a stray continuation byte).
    @inline(__always)
    static func sequenceLength(_ b: [UInt8], _ index: Int, _ end: Int) -> Int {
        let c0 = b[index]
        if c0 < 0x80 { return 1 }
        @inline(__always) func continuation(_ offset: Int) -> UInt8? {
            let j = index + offset
            guard j < end, b[j] & 0xC0 == 0x80 else { return nil }
            return b[j]
        }
        switch c0 {
        case 0xC2...0xDF:
            return continuation(1) == nil ? 0 : 2
        case 0xE0...0xEF:
            guard let c1 = continuation(1), continuation(2) != nil else { return 0 }
            if c0 == 0xE0 && c1 < 0xA0 { return 0 }
            if c0 == 0xED && c1 >= 0xA0 { return 0 }
            return 3
        case 0xF0...0xF4:
            guard let c1 = continuation(1), continuation(2) != nil, continuation(3) != nil else { return 0 }
            if c0 == 0xF0 && c1 < 0x90 { return 0 }
            if c0 == 0xF4 && c1 >= 0x90 { return 0 }
            return 4
        default:
            return 0
        }
    }

    /// Appends the UTF-8 encoding of a scalar.
    static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
