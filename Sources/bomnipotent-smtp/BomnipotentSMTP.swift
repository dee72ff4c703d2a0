import ArgumentParser

/// The command-line entry point: parses arguments and hands the work to the libraries.
@main
struct BomnipotentSMTP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bomnipotent-smtp",
        abstract: "Set up, test and repair the SMTP settings of a BOMnipotent Server config.toml.",
        version: Version.current,
        subcommands: [WizardCommand.self, ProbeCommand.self, ApplyCommand.self, ShowCommand.self],
        defaultSubcommand: WizardCommand.self
    )
}
