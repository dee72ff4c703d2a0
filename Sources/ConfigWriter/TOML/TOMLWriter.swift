/// Serialises a syntax tree by copying spans of the storage; adjacent spans are copied in one go, so an
/// unedited document is a single copy.
struct TOMLWriter {
    private let storage: [UInt8]
    private(set) var output: [UInt8] = []
    private var pending: Range<Int> = 0..<0

    init(storage: [UInt8], capacity: Int) {
        self.storage = storage
        output.reserveCapacity(capacity)
    }

    mutating func emit(_ span: Range<Int>) {
        if span.isEmpty { return }
        if span.lowerBound == pending.upperBound {
            pending = pending.lowerBound..<span.upperBound
        } else {
            flush()
            pending = span
        }
    }

    mutating func finish() -> [UInt8] {
        flush()
        return output
    }

    private mutating func flush() {
        if !pending.isEmpty { output.append(contentsOf: storage[pending]) }
        pending = 0..<0
    }
}
