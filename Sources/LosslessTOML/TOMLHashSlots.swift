/// The hash slots of one table too large to be searched key by key (see `TOMLTableTree.linearSearchLimit`):
/// open addressing with linear probing, at most half full, each slot a record index and its name's hash.
/// Each large table has its own, so a slot needs no table and a record need not say which table it is in.
struct TOMLHashSlots: Sendable {
    struct Slot: Sendable {
        var hash: UInt32
        var record: UInt32
    }

    /// What a free slot holds.
    static let free = UInt32.max
    private var slots: TOMLChunkedArray<Slot>
    /// How many slots hold a record.
    private(set) var keys = 0

    /// Empty slots, `count` of them (at least 64).
    init(count: Int) {
        slots = TOMLChunkedArray(repeating: Slot(hash: 0, record: TOMLHashSlots.free), count: Swift.max(64, count))
    }

    var count: Int { slots.count }

    /// The record in slot `index`, `free` when there is none.
    subscript(index: Int) -> UInt32 { slots[index].record }

    /// The slot of the record with `hash` for which `matches` holds, or the free slot where it would go.
    func find(hash: UInt32, _ matches: (UInt32) -> Bool) -> Int {
        let capacity = slots.count
        var index = Int((UInt64(hash) &* UInt64(capacity)) >> 32)
        while true {
            let slot = slots[index]
            if slot.record == TOMLHashSlots.free || (slot.hash == hash && matches(slot.record)) { return index }
            index += 1
            if index == capacity { index = 0 }
        }
    }

    /// Puts `record` into `index`, the free slot `find` gave for its name.
    mutating func insert(_ record: UInt32, hash: UInt32, at index: Int) {
        slots[index] = Slot(hash: hash, record: record)
        keys += 1
        if keys * 2 > slots.count { grow() }
    }

    /// Puts a record whose name is not in the slots yet into a free slot.
    mutating func insert(_ record: UInt32, hash: UInt32) {
        place(Slot(hash: hash, record: record))
        keys += 1
        if keys * 2 > slots.count { grow() }
    }

    private mutating func place(_ slot: Slot) {
        let capacity = slots.count
        var index = Int((UInt64(slot.hash) &* UInt64(capacity)) >> 32)
        while slots[index].record != TOMLHashSlots.free {
            index += 1
            if index == capacity { index = 0 }
        }
        slots[index] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = TOMLChunkedArray(repeating: Slot(hash: 0, record: TOMLHashSlots.free), count: old.count * 2)
        for slot in old where slot.record != TOMLHashSlots.free { place(slot) }
    }
}
