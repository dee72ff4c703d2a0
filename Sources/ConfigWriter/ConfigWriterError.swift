import SMTPSettings

/// Everything that can go wrong while reading, editing or writing config.toml and `.env`.
///
/// `description` is the one place where these become text; `kind` tells the command line which exit status to use.
public enum ConfigWriterError: Error, Sendable, Equatable {
    /// config.toml is not valid TOML 1.0.
    case configSyntax(path: String, line: Int, column: Int, reason: String)
    /// The `.env` file cannot be parsed.
    case envSyntax(path: String, line: Int, reason: String)
    /// A key the tool must edit through (`smtp`, `user`) holds a value that is not a table.
    case notATable(path: String, key: String)
    /// A setting given to the tool is invalid.
    case invalidValue(SettingsError)
    /// An empty secret was given.
    case secretEmpty
    /// The secret given on standard input is not UTF-8, so neither config.toml nor `.env` could hold it as given.
    case secretNotUTF8
    /// A secret for `.env` holds a carriage return or NUL, which no `.env` reader can represent.
    case secretUnwritableCharacter(variable: String, character: String)
    /// The TOML document refused an edit.
    case editFailed(path: String, reason: String)
    /// A file cannot be read.
    case cannotRead(path: String, reason: String)
    /// A file cannot be written; nothing was changed.
    case cannotWrite(path: String, reason: String)
    /// The tool's own output did not parse back to the intended values; nothing was written.
    case verificationFailed(path: String, reason: String)
    /// The file changed on disk after it was read; nothing was written.
    case changedOnDisk(path: String)
    /// The second file of a unit failed and restoring the first failed too.
    case rollbackFailed(path: String, reason: String, backup: String?)
    /// The docker compose file is not YAML the tool can read.
    case composeSyntax(path: String, reason: String)
    /// Another run held the lock of `directory` for longer than the wait allows; nothing was written.
    case locked(directory: String, holderPID: Int32?, holderName: String?, waitedSeconds: Double)
    /// A write that a crash interrupted (its journal is `journal`) could not be rolled back.
    case interruptedWriteNotRecovered(journal: String, reason: String)

    /// The class of failure, which decides the exit status (SPEC §3).
    /// The raw value is the SPEC §3 exit status (sysexits.h) for the class.
    public enum Kind: Int32, Sendable, Equatable {
        /// Bad input data: a file does not parse or a value is invalid (65).
        case badData = 65
        /// An input file cannot be read (74).
        case cannotRead = 74
        /// An output file cannot be written (73).
        case cannotWrite = 73
        /// A file changed while the tool was working (75).
        case changedOnDisk = 75
    }

    /// The class of this failure.
    public var kind: Kind {
        switch self {
        case .configSyntax, .envSyntax, .composeSyntax, .notATable, .invalidValue, .secretEmpty, .secretNotUTF8, .secretUnwritableCharacter, .editFailed:
            return .badData
        case .cannotRead: return .cannotRead
        case .cannotWrite, .verificationFailed, .rollbackFailed, .interruptedWriteNotRecovered: return .cannotWrite
        case .changedOnDisk, .locked: return .changedOnDisk
        }
    }
}

extension ConfigWriterError: CustomStringConvertible {
    /// What went wrong, where, and what to do.
    public var description: String {
        switch self {
        case .configSyntax(let path, let line, let column, let reason):
            return "\(path): line \(line), column \(column): \(reason). The file is not valid TOML 1.0 and was not changed."
        case .envSyntax(let path, let line, let reason):
            return "\(path): line \(line): \(reason). The file was not changed."
        case .notATable(let path, let key):
            return "\(path): `\(key)` is not a table, so its settings cannot be edited: make it a [\(key)] section."
        case .invalidValue(let error):
            return error.description
        case .secretEmpty:
            return "The secret is empty: pipe the password or API key on standard input."
        case .secretNotUTF8:
            return "The secret on standard input is not valid UTF-8; config.toml and .env hold UTF-8 text only, so it cannot be stored as given."
        case .secretUnwritableCharacter(let variable, let character):
            return "The secret for \(variable) contains a \(character), which a .env file cannot hold: use --secret-inline or set the variable in the environment."
        case .editFailed(let path, let reason):
            return "\(path): the edit could not be made: \(reason). The file was not changed."
        case .cannotRead(let path, let reason):
            return "Cannot read \(path): \(reason)."
        case .cannotWrite(let path, let reason):
            return "Cannot write \(path): \(reason). Nothing was changed."
        case .verificationFailed(let path, let reason):
            return "The new content of \(path) did not read back as intended (\(reason)); nothing was written."
        case .changedOnDisk(let path):
            return "\(path) changed on disk while the tool was working; nothing was written. Run the command again."
        case .rollbackFailed(let path, let reason, let backup):
            let restore = backup.map { " Restore it from \($0)." } ?? ""
            return "Writing failed and \(path) could not be restored: \(reason).\(restore)"
        case .composeSyntax(let path, let reason):
            return "\(path): \(reason). Give --compose FILE for the right compose file, or --no-compose to ignore it."
        case .locked(let directory, let pid, let name, let waited):
            let holder = pid.map { pid in "(PID \(pid)\(name.map { ", \($0)" } ?? "")) " } ?? ""
            let seconds = waited == waited.rounded() ? String(Int(waited)) : String(waited)
            return "Another run \(holder)is changing the files in \(directory) and still held its lock after \(seconds) s; nothing was written. Run the command again once it has finished."
        case .interruptedWriteNotRecovered(let journal, let reason):
            return "An earlier run was interrupted while writing config.toml and .env, and its change could not be undone (\(reason)). Fix that, then run the command again; \(journal) records the interrupted write."
        }
    }
}
