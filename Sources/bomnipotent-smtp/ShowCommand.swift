import ArgumentParser
import ConfigWriter
import Foundation

/// `show`: the effective settings, the connection plan and where the secret comes from (never its value).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the SMTP settings, how the server will connect, and whether the secret resolves.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let report: ShowReport
        do {
            let state = try ConfigState.load(
                configPath: options.configPath, envFilePath: options.envFile, schema: options.schema,
                environment: ProcessInfo.processInfo.environment)
            guard state.configExists else {
                StandardError.print("error: \(options.configPath) does not exist: create it with `bomnipotent-smtp wizard` or `apply`.")
                throw ExitStatus.ioError
            }
            report = ShowReport(state: state, absolutePath: URL(fileURLWithPath: options.configPath).standardizedFileURL.path)
        } catch let error as ConfigWriterError {
            StandardError.print("error: \(error)")
            throw error.exitStatus
        }
        print(json ? report.json.rendered : report.text, terminator: "\n")
    }
}
