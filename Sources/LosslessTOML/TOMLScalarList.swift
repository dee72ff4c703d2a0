/// The tree's values in three columns: where each starts, its length when under 255 bytes, and its kind,
/// 6 bytes a value where a `TOMLScalar` takes 12 with its padding. A longer value's end is kept aside: each
/// such entry takes far less than the 255 bytes of text it stands for. Chunked like the rest of the tree (see
/// `TOMLChunkedArray`).
struct TOMLScalarList: Sendable {
    private(set) var starts: TOMLChunkedArray<UInt32> = []
    private var lengths: TOMLChunkedArray<UInt8> = []
    private var kinds: TOMLChunkedArray<TOMLScalar.Kind> = []
    /// The ends of the values of 255 bytes or more, by index.
    private var longEnds: [Int: UInt32] = [:]
    private static let long = UInt8.max

    var count: Int { starts.count }

    subscript(index: Int) -> TOMLScalar {
        get {
            let start = Int(starts[index])
            let length = lengths[index]
            let end = length == TOMLScalarList.long ? Int(longEnds[index] ?? UInt32(start)) : start + Int(length)
            return TOMLScalar(span: TOMLSpan(start, end), kind: kinds[index])
        }
        set {
            if lengths[index] == TOMLScalarList.long { longEnds[index] = nil }
            starts[index] = UInt32(newValue.span.lowerBound)
            lengths[index] = keepLength(of: newValue, at: index)
            kinds[index] = newValue.kind
        }
    }

    /// The kind of value `index`.
    func kind(_ index: Int) -> TOMLScalar.Kind { kinds[index] }

    mutating func append(_ scalar: TOMLScalar) {
        lengths.append(keepLength(of: scalar, at: starts.count))
        starts.append(UInt32(scalar.span.lowerBound))
        kinds.append(scalar.kind)
    }

    /// The length to keep for `scalar` as value `index`: `long` for a value of 255 bytes or more, whose end
    /// goes aside.
    private mutating func keepLength(of scalar: TOMLScalar, at index: Int) -> UInt8 {
        guard scalar.span.count < Int(TOMLScalarList.long) else {
            longEnds[index] = UInt32(scalar.span.upperBound)
            return TOMLScalarList.long
        }
        return UInt8(scalar.span.count)
    }

    /// The room of the columns, in values.
    var capacity: Int { Swift.min(starts.capacity, lengths.capacity, kinds.capacity) }

    /// Gives back the spare room of the columns (see `TOMLChunkedArray.fit()`).
    mutating func fit() {
        starts.fit()
        lengths.fit()
        kinds.fit()
    }
}
