/// A run of bytes in a document's storage, as two 32-bit offsets (documents are limited to 1 GiB).
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
        if span.isEmpty { return source[0..<0] }
        return span.lowerBound >= source.count
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

    /// A parser over the bytes of `span` only (in the buffer that holds it), positioned at its start.
    func parser(for span: TOMLSpan) -> TOMLParser {
        span.lowerBound >= source.count && !edits.isEmpty
            ? TOMLParser(bytes: edits, at: span.lowerBound - source.count, bias: source.count,
                         limit: span.upperBound - source.count)
            : TOMLParser(bytes: source, at: span.lowerBound, bias: 0, limit: span.upperBound)
    }

    /// A parser over the text appended last, from storage offset `offset` to the end of the edits.
    func parser(atEdit offset: Int) -> TOMLParser {
        TOMLParser(bytes: edits, at: offset - source.count, bias: source.count)
    }
}
