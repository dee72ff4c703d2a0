/// An array kept in chunks of at most `chunkCapacity` elements, each its own copy-on-write buffer.
///
/// The tree of a large document lives in a few of these. A copy that then changes a few elements or appends
/// a few (an edit of a copy of a document, whose original is kept) copies only the chunks it touches, where
/// an `Array` would copy all of it; and growing never holds more than one chunk of spare room, where an
/// `Array` that doubles may hold as much spare room as elements.
struct TOMLChunkedArray<Element: Sendable>: Sendable, RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    private static var shift: Int { 12 }
    /// The most elements a chunk holds; every chunk but the last is full.
    static var chunkCapacity: Int { 1 << shift }
    private static var mask: Int { chunkCapacity - 1 }

    private(set) var chunks: [[Element]] = []
    private(set) var count = 0

    init(arrayLiteral elements: Element...) {
        for element in elements { append(element) }
    }

    init(repeating element: Element, count: Int) {
        var left = count
        while left > 0 {
            let size = Swift.min(left, TOMLChunkedArray.chunkCapacity)
            chunks.append([Element](repeating: element, count: size))
            left -= size
        }
        self.count = count
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(index: Int) -> Element {
        get { chunks[index >> TOMLChunkedArray.shift][index & TOMLChunkedArray.mask] }
        set { chunks[index >> TOMLChunkedArray.shift][index & TOMLChunkedArray.mask] = newValue }
    }

    mutating func append(_ element: Element) {
        if count & TOMLChunkedArray.mask == 0 { chunks.append([]) }
        let last = chunks.count - 1
        if chunks[last].count == chunks[last].capacity {
            // Doubling as an Array does, but to no more than a chunk: the buffer's header would otherwise
            // make a chunk's last doubling room for twice as many elements.
            chunks[last].reserveCapacity(Swift.min(Swift.max(2 * chunks[last].capacity, 16), TOMLChunkedArray.chunkCapacity))
        }
        chunks[last].append(element)
        count += 1
    }

    /// The elements' room: what the chunks hold and the spare room of the last.
    var capacity: Int { chunks.reduce(0) { $0 + $1.capacity } }

    /// Gives back the spare room of the last chunk (see `Array.fitted()`), once the array is built.
    mutating func fit() {
        guard !chunks.isEmpty else { return }
        chunks[chunks.count - 1] = chunks[chunks.count - 1].fitted()
    }
}
