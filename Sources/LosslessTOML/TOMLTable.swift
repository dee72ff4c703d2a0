/// A decoded table: its keys are compared by Unicode code points, as TOML compares them, never by Swift
/// `String` equality (canonical equivalence), so `"\u{E9}"` and `"e\u{301}"` are two keys.
public struct TOMLTable: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    private var entries: [TOMLKeyName: TOMLValue]

    /// An empty table.
    public init() { entries = [:] }

    /// An empty table with room for `count` keys.
    init(minimumCapacity count: Int) { entries = Dictionary(minimumCapacity: count) }

    /// A table of the given entries; of keys with the same code points the last one wins.
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        entries = [:]
        for (key, value) in elements { entries[TOMLKeyName(key)] = value }
    }

    /// The value of the key with exactly these code points; setting nil removes the key.
    public subscript(key: String) -> TOMLValue? {
        get { entries[TOMLKeyName(key)] }
        set { entries[TOMLKeyName(key)] = newValue }
    }

    /// The keys, in code point order.
    public var keys: [String] { entries.keys.sorted().map(\.text) }

    /// The number of keys.
    public var count: Int { entries.count }

    /// Whether the table has no key.
    public var isEmpty: Bool { entries.isEmpty }

    /// The entries, in code point order of their keys.
    public func makeIterator() -> IndexingIterator<[(key: String, value: TOMLValue)]> {
        entries.sorted { $0.key < $1.key }.map { (key: $0.key.text, value: $0.value) }.makeIterator()
    }
}

/// A key name with code-point equality, hashing and order (UTF-8 byte order is code point order).
struct TOMLKeyName: Hashable, Comparable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: TOMLKeyName, rhs: TOMLKeyName) -> Bool { TOMLKeyName.same(lhs.text, rhs.text) }

    static func < (lhs: TOMLKeyName, rhs: TOMLKeyName) -> Bool {
        lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

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
