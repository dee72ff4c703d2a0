import ArgumentParser
import ConfigWriter

extension ConfigWriterError {
    /// The exit status of SPEC §3 for this failure.
    var exitStatus: ExitCode { ExitCode(kind.rawValue) }
}
