import ArgumentParser
import Foundation
import SetupService

/// `show`: the effective settings, the connection plan and where the secret comes from (never its value).
///
/// The text report is a human message and goes to standard error; only `--json` writes to standard output (SPEC §3).
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the SMTP settings, how the server will connect, and whether the secret resolves.")

    @OptionGroup var options: ConfigOptions

    @OptionGroup var schema: SchemaOptions

    @Flag(help: "Print one JSON object on standard output (the text report goes to standard error).")
    var json = false

    func run() throws {
        let service: SetupService
        do {
            service = try SetupService.load(options.setupOptions(schema: schema))
            try service.requireConfig(remedy: "create it with `bomnipotent-smtp wizard` or `apply`")
        } catch {
            throw StandardError.fail(error)
        }
        let report = service.settingsReport(absolutePath: URL(fileURLWithPath: options.configPath).standardizedFileURL.path)
        if json {
            print(report.json.text)
        } else {
            StandardError.print(report.text)
        }
    }
}
