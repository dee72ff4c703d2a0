/// A run of bytes in a document's storage, as two 32-bit offsets (documents are limited to 4 GiB).
struct TOMLSpan: Sendable, Equatable {
    private var start: UInt32
    private var end: UInt32

    @inline(__always) init(_ lowerBound: Int, _ upperBound: Int) {
        start = UInt32(truncatingIfNeeded: lowerBound)
        end = UInt32(truncatingIfNeeded: upperBound)
    }

    /// An empty span at `offset`.
    @inline(__always) init(at offset: Int) { self.init(offset, offset) }

    var lowerBound: Int { Int(start) }
    var upperBound: Int { Int(end) }
    var isEmpty: Bool { start == end }
    var count: Int { Int(end - start) }
    var range: Range<Int> { Int(start)..<Int(end) }
}

/// The bytes spans point into: the parsed source, then the text that edits added (kept apart so an
/// edit never copies the source).
struct TOMLStorage: Sendable {
    let source: [UInt8]
    private(set) var edits: [UInt8] = []

    init(source: [UInt8]) { self.source = source }

    /// The bytes of a span (which lies wholly in the source or wholly in the edits).
    subscript(span: TOMLSpan) -> ArraySlice<UInt8> {
        span.lowerBound >= source.count && !span.isEmpty
            ? edits[(span.lowerBound - source.count)..<(span.upperBound - source.count)]
            : source[span.range]
    }

    subscript(offset: Int) -> UInt8 {
        offset >= source.count ? edits[offset - source.count] : source[offset]
    }

    /// Appends text and returns its span.
    mutating func append(_ text: String) -> TOMLSpan {
        let start = source.count + edits.count
        edits.append(contentsOf: text.utf8)
        return TOMLSpan(start, source.count + edits.count)
    }

    /// Removes the last `count` bytes appended (after a failed edit).
    mutating func removeLast(_ count: Int) {
        edits.removeLast(count)
    }

    /// A parser positioned at `offset`, over the buffer that holds it.
    func parser(at offset: Int) -> TOMLParser {
        offset >= source.count && !edits.isEmpty
            ? TOMLParser(bytes: edits, at: offset - source.count, bias: source.count)
            : TOMLParser(bytes: source, at: offset, bias: 0)
    }
}
