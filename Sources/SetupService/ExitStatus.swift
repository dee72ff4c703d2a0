/// The exit statuses of SPEC §3 (sysexits.h): the one source of exit codes for the commands and the wizard.
/// Thrown by a command, it ends the process with that status (the message was printed already).
public enum ExitStatus: Int32, Error, Sendable, Equatable, CaseIterable {
    /// Success; for `probe`, every stage passed.
    case success = 0
    /// `probe` ran and its diagnosis is not `OK` (also `CONFIG_INVALID`, `SECRET_UNRESOLVED`).
    case probeFailed = 1
    /// Bad or conflicting options.
    case usage = 64
    /// config.toml or `.env` does not parse, or an invalid value was given to `apply`.
    case dataError = 65
    /// An output file cannot be written.
    case cannotCreate = 73
    /// An input file cannot be read.
    case ioError = 74
    /// The file changed on disk while the tool was working; nothing was written.
    case changedOnDisk = 75
    /// Cancelled by the user; nothing was written.
    case cancelled = 130
}
