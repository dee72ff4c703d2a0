import ArgumentParser
import ConfigWriter
import Foundation
import SetupService
import SetupTUI

/// `bomnipotent-smtp [wizard]`: the full-screen setup wizard (SPEC §8), or plain prompts without a terminal.
struct WizardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Set up, test or repair the SMTP settings step by step (the default command).",
        discussion: """
            Runs a full-screen wizard when standard input and output are a terminal, otherwise (or with \
            --plain) asks the same questions as plain prompts on standard error. Nothing is written before you confirm the \
            reviewed changes; Esc on the first screen or Ctrl-C cancels with exit status 130.
            """
    )

    @OptionGroup var options: ConfigOptions

    @OptionGroup var schema: SchemaOptions

    @OptionGroup var network: NetworkOptions

    @Flag(name: .long, help: "Ask plain line prompts even on a terminal (screen readers).")
    var plain = false

    func run() async throws {
        do {
            try network.requireReadableCAFile()
        } catch {
            throw StandardError.fail(error)
        }
        let environment = ProcessInfo.processInfo.environment
        let loaded: (summary: ConfigSummary, services: LiveWizardServices)
        do {
            loaded = try LiveWizardServices.load(options.setupOptions(schema: schema, network: network))
        } catch {
            StandardError.printError(error.message)
            throw ExitCode(error.exitCode)
        }
        let term = environment["TERM"] ?? ""
        let fullScreen = !plain && isatty(0) != 0 && isatty(1) != 0 && !term.isEmpty && term != "dumb"
        let terminalGuard = TerminalGuard(resetSequence: fullScreen ? CursesTerminal.resetSequence : "")
        defer { terminalGuard.release() }
        let status: Int32
        if fullScreen, let terminal = try? CursesTerminal(useColor: environment["NO_COLOR"].map(\.isEmpty) ?? true) {
            let runtime = WizardRuntime(
                summary: loaded.summary, services: loaded.services, terminal: terminal,
                exitAfterFirstFrame: environment["BOMNIPOTENT_SMTP_EXIT_AFTER_FIRST_FRAME"] == "1")
            status = await runtime.runOnOwnThread()
        } else {
            var prompts = PlainWizard(summary: loaded.summary, services: loaded.services)
            status = await prompts.run()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
