/// The trivia around a node (toml_edit's `Decor`): the storage spans of the whitespace, comments and line
/// endings before it and after it. Every node that has trivia holds it this way, so an edit moves or
/// reuses whole decorations and never cuts a span apart.
struct TOMLDecor: Sendable {
    /// Before the node.
    var prefix: TOMLSpan
    /// After the node.
    var suffix: TOMLSpan

    init(prefix: TOMLSpan, suffix: TOMLSpan) {
        self.prefix = prefix
        self.suffix = suffix
    }

    /// Writes the prefix, the node (by `body`), then the suffix.
    @inline(__always) func write(to writer: inout TOMLWriter, _ body: (inout TOMLWriter) -> Void) {
        writer.emit(prefix)
        body(&writer)
        writer.emit(suffix)
    }
}
