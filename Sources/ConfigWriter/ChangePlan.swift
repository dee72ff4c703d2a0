import LosslessTOML
import SMTPSettings
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The new contents of config.toml and `.env` for one change, ready to show as a diff or to write.
public struct ChangePlan: Sendable {
    /// config.toml as read (empty when it did not exist).
    public var configBefore: [UInt8]
    /// config.toml as it will be written.
    public var configAfter: [UInt8]
    /// `.env` as read; `nil` when it did not exist.
    public var envBefore: [UInt8]?
    /// `.env` as it will be written; `nil` when the change does not touch it.
    public var envAfter: [UInt8]?
    /// What the change does beyond the obvious, e.g. "skip_user_verification set to false".
    public var notes: [String]
    /// Non-fatal remarks (inline secret, readable `.env`, …).
    public var warnings: [SettingsWarning]
    /// The config path as given.
    public var configPath: String
    /// The `.env` path.
    public var envFilePath: String
    /// The repairs of SPEC §12 this plan makes (empty unless planned with `repair`), in the order made.
    public var repairs: [Repair] = []

    let configExisted: Bool
    let configHasInlineSecret: Bool
    var configHadInlineSecret = false
    var safeWriter = SafeWriter()
    /// config.toml as read (parsed) and as it will be written (read back against the edited document, or parsed
    /// when that failed): the diff masks secrets by their place in these trees.
    var configDocuments: (before: TOMLValueTree, after: TOMLValueTree)?

    /// True when writing would change config.toml or `.env`.
    public var changesAnything: Bool { configChanges || envChanges }

    private var configChanges: Bool { !configExisted || configAfter != configBefore }
    private var envChanges: Bool { envAfter.map { $0 != envBefore } ?? false }

    /// The unified diff of both files, every secret value shown as `***`; empty when nothing changes.
    public func diff() -> String {
        var output = ""
        if configChanges {
            let (oldLines, newLines) = SecretMask.configLines(before: configBefore, after: configAfter, documents: configDocuments)
            output += UnifiedDiff.diff(
                old: configExisted ? configBefore : nil, new: configAfter, oldLabel: Self.label("a", configPath),
                newLabel: Self.label("b", configPath)
            ) { isNew, index in Self.line(index, of: isNew ? newLines : oldLines) }
        }
        if envChanges, let envAfter {
            let oldLines = SecretMask.envLines(envBefore ?? [])
            let newLines = SecretMask.envLines(envAfter)
            output += UnifiedDiff.diff(
                old: envBefore, new: envAfter, oldLabel: Self.label("a", envFilePath), newLabel: Self.label("b", envFilePath)
            ) { isNew, index in Self.line(index, of: isNew ? newLines : oldLines) }
        }
        return output
    }

    /// A masked line; `***` should the diff ever count lines differently.
    private static func line(_ index: Int, of lines: SecretMask.Lines) -> String {
        lines[index] ?? SecretMask.maskedText
    }

    private static func label(_ side: String, _ path: String) -> String {
        path.hasPrefix("/") ? side + path : side + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// Writes the changed files as one unit (SPEC §6); with `backup`, previous contents are kept as `.bak-` files.
    public func write(backup: Bool) throws(ConfigWriterError) -> WriteResult {
        var files: [PendingFile] = []
        if configChanges {
            files.append(PendingFile(
                path: configPath, expectedBefore: configExisted ? configBefore : nil, contents: configAfter,
                newFileMode: configHasInlineSecret ? 0o600 : 0o644, backupHoldsSecret: configHadInlineSecret))
        }
        if envChanges, let envAfter {
            files.append(PendingFile(path: envFilePath, expectedBefore: envBefore, contents: envAfter, newFileMode: 0o600, backupHoldsSecret: true))
        }
        if files.isEmpty { return WriteResult(writtenFiles: [], backupFiles: []) }
        return try safeWriter.write(files, backup: backup)
    }
}
