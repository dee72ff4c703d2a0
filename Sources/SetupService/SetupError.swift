import ConfigWriter

/// Why the service cannot load the files or plan a change: one case per cause, one text, one exit status.
public enum SetupError: Error, Sendable, Equatable {
    /// Reading, parsing, planning or writing config.toml or `.env` failed.
    case files(ConfigWriterError)
    /// The config file the command needs does not exist; `remedy` says how to create it or what to give instead.
    case configMissing(path: String, remedy: String)
    /// `--ca-file` cannot be read.
    case caFileUnreadable(path: String)

    /// The SPEC §3 exit status for this failure.
    public var exitStatus: ExitStatus {
        switch self {
        case .files(let error):
            switch error.kind {
            case .badData: return .dataError
            case .cannotRead: return .ioError
            case .cannotWrite: return .cannotCreate
            case .changedOnDisk: return .changedOnDisk
            }
        case .configMissing, .caFileUnreadable: return .ioError
        }
    }
}

extension SetupError: CustomStringConvertible {
    /// What went wrong and what to do, without any prefix (the caller adds `error: `); never a secret.
    public var description: String {
        switch self {
        case .files(let error): return error.description
        case .configMissing(let path, let remedy): return "\(path) does not exist: \(remedy)."
        case .caFileUnreadable(let path): return "cannot read --ca-file \(path)."
        }
    }
}
