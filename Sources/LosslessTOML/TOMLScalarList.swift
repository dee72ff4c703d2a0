/// The tree's values in two columns, their spans and their kinds: a span is 8 bytes and a kind 1, where a
/// `TOMLScalar` takes 12 with its padding. Chunked like the rest of the tree (see `TOMLChunkedArray`).
struct TOMLScalarList: Sendable, RandomAccessCollection, MutableCollection {
    private(set) var spans: TOMLChunkedArray<TOMLSpan> = []
    private var kinds: TOMLChunkedArray<TOMLScalar.Kind> = []

    var startIndex: Int { 0 }
    var endIndex: Int { spans.count }

    subscript(index: Int) -> TOMLScalar {
        get { TOMLScalar(span: spans[index], kind: kinds[index]) }
        set {
            spans[index] = newValue.span
            kinds[index] = newValue.kind
        }
    }

    mutating func append(_ scalar: TOMLScalar) {
        spans.append(scalar.span)
        kinds.append(scalar.kind)
    }

    /// The room of both columns, in values.
    var capacity: Int { Swift.min(spans.capacity, kinds.capacity) }

    /// Gives back the spare room of both columns (see `TOMLChunkedArray.fit()`).
    mutating func fit() {
        spans.fit()
        kinds.fit()
    }
}
