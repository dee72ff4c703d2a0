import ArgumentParser
import ConfigWriter
import Foundation

/// `show`: the effective settings, the connection plan and where the secret comes from (never its value).
///
/// The text report is a human message and goes to standard error; only `--json` writes to standard output (SPEC §3).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the SMTP settings, how the server will connect, and whether the secret resolves.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object on standard output (the text report goes to standard error).")
    var json = false

    func run() throws {
        let report: SettingsReport
        do {
            let state = try ConfigState.load(
                configPath: options.configPath, envFilePath: options.envFile, schema: options.schema,
                environment: ProcessInfo.processInfo.environment)
            guard state.configExists else {
                StandardError.print("error: \(options.configPath) does not exist: create it with `bomnipotent-smtp wizard` or `apply`.")
                throw ExitStatus.ioError
            }
            report = SettingsReport(state: state, absolutePath: URL(fileURLWithPath: options.configPath).standardizedFileURL.path)
        } catch let error as ConfigWriterError {
            StandardError.print("error: \(error)")
            throw error.exitStatus
        }
        if json {
            print(report.json.text)
        } else {
            StandardError.print(report.text)
        }
    }
}
