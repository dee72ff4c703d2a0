import ConfigWriter

/// Why the service cannot load the files or plan a change: one case per cause, one text, one exit status.
public enum SetupError: Error, Sendable, Equatable {
    /// Reading, parsing, planning or writing config.toml or `.env` failed.
    case files(ConfigWriterError)
    /// The config file the command needs does not exist; `remedy` says how to create it or what to give instead.
    case configMissing(path: String, remedy: String)
    /// `--ca-file` cannot be read.
    case caFileUnreadable(path: String)
    /// A skip flag is to be written, but nothing tells the server's layout (SPEC §1 step 3): give `--schema`.
    case layoutUnknown

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
        case .layoutUnknown: return .usage
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
        case .layoutUnknown:
            return "the skip flag's layout is unknown: neither config.toml nor the deployment shows the server version. Give --schema legacy (server before 0.7, the layout the server's SMTP settings page shows: skip_user_verification at the top) or --schema current (server 0.7 and later: [user] skip_verification). Nothing was written."
        }
    }
}
