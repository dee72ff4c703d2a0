/// The tree's values in two columns: where each starts, and its kind packed with its length when under
/// 4,095 bytes, 6 bytes a value where a `TOMLScalar` takes 12 with its padding. A longer value's end is kept
/// aside: each such entry takes far less than the text it stands for. Chunked like the rest of the tree (see
/// `TOMLChunkedArray`).
struct TOMLScalarList: Sendable {
    private(set) var starts: TOMLChunkedArray<UInt32> = []
    /// The kind in the top 4 bits, the length (`long`: see `longEnds`) in the other 12.
    private var kindsAndLengths: TOMLChunkedArray<UInt16> = []
    /// The ends of the values of `long` bytes or more, by index.
    private var longEnds: [Int: UInt32] = [:]
    private static let long: UInt16 = 0x0FFF

    var count: Int { starts.count }

    subscript(index: Int) -> TOMLScalar {
        get {
            let start = Int(starts[index])
            let packed = kindsAndLengths[index]
            let length = packed & TOMLScalarList.long
            let end = length == TOMLScalarList.long ? Int(longEnds[index] ?? UInt32(start)) : start + Int(length)
            return TOMLScalar(span: TOMLSpan(start, end), kind: TOMLScalarList.kind(packed))
        }
        set {
            if kindsAndLengths[index] & TOMLScalarList.long == TOMLScalarList.long { longEnds[index] = nil }
            starts[index] = UInt32(newValue.span.lowerBound)
            kindsAndLengths[index] = pack(newValue, at: index)
        }
    }

    /// The kind of value `index`.
    func kind(_ index: Int) -> TOMLScalar.Kind { TOMLScalarList.kind(kindsAndLengths[index]) }

    mutating func append(_ scalar: TOMLScalar) {
        kindsAndLengths.append(pack(scalar, at: starts.count))
        starts.append(UInt32(scalar.span.lowerBound))
    }

    private static func kind(_ packed: UInt16) -> TOMLScalar.Kind {
        TOMLScalar.Kind(rawValue: UInt8(packed >> 12)) ?? .array
    }

    /// The kind and length to keep for `scalar` as value `index`; the end of a value of `long` bytes or more
    /// goes aside.
    private mutating func pack(_ scalar: TOMLScalar, at index: Int) -> UInt16 {
        let kind = UInt16(scalar.kind.rawValue) << 12
        guard scalar.span.count < Int(TOMLScalarList.long) else {
            longEnds[index] = UInt32(scalar.span.upperBound)
            return kind | TOMLScalarList.long
        }
        return kind | UInt16(scalar.span.count)
    }

    /// The room of both columns, in values.
    var capacity: Int { Swift.min(starts.capacity, kindsAndLengths.capacity) }

    /// Gives back the spare room of both columns (see `TOMLChunkedArray.fit()`).
    mutating func fit() {
        starts.fit()
        kindsAndLengths.fit()
    }
}
