import ArgumentParser
import SetupService

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

    /// Parses and runs the command. Every failure ends here: an `ExitStatus` or `ExitCode` thrown after its
    /// message was printed ends the process with that status; a usage error is printed with the one error prefix
    /// (`error: `) and its usage line, and ends with 64; help and version go to standard output with 0.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let status as ExitStatus {
            Self.exit(withError: ExitCode(status.rawValue))
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode || error is CleanExit {
                Self.exit(withError: error)
            }
            StandardError.printError(message(for: error))
            StandardError.print(usageLine(for: error))
            Self.exit(withError: ExitCode(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue))
        }
    }

    /// The `Usage:` line and help pointer ArgumentParser prints after a usage error.
    private static func usageLine(for error: Error) -> String {
        let full = fullMessage(for: error)
        guard let range = full.range(of: "Usage:") else { return "See 'bomnipotent-smtp --help'." }
        return String(full[range.lowerBound...]).trimmingTrailingNewlines
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
