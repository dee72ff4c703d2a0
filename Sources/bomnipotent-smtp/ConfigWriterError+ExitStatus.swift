import ArgumentParser
import ConfigWriter

extension ConfigWriterError {
    /// The exit status of SPEC §3 for this failure.
    var exitStatus: ExitCode {
        switch kind {
        case .badData: return ExitStatus.dataError
        case .cannotRead: return ExitStatus.ioError
        case .cannotWrite: return ExitStatus.cannotCreate
        case .changedOnDisk: return ExitStatus.changedOnDisk
        }
    }
}
