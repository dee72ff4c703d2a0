/// A lossless TOML 1.0 document.
///
/// Parsing keeps every byte: comments, blank lines, indentation, line endings, a byte-order mark, a missing
/// final newline and the exact spelling of keys and values. `bytes` gives the input back unchanged until an
/// edit, and an edit changes only the text it is about (see `set(_:at:)` and `removeValue(at:)`).
public struct TOMLDocument: Sendable, CustomStringConvertible {
    /// The source bytes and the text of edits; every node refers to spans of them.
    var storage: TOMLStorage
    /// The top-level items in file order.
    var items: [TOMLStoredItem]
    /// The key/values and headers edits made or changed, which `items` refer to by index.
    var editedItems: [TOMLItem] = []
    /// The tables and keys the items define, kept in step with `items` by every edit.
    var tree: TOMLTableTree
    /// The line ending new lines use: the file's first line ending, "\n" for a file without any.
    public let lineEnding: String

    /// Parses a TOML 1.0 document from its bytes (a UTF-8 byte-order mark is allowed and kept).
    public init(parsing bytes: [UInt8]) throws(TOMLError) {
        (items, tree) = try TOMLParser.parseDocument(bytes)
        storage = tree.storage
        lineEnding = TOMLDocument.firstLineEnding(in: bytes)
    }

    /// Parses a TOML 1.0 document from text.
    public init(parsing text: String) throws(TOMLError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// The serialised document; byte-identical to the input when nothing was edited.
    public var bytes: [UInt8] {
        var writer = TOMLWriter(storage: storage, capacity: storage.source.count + storage.edits.count)
        for item in items { item.write(to: &writer, edited: editedItems) }
        return writer.finish()
    }

    /// `String(decoding: bytes, as: UTF8.self)`.
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    /// The whole document as plain values (a `.table`), for conformance and comparisons.
    public var root: TOMLValue { valueTree.root }

    /// The decoded value at a key path, as `TOMLValueTree.value(at:)` gives it.
    public func value(at path: [String]) -> TOMLValue? { valueTree.value(at: path) }

    /// How the table at `path` is written, or nil when there is no such table (or it lies in an array).
    /// The root (empty path) is `.implicit`: it has no header of its own.
    public func tableForm(at path: [String]) -> TOMLTableForm? {
        guard case .table? = tree.entry(at: path) else { return nil }
        switch locateTable(path) {
        case .header: return .header
        case .dotted: return .dotted
        case .inline: return .inline
        case .root, .implicit: return .implicit
        }
    }

    /// Item `index` with its parts.
    func item(_ index: Int) -> TOMLItem { items[index].item(in: storage, edited: editedItems) }

    /// `item` as an item to put in `items`: trivia as its span, a key/value or header in `editedItems`.
    mutating func stored(_ item: TOMLItem) -> TOMLStoredItem {
        if case .trivia(let span) = item { return .trivia(span) }
        editedItems.append(item)
        return .edited(editedItems.count - 1, isHeader: item.isHeader)
    }

    /// Replaces item `index` with `item`, which takes the place in `editedItems` the item had, if any.
    mutating func replaceItem(_ index: Int, with item: TOMLItem) {
        guard let slot = items[index].editedIndex, !item.isTrivia else {
            items[index] = stored(item)
            return
        }
        editedItems[slot] = item
        items[index] = .edited(slot, isHeader: item.isHeader)
    }

    static func firstLineEnding(in bytes: [UInt8]) -> String {
        guard let index = bytes.firstIndex(of: 0x0A) else { return "\n" }
        return index > 0 && bytes[index - 1] == 0x0D ? "\r\n" : "\n"
    }
}
