/// One top-level piece of a document, in file order. Their spans, concatenated, are the document.
enum TOMLItem: Sendable {
    /// Blank lines, comment lines, a byte-order mark, trailing spaces: anything that is not a key or header.
    case trivia(TOMLSpan)
    case keyValue(TOMLKeyValue)
    case header(TOMLTableHeader)

    func write(to writer: inout TOMLWriter) {
        switch self {
        case .trivia(let span): writer.emit(span)
        case .keyValue(let keyValue): keyValue.write(to: &writer)
        case .header(let header):
            writer.emit(header.text)
            writer.emit(header.newline)
        }
    }
}
