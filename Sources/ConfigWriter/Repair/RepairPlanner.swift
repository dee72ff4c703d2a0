import LosslessTOML
import SMTPSettings

/// Finds and makes the repairs of SPEC §12 on a document, keeping every other byte (SPEC §4), and keeps
/// `expectedRoot` and `touchedKeys` in step so the planner's read-back check covers each fix.
struct RepairPlanner {
    /// The document as it is being repaired.
    var document: TOMLDocument
    /// What the top-level keys in `touchedKeys` must read back as; every other key stays as it was.
    var expectedRoot: TOMLValue = .table([:])
    /// The top-level keys the repairs change.
    var touchedKeys: [String] = []
    /// The fixes made (and the finding left on purpose), in file order of the kinds of SPEC §12.
    var repairs: [Repair] = []
    /// Warnings the repaired file earns (`INLINE_SECRET_HAS_VARIABLE`).
    var warnings: [SettingsWarning] = []
    /// The skip-flag layout the server's version reads; `nil` when unknown (then no flag is moved).
    let serverLayout: SkipFlagLayout?
    /// For error messages.
    let configPath: String

    /// The table the server's relay integration page uses, which the server does not read.
    static let misplacedTable = "smtp_config"

    /// Whether `document` holds a secret value where a repair finds it (`password` in `[smtp]`, `secret` or
    /// `password` in `[smtp_config]`), so a backup of it must be kept like one of an inline secret.
    static func holdsMisplacedSecret(_ document: TOMLDocument) -> Bool {
        [["smtp", "password"], [misplacedTable, "secret"], [misplacedTable, "password"]].contains { path in
            guard let value = document.value(at: path) else { return false }
            guard case .string(let text) = value else { return true }
            return VariableReference.wholeReference(in: text) == nil
        }
    }

    init(document: TOMLDocument, serverLayout: SkipFlagLayout?, configPath: String) {
        self.document = document
        self.serverLayout = serverLayout
        self.configPath = configPath
    }

    /// Makes every repair the document needs.
    mutating func run() throws(ConfigWriterError) {
        try moveMisplacedTable()
        try repairSMTPKeys()
        try moveSkipFlag()
        reportInlineSecretVariable()
    }

    // MARK: Edits that keep expectedRoot in step

    /// Starts the expected value of each path's top-level key from the value it has before its first edit.
    private mutating func touch(_ paths: [String]...) {
        for path in paths {
            guard let key = path.first, !touchedKeys.contains(key) else { continue }
            touchedKeys.append(key)
            if let value = document.value(at: [key]) { expectedRoot = expectedRoot.setting(value, at: [key]) }
        }
    }

    func value(at path: [String]) -> TOMLValue? {
        document.value(at: path)
    }

    mutating func set(_ value: TOMLValue, at path: [String]) throws(ConfigWriterError) {
        touch(path)
        do {
            try document.set(value, at: path)
        } catch {
            throw .editFailed(path: configPath, reason: error.description)
        }
        expectedRoot = expectedRoot.setting(value, at: path[...])
    }

    mutating func remove(_ path: [String]) {
        touch(path)
        guard document.removeValueWithComments(at: path) else { return }
        expectedRoot = expectedRoot.removing(at: path[...])
    }

    mutating func renameKey(_ path: [String], to name: String) throws(ConfigWriterError) {
        guard let moved = document.value(at: path) else { return }
        touch(path, path.dropLast() + [name])
        do {
            try document.renameKey(at: path, to: name)
        } catch {
            throw .editFailed(path: configPath, reason: error.description)
        }
        expectedRoot = expectedRoot.removing(at: path[...]).setting(moved, at: (path.dropLast() + [name])[...])
    }

    mutating func renameTable(_ path: [String], to name: String) throws(ConfigWriterError) {
        guard let moved = document.value(at: path) else { return }
        touch(path, path.dropLast() + [name])
        do {
            try document.renameTable(path, to: name)
        } catch {
            throw .editFailed(path: configPath, reason: error.description)
        }
        expectedRoot = expectedRoot.removing(at: path[...]).setting(moved, at: (path.dropLast() + [name])[...])
    }

    /// Moves the key at `path` into the table `target`: its line with its comments where both are header
    /// tables, else written anew there.
    mutating func move(_ path: [String], to target: [String], value: TOMLValue) throws(ConfigWriterError) {
        guard let name = path.last else { return }
        touch(path, target)
        let moved: Bool
        do {
            moved = try document.moveKey(at: path, toTable: target)
        } catch {
            throw .editFailed(path: configPath, reason: error.description)
        }
        guard moved else {
            try set(value, at: target + [name])
            return
        }
        expectedRoot = expectedRoot.removing(at: path[...]).setting(value, at: (target + [name])[...])
    }

    mutating func removeTable(_ path: [String]) throws(ConfigWriterError) {
        touch(path)
        guard document.removeTable(path) else {
            throw .editFailed(path: configPath, reason: "cannot remove the table \(path.joined(separator: "."))")
        }
        expectedRoot = expectedRoot.removing(at: path[...])
    }

    mutating func add(_ kind: Repair.Kind, _ summary: String) {
        repairs.append(Repair(kind: kind, summary: summary))
    }

    // MARK: [smtp_config]

    /// `[smtp_config]` → `[smtp]`: renamed in place when there is no `[smtp]` (every line and comment stays);
    /// otherwise its keys that `[smtp]` lacks move to `[smtp]` (with their comments, between header tables),
    /// `[smtp]` wins for keys both have, and the table goes.
    private mutating func moveMisplacedTable() throws(ConfigWriterError) {
        let misplaced = RepairPlanner.misplacedTable
        guard case .table(let moved)? = value(at: [misplaced]) else { return }
        guard let existing = value(at: ["smtp"]) else {
            try renameTable([misplaced], to: "smtp")
            add(.MOVE_SMTP_CONFIG, "move [smtp_config] to [smtp] (the server reads only [smtp])" + skipFlagNote)
            return
        }
        guard case .table(let smtp) = existing else { return }
        var added: [String] = []
        var dropped: [String] = []
        for key in moved.keys.sorted() {
            guard let movedValue = moved[key] else { continue }
            if let kept = smtp[key] {
                if kept != movedValue { dropped.append(key) }
            } else {
                try move([misplaced, key], to: ["smtp"], value: movedValue)
                added.append(key)
            }
        }
        try removeTable([misplaced])
        var summary = "remove [smtp_config] (the server reads only [smtp])"
        if !added.isEmpty { summary += "; move \(added.joined(separator: ", ")) to [smtp]" }
        if !dropped.isEmpty { summary += "; [smtp] keeps its own \(dropped.joined(separator: ", ")), [smtp_config]'s differing value is dropped" }
        add(.MOVE_SMTP_CONFIG, summary + skipFlagNote)
    }

    /// What a summary that gives the server `[smtp]` adds while a skip flag is `true`: the repair leaves the
    /// flag, which the server reads correctly, but the administrator should know it still sends no mail.
    private var skipFlagNote: String {
        guard let layout = SkipFlagLayout.allCases.first(where: { value(at: LayoutDetection.flagPath($0))?.boolValue == true }) else {
            return ""
        }
        return "; \(LayoutDetection.flagName(layout)) stays true, so the server still mails no verification link: "
            + "set it to false, or run apply with --user and --endpoint, which does, once the probe passes"
    }

    // MARK: Skip flag

    /// A skip flag in the layout the server does not read moves to the one it reads, and so do `tmp_admin` and
    /// `user_expiration_period` (`[user] expiration_period` since 0.7), which moved with it; when both layouts
    /// have a key, the misplaced one goes (the one in place wins). An empty `[user]` table left behind for a
    /// legacy server goes too: that server rejects it as unknown.
    private mutating func moveSkipFlag() throws(ConfigWriterError) {
        try fixSkipFlagTypes()
        guard let serverLayout else { return }
        let wrong: SkipFlagLayout = serverLayout == .legacy ? .current : .legacy
        if serverLayout == .current, let user = value(at: ["user"]), !isTable(user) { return }
        let serverName = serverLayout == .current ? "0.7 and later" : "before 0.7"
        for key in LayoutDetection.userKeys(in: document, layout: wrong) {
            let kind: Repair.Kind = key == LayoutDetection.skipFlag ? .MOVE_SKIP_FLAG : .MOVE_USER_KEY
            let wrongPath = key.path(wrong)
            let rightPath = key.path(serverLayout)
            guard let moved = value(at: wrongPath) else { continue }
            let target = key.name(serverLayout)
            if value(at: rightPath) != nil {
                remove(wrongPath)
                add(kind, "remove \(key.name(wrong)) (servers \(serverName) do not read it; the file has \(target))")
            } else {
                let comments = document.lineComments(at: wrongPath)
                remove(wrongPath)
                try set(moved, at: rightPath)
                if let comments { document.setLineComments(comments, at: rightPath) }
                add(kind, "move \(key.name(wrong)) to \(target) (the layout servers \(serverName) read)")
            }
        }
        if wrong == .current, case .table(let user)? = value(at: ["user"]), user.isEmpty {
            try removeTable(["user"])
        }
    }

    /// A skip flag written as a word (`"yes"`, `1`) becomes the boolean it clearly means; one that means
    /// nothing clear stays, with its warning, as removing it could keep the server from starting.
    private mutating func fixSkipFlagTypes() throws(ConfigWriterError) {
        for layout in SkipFlagLayout.allCases {
            let path = LayoutDetection.flagPath(layout)
            guard let written = value(at: path), written.boolValue == nil, let flag = RepairPlanner.flag(written) else { continue }
            try set(.boolean(flag), at: path)
            add(.FIX_TYPE, "write \(LayoutDetection.flagName(layout)) = \(flag) instead of \(RepairPlanner.text(written)) (the server reads only true or false)")
        }
    }

    func isTable(_ value: TOMLValue) -> Bool {
        if case .table = value { return true }
        return false
    }

    // MARK: Inline secret with ${…}

    /// An inline secret with `${…}` stays as it is, with the warning: the tool cannot tell whether the
    /// administrator means the variable (then it works as written) or the literal text (which cannot be
    /// written into config.toml at all, as the server substitutes variables in the file's text).
    private mutating func reportInlineSecretVariable() {
        guard case .string(let text)? = value(at: ["smtp", "secret"]), VariableReference.wholeReference(in: text) == nil,
              !VariableReference.names(in: text).isEmpty else { return }
        repairs.append(Repair(
            kind: .KEEP_INLINE_SECRET_WITH_VARIABLE,
            summary: "the inline secret stays as it is: it contains ${…}, which the server replaces with a variable's value",
            changesFile: false))
        warnings.append(.inlineSecretHasVariable)
    }
}
