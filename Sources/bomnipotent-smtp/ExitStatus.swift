import ArgumentParser

/// The exit statuses of SPEC §3 (sysexits.h).
enum ExitStatus {
    /// Success; for `probe`, every stage passed.
    static let success = ExitCode(0)
    /// `probe` ran and its diagnosis is not `OK`.
    static let probeFailed = ExitCode(1)
    /// Bad or conflicting options.
    static let usage = ExitCode(64)
    /// config.toml or .env does not parse, or an invalid value was given to `apply`.
    static let dataError = ExitCode(65)
    /// An output file cannot be written.
    static let cannotCreate = ExitCode(73)
    /// An input file cannot be read.
    static let ioError = ExitCode(74)
    /// The file changed on disk while the tool was working; nothing was written.
    static let changedOnDisk = ExitCode(75)
    /// Cancelled by the user; nothing was written.
    static let cancelled = ExitCode(130)
}
