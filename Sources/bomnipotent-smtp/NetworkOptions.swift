import ArgumentParser
import Foundation
import SetupService

/// `--ca-file` and `--timeout`: the network options `probe` and the wizard share.
struct NetworkOptions: ParsableArguments {
    /// The default of `--timeout`, in seconds.
    static let defaultTimeout = 10.0

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("A PEM file of extra trust anchors, for private relays and tests.", valueName: "PEM"))
    var caFile: String?

    @Option(help: ArgumentHelp("Seconds that bound every network wait.", valueName: "SECONDS"))
    var timeout: Double = NetworkOptions.defaultTimeout

    func validate() throws {
        guard timeout > 0, timeout <= 600 else {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most 600.")
        }
    }

    /// Fails when `--ca-file` names a file that cannot be read.
    func requireReadableCAFile() throws(SetupError) {
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) { throw .caFileUnreadable(path: caFile) }
    }
}
