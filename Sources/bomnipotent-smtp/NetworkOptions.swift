import ArgumentParser

/// `--ca-file` and `--timeout`: the network options `probe` and the wizard share.
struct NetworkOptions: ParsableArguments {
    @Option(name: .customLong("ca-file"), help: ArgumentHelp("A PEM file of extra trust anchors, for private relays and tests.", valueName: "PEM"))
    var caFile: String?

    @Option(help: ArgumentHelp("Seconds that bound every network wait.", valueName: "SECONDS"))
    var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout <= 600 else {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most 600.")
        }
    }
}
