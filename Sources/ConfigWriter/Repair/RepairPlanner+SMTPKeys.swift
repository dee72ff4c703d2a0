import LosslessTOML
import SMTPSettings

/// The `[smtp]` repairs: unknown keys renamed, folded into `endpoint`/`starttls` or removed, and known keys of
/// the wrong type written with the right one (SPEC §1, §12).
extension RepairPlanner {
    /// Unknown keys that name a known one, renamed when the known key is absent.
    static let aliases: [(alias: String, key: String)] = [("password", "secret"), ("username", "user"), ("host", "endpoint")]

    /// Text values read as `true` / `false` (case and surrounding spaces ignored).
    static let trueWords: Set<String> = ["true", "yes", "on", "1"]
    static let falseWords: Set<String> = ["false", "no", "off", "0"]

    mutating func repairSMTPKeys() throws(ConfigWriterError) {
        guard case .table? = value(at: ["smtp"]) else { return }
        try renameAliases()
        let starttlsFix = try fixKnownTypes()
        let starttlsChange = try foldConnectionKeys(starttlsTold: starttlsFix != nil)
        if let starttlsFix { retell(starttlsFix, after: starttlsChange) }
        try removeOtherUnknownKeys()
    }

    private mutating func renameAliases() throws(ConfigWriterError) {
        for (alias, key) in RepairPlanner.aliases {
            guard let aliasValue = value(at: ["smtp", alias]) else { continue }
            if let present = value(at: ["smtp", key]) {
                remove(["smtp", alias])
                add(.REMOVE_UNKNOWN_KEY, present == aliasValue
                    ? "remove \(alias) from [smtp] (the same value as its \(key))"
                    : "remove \(alias) from [smtp]: the server uses \(key), which the file also has (\(alias)'s other value is dropped)")
            } else {
                try renameKey(["smtp", alias], to: key)
                add(.RENAME_KEY, "rename \(alias) to \(key) in [smtp] (the server's name for it)")
                if key == "secret", VariableReference.wholeReference(in: aliasValue.stringValue ?? "") == nil { warnings.append(.inlineSecret) }
            }
        }
    }

    /// Known keys of the wrong type fixed; returns the `starttls` as written and where its repair is listed, so
    /// the repair can be told again when the fold of `port` or `tls` decides the key after all.
    private mutating func fixKnownTypes() throws(ConfigWriterError) -> (written: TOMLValue, index: Int)? {
        var starttlsFix: (written: TOMLValue, index: Int)?
        if let written = value(at: ["smtp", "starttls"]), written.boolValue == nil {
            starttlsFix = (written, repairs.count)
            if let flag = RepairPlanner.flag(written) {
                try set(.boolean(flag), at: ["smtp", "starttls"])
                add(.FIX_TYPE, "write starttls = \(flag) instead of \(RepairPlanner.text(written)) in [smtp] (the server reads only true or false)")
            } else {
                remove(["smtp", "starttls"])
                add(.REMOVE_UNREADABLE_VALUE, "remove starttls = \(RepairPlanner.text(written)) from [smtp]: it is neither true nor false (absent means false)")
            }
            repairs[repairs.count - 1].starttlsFix = (RepairPlanner.text(written), RepairPlanner.flag(written))
        }
        for key in ["user", "endpoint", "secret"] {
            guard let written = value(at: ["smtp", key]), written.stringValue == nil else { continue }
            if case .integer(let number) = written {
                try set(.string(String(number)), at: ["smtp", key])
                add(.FIX_TYPE, "write \(key) as text in [smtp] (the server reads only strings)")
            } else {
                if case .table = written { try removeTable(["smtp", key]) } else { remove(["smtp", key]) }
                add(.REMOVE_UNREADABLE_VALUE, "remove \(key) from [smtp]: its value is not text the server can read")
            }
        }
        return starttlsFix
    }

    /// One account of `starttls`: the repair of its written value names the value the fold left, and why.
    private mutating func retell(_ fix: (written: TOMLValue, index: Int), after change: ConnectionFold.StarttlsChange) {
        let old = RepairPlanner.text(fix.written)
        let typeReason = RepairPlanner.flag(fix.written) == nil ? "it is neither true nor false" : "the server reads only true or false"
        switch change {
        case .keep:
            return
        case .set(let flag, let reason):
            repairs[fix.index] = Repair(kind: .FIX_TYPE, summary: "write starttls = \(flag) instead of \(old) in [smtp] (\(typeReason), and \(reason))")
        case .remove(let reason):
            repairs[fix.index] = Repair(kind: .REMOVE_UNREADABLE_VALUE, summary: "remove starttls = \(old) from [smtp] (\(typeReason), and \(reason))")
        }
        repairs[fix.index].starttlsFix = (old, value(at: ["smtp", "starttls"])?.boolValue)
    }

    /// `port` and `tls` expressed by `endpoint` and `starttls` (SPEC §2's table read backwards); returns what
    /// became of `starttls`. A `starttls` the fold removes is named in the fold's summary unless the repair of
    /// its type tells of it (`starttlsTold`).
    private mutating func foldConnectionKeys(starttlsTold: Bool) throws(ConfigWriterError) -> ConnectionFold.StarttlsChange {
        var port: Int?
        var tls: Bool?
        if let written = value(at: ["smtp", "port"]), !isTable(written) {
            port = RepairPlanner.portNumber(written)
            if port == nil {
                remove(["smtp", "port"])
                add(.REMOVE_UNKNOWN_KEY, "remove port = \(RepairPlanner.text(written)) from [smtp] (not a port number, and the server does not know the key)")
            }
        }
        if let written = value(at: ["smtp", "tls"]), !isTable(written) {
            tls = RepairPlanner.flag(written)
            if tls == nil {
                remove(["smtp", "tls"])
                add(.REMOVE_UNKNOWN_KEY, "remove tls = \(RepairPlanner.text(written)) from [smtp] (neither true nor false, and the server does not know the key)")
            }
        }
        guard port != nil || tls != nil else { return .keep }
        guard case .string(let text)? = value(at: ["smtp", "endpoint"]), let endpoint = try? Endpoint(parsing: text) else {
            if let port {
                remove(["smtp", "port"])
                add(.REMOVE_UNKNOWN_KEY, "remove port = \(port) from [smtp]: without a valid endpoint it cannot be folded in (write endpoint = \"smtp://host:\(port)?tls=required\")")
            }
            if let tls {
                remove(["smtp", "tls"])
                add(.REMOVE_UNKNOWN_KEY, "remove tls = \(tls) from [smtp]: without a valid endpoint it cannot be folded in")
            }
            return .keep
        }
        var fold = ConnectionFold(endpoint: endpoint, starttls: value(at: ["smtp", "starttls"])?.boolValue, port: port, tls: tls)
        fold.decide()
        if case .remove = fold.starttlsChange, !starttlsTold, let old = value(at: ["smtp", "starttls"]),
            let index = fold.repairs.firstIndex(where: { $0.kind == .FOLD_UNKNOWN_KEY }) {
            let note = "starttls = \(RepairPlanner.text(old)) goes too: beside a URL endpoint the server ignores it"
            let summary = fold.repairs[index].summary
            fold.repairs[index].summary = summary.hasSuffix(")") ? summary.dropLast() + "; \(note))" : summary + " (\(note))"
        }
        if let newEndpoint = fold.newEndpoint { try set(.string(newEndpoint), at: ["smtp", "endpoint"]) }
        switch fold.starttlsChange {
        case .keep: break
        case .set(let flag, _): try set(.boolean(flag), at: ["smtp", "starttls"])
        case .remove: remove(["smtp", "starttls"])
        }
        for (key, kind, summary) in fold.repairs {
            remove(["smtp", key])
            add(kind, summary)
            if kind == .FOLD_UNKNOWN_KEY { repairs[repairs.count - 1].foldedKey = key }
        }
        return fold.starttlsChange
    }

    private mutating func removeOtherUnknownKeys() throws(ConfigWriterError) {
        guard case .table(let smtp)? = value(at: ["smtp"]) else { return }
        for key in smtp.keys.sorted() where !ConfigState.smtpKeys.contains(key) {
            if case .table? = smtp[key] { try removeTable(["smtp", key]) } else { remove(["smtp", key]) }
            add(.REMOVE_UNKNOWN_KEY, "remove \(key) from [smtp] (the server does not know this key)")
        }
    }

    // MARK: Reading values

    /// A boolean, or a text or 0/1 that clearly means one.
    static func flag(_ value: TOMLValue) -> Bool? {
        switch value {
        case .boolean(let flag): return flag
        case .integer(1): return true
        case .integer(0): return false
        case .string(let text):
            let word = trimmed(text).lowercased()
            if trueWords.contains(word) { return true }
            if falseWords.contains(word) { return false }
            return nil
        default: return nil
        }
    }

    /// A TCP port, written as a number or as digits in a string.
    static func portNumber(_ value: TOMLValue) -> Int? {
        let number: Int?
        switch value {
        case .integer(let written): number = Int(exactly: written)
        case .string(let text): number = text.allSatisfy(\.isASCII) ? Int(trimmed(text)) : nil
        default: number = nil
        }
        guard let number, (1...65535).contains(number) else { return nil }
        return number
    }

    /// `text` without spaces and tabs around it.
    static func trimmed(_ text: String) -> String {
        var word = Substring(text)
        while word.first == " " || word.first == "\t" { word.removeFirst() }
        while word.last == " " || word.last == "\t" { word.removeLast() }
        return String(word)
    }

    /// A value as TOML text for a summary (never used for a secret).
    static func text(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return TOMLStringEscaping.basicString(text)
        case .integer(let number): return String(number)
        case .float(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .offsetDateTime(let text), .localDateTime(let text), .localDate(let text), .localTime(let text): return text
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}
