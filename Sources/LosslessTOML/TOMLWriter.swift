/// Serialises a syntax tree by copying spans of the storage; adjacent spans are copied in one go, so an
/// unedited document is a single copy.
struct TOMLWriter {
    private let storage: TOMLStorage
    private(set) var output: [UInt8] = []
    private var pendingStart = 0
    private var pendingEnd = 0

    init(storage: TOMLStorage, capacity: Int) {
        self.storage = storage
        output.reserveCapacity(capacity)
    }

    @inline(__always) mutating func emit(_ span: TOMLSpan) {
        if span.isEmpty { return }
        if span.lowerBound == pendingEnd, pendingEnd != storage.source.count {
            pendingEnd = span.upperBound
        } else {
            flush()
            pendingStart = span.lowerBound
            pendingEnd = span.upperBound
        }
    }

    mutating func finish() -> [UInt8] {
        flush()
        return output
    }

    private mutating func flush() {
        if pendingEnd > pendingStart { output.append(contentsOf: storage[TOMLSpan(pendingStart, pendingEnd)]) }
        pendingStart = 0
        pendingEnd = 0
    }
}
