import ArgumentParser
import ConfigWriter
import Foundation
import SetupTUI

/// `bomnipotent-smtp [wizard]`: the full-screen setup wizard (SPEC §8), or plain prompts without a terminal.
struct WizardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Set up, test or repair the SMTP settings step by step (the default command).",
        discussion: """
            Runs a full-screen wizard when standard input and output are a terminal, otherwise (or with \
            --plain) asks the same questions as plain prompts on standard error. Nothing is written before \
            you confirm the reviewed changes; Esc on the first screen or Ctrl-C cancels with exit status 130.
            """
    )

    @Option(name: .long, help: "The server's config.toml.")
    var config = "./config.toml"

    @Option(name: .customLong("env-file"), help: "The .env file for a secret (default: .env next to the config).")
    var envFile: String?

    @Option(name: .long, help: "Skip-flag layout: auto, legacy or current.")
    var schema = "auto"

    @Option(name: .customLong("ca-file"), help: "An extra PEM trust anchor for the probe (private relays, tests).")
    var caFile: String?

    @Option(name: .long, help: "Seconds each network wait of the probe may take.")
    var timeout: Double = 10

    @Flag(name: .long, help: "Ask plain line prompts even on a terminal (screen readers).")
    var plain = false

    func validate() throws {
        guard ["auto", "legacy", "current"].contains(schema) else {
            throw ValidationError("--schema must be auto, legacy or current, not \"\(schema)\".")
        }
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds.") }
    }

    func run() async throws {
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            FileHandle.standardError.write(Data("bomnipotent-smtp: cannot read --ca-file \(caFile).\n".utf8))
            throw ExitStatus.ioError
        }
        let environment = ProcessInfo.processInfo.environment
        let loaded: (summary: ConfigSummary, services: LiveWizardServices)
        do {
            loaded = try LiveWizardServices.load(
                configPath: config, envFilePath: envFile, schema: schema, caFilePath: caFile, timeout: timeout,
                environment: environment)
        } catch {
            FileHandle.standardError.write(Data("bomnipotent-smtp: \(error.message)\n".utf8))
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
