import LosslessTOML
import TOMLKit

/// A property an input broke.
public struct TOMLFuzzFinding: Sendable, CustomStringConvertible {
    /// Which property.
    public enum Kind: String, Sendable {
        case roundTrip = "accepted input does not round-trip byte for byte"
        case keyCount = "decoded keys differ in number from toml++ (keys merged or lost)"
        case acceptance = "accepted by one parser and rejected by the other (toml++)"
        case edit = "an edit that succeeded does not read back"
        case readBackMissed = "a document's own text does not read back against its tree"
        case readBackWrong = "a text read back against a tree holds other values than the tree"
    }

    public var kind: Kind
    public var input: [UInt8]

    public var description: String {
        "\(kind.rawValue): \(String(decoding: input, as: UTF8.self).debugDescription)"
    }
}

/// Counts of a fuzz run.
public struct TOMLFuzzStatistics: Sendable {
    public var inputs = 0
    public var accepted = 0
    public var compared = 0
    public var findings: [TOMLFuzzFinding] = []

    public init() {}
}

/// Checks the properties of the engine on one input: no crash; accepted input round-trips byte for byte;
/// an edit that succeeds reads back; a document's text, as parsed and after the edit, reads back against
/// its tree (`TOMLValueTree.readBack`), and an input that reads back against `model` (the tree of the
/// document it was mutated from) parses to the model's values; and, with `compare`, the decoded keys are as many as toml++ (through
/// TOMLKit) decodes, so none is merged with a canonically equivalent one, and both parsers agree on
/// accepting. Only generated documents are compared: toml++ stops the process on an assertion on some
/// mutated inputs.
public enum TOMLFuzzChecker {
    public static func check(_ input: [UInt8], edit path: [String], compare: Bool, model: TOMLValueTree? = nil,
                             into statistics: inout TOMLFuzzStatistics) {
        statistics.inputs += 1
        let document = try? TOMLDocument(parsing: input)
        if let document {
            statistics.accepted += 1
            if document.bytes != input { statistics.findings.append(.init(kind: .roundTrip, input: input)) }
            if document.valueTree.readBack(input, rangesOfKeysNamed: []) == nil {
                statistics.findings.append(.init(kind: .readBackMissed, input: input))
            }
            var edited = document
            if (try? edited.set(.integer(7), at: path)) != nil {
                let reread = try? TOMLDocument(parsing: edited.bytes)
                if reread?.value(at: path) != .integer(7) { statistics.findings.append(.init(kind: .edit, input: input)) }
                let readBack = edited.valueTree.readBack(edited.bytes, rangesOfKeysNamed: [])
                if readBack == nil || readBack?.root != reread?.root { statistics.findings.append(.init(kind: .readBackMissed, input: input)) }
            }
        }
        if let model, model.readBack(input, rangesOfKeysNamed: []) != nil, document?.root != model.root {
            statistics.findings.append(.init(kind: .readBackWrong, input: input))
        }
        // TOMLKit takes a C string: compare only inputs that are valid UTF-8 without NUL bytes.
        guard compare, !input.contains(0), let text = String(validating: input, as: UTF8.self) else { return }
        let independent = try? TOMLKit.TOMLTable(string: text)
        statistics.compared += 1
        switch (document, independent) {
        case let (document?, independent?):
            if keyCount(document.root) != keyCount(independent.tomlValue) {
                statistics.findings.append(.init(kind: .keyCount, input: input))
            }
        case (nil, nil): break
        default: statistics.findings.append(.init(kind: .acceptance, input: input))
        }
    }

    /// How many keys a decoded value holds, in all its tables (those in arrays too).
    static func keyCount(_ value: LosslessTOML.TOMLValue) -> Int {
        switch value {
        case .table(let table): return table.reduce(table.count) { $0 + keyCount($1.value) }
        case .array(let values): return values.reduce(0) { $0 + keyCount($1) }
        default: return 0
        }
    }

    static func keyCount(_ value: TOMLKit.TOMLValue) -> Int {
        if let table = value.table { return table.values.reduce(table.count) { $0 + keyCount($1) } }
        if let array = value.array { return array.reduce(0) { $0 + keyCount($1.tomlValue) } }
        return 0
    }

    /// Generated and mutated documents, `count` of them or until `seconds` pass, whichever comes first.
    public static func run(seed: UInt64, count: Int, seconds: Double) -> TOMLFuzzStatistics {
        var generator = TOMLFuzzGenerator(seed: seed)
        var statistics = TOMLFuzzStatistics()
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        var previous = generator.document()
        while statistics.inputs < count, clock.now < deadline {
            let document = generator.document()
            check(document, edit: generator.path(), compare: true, into: &statistics)
            let model = try? TOMLValueTree(parsing: document)
            for _ in 0..<3 {
                check(generator.mutate(document, splicing: previous), edit: generator.path(), compare: false, model: model, into: &statistics)
            }
            previous = document
        }
        return statistics
    }
}
