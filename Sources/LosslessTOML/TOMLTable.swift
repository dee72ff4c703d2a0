/// A decoded table: its keys are compared by Unicode code points, as TOML compares them, never by Swift
/// `String` equality (canonical equivalence), so `"\u{E9}"` and `"e\u{301}"` are two keys.
///
/// The entries are one array sorted by the keys' UTF-8 bytes (code point order) and found by binary search:
/// a decoded document costs an entry per key and no hash buckets.
public struct TOMLTable: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    /// Sorted by the UTF-8 bytes of the keys; each key's code points once.
    private var entries: [(key: String, value: TOMLValue)]

    /// An empty table.
    public init() { entries = [] }

    /// A table of `entries` whose keys are distinct by code points, in any order.
    init(distinctEntries: [(key: String, value: TOMLValue)]) {
        entries = distinctEntries
        entries.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// A table of the given entries; of keys with the same code points the last one wins.
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        entries = []
        for (key, value) in elements { self[key] = value }
    }

    /// Where `key` is, or where it would go, and whether it is there.
    private func position(of key: String) -> (index: Int, found: Bool) {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let current = entries[middle].key
            if current.utf8.lexicographicallyPrecedes(key.utf8) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return (low, low < entries.count && TOMLKeyName.same(entries[low].key, key))
    }

    /// The value of the key with exactly these code points; setting nil removes the key.
    public subscript(key: String) -> TOMLValue? {
        get {
            let place = position(of: key)
            return place.found ? entries[place.index].value : nil
        }
        set {
            let place = position(of: key)
            switch (place.found, newValue) {
            case (true, let value?): entries[place.index].value = value
            case (true, nil): entries.remove(at: place.index)
            case (false, let value?): entries.insert((key, value), at: place.index)
            case (false, nil): break
            }
        }
    }

    /// The keys, in code point order.
    public var keys: [String] { entries.map(\.key) }

    /// The number of keys.
    public var count: Int { entries.count }

    /// Whether the table has no key.
    public var isEmpty: Bool { entries.isEmpty }

    /// The entries, in code point order of their keys.
    public func makeIterator() -> IndexingIterator<[(key: String, value: TOMLValue)]> {
        entries.makeIterator()
    }

    /// Same keys by code points, with equal values.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { TOMLKeyName.same($0.key, $1.key) && $0.value == $1.value }
    }
}

/// Key names compared by code points (UTF-8 byte equality), as TOML compares them.
enum TOMLKeyName {
    /// Whether two names have the same code points.
    static func same(_ lhs: String, _ rhs: String) -> Bool { lhs.utf8.elementsEqual(rhs.utf8) }

    /// Whether two key paths have the same names, by code points.
    static func same(_ lhs: some Collection<String>, _ rhs: some Collection<String>) -> Bool {
        lhs.elementsEqual(rhs, by: same)
    }

    /// Whether `path` starts with the names of `prefix`, by code points.
    static func path(_ path: some Collection<String>, startsWith prefix: some Collection<String>) -> Bool {
        path.starts(with: prefix, by: same)
    }
}
