import ConfigWriter
import LosslessTOML
import TOMLKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The timed operations, each on the bytes of one file (reading it is not counted).
enum BenchRun {
    /// What a run does.
    enum Operation: String, CaseIterable {
        /// Parse and decode every value into one `TOMLValue`.
        case decode
        /// Parse and visit every value through `TOMLValueView`, decoding each scalar as it comes.
        case walk
        /// Parse and serialise unchanged (checked byte for byte).
        case roundtrip
        /// Parse, set one value in the middle, serialise.
        case edit
        /// What `bomnipotent-smtp show` does: load the config and render the report.
        case show
        /// What `bomnipotent-smtp apply` does: load, plan an `[smtp]` change (every edit re-parsed and
        /// verified), render the diff, write the file.
        case apply
        /// What `bomnipotent-smtp apply --dry-run` does: `apply` without the write.
        case applyDryRun = "apply-dry-run"
        /// toml++ (through TOMLKit): parse into its table.
        case tomlppDecode = "tomlpp-decode"
        /// toml++: parse and serialise (not lossless: comments and spelling are lost).
        case tomlppRoundtrip = "tomlpp-roundtrip"
    }

    /// Seconds of wall-clock and of processor time (this process, all threads) for one run of `operation`
    /// on the file at `path`, or nil when it failed. On a loaded machine processor time is the steadier figure.
    static func once(_ operation: Operation, path: String) -> (wall: Double, cpu: Double)? {
        guard var input = BenchFile.read(path) else { return nil }
        // `apply` writes its file: it works on a fresh copy each time.
        let target = operation == .apply ? path + ".apply.toml" : path
        if operation == .apply {
            do {
                try BenchFile.write(input, to: target)
            } catch {
                return nil
            }
        }
        // The commands read the file themselves; the bytes read here would only add to their peak memory.
        if [.show, .apply, .applyDryRun].contains(operation) { input = [] }
        let clock = ContinuousClock()
        var succeeded = false
        let cpuStart = processorSeconds()
        let elapsed = clock.measure {
            succeeded = run(operation, input: input, path: target)
        }
        let cpu = processorSeconds() - cpuStart
        guard succeeded else { return nil }
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, cpu)
    }

    /// The processor time this process has used, in seconds.
    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// How many values `view` holds, itself included, each scalar decoded.
    private static func visit(_ view: TOMLValueView) -> Int {
        var count = 1
        switch view.kind {
        case .table: view.forEachEntry { count += visit($1) }
        case .array: view.forEachElement { count += visit($0) }
        default: if case .boolean(true) = view.value { count += 1 }
        }
        return count
    }

    private static func run(_ operation: Operation, input: [UInt8], path: String) -> Bool {
        switch operation {
        case .decode:
            guard let values = try? TOMLValueTree(parsing: input) else { return false }
            guard case .table(let root) = values.root else { return false }
            return !root.isEmpty
        case .walk:
            guard let values = try? TOMLValueTree(parsing: input) else { return false }
            return visit(values.rootView) > 0
        case .roundtrip:
            guard let document = try? TOMLDocument(parsing: input) else { return false }
            return document.bytes == input
        case .edit:
            guard var document = try? TOMLDocument(parsing: input) else { return false }
            guard (try? document.set(.string("edited by toml-bench"), at: ["service_\(BenchFile.editedTable)", "name"])) != nil else {
                return false
            }
            return !document.bytes.isEmpty
        case .show:
            guard let state = try? ConfigState.load(configPath: path, environment: [:]) else { return false }
            return !SettingsReport(state: state, absolutePath: path).text.isEmpty
        case .apply:
            let change = ConfigChange.smtp(
                user: "bench@example.com", endpoint: "mail.example.com", starttls: true, secret: .variable("SMTP_SECRET"))
            do {
                let plan = try ConfigState.load(configPath: path, environment: [:]).plan(change)
                guard !plan.diff().isEmpty else { return false }
                _ = try plan.write(backup: false)
                return true
            } catch {
                print("toml-bench: apply: \(error)")
                return false
            }
        case .applyDryRun:
            let change = ConfigChange.smtp(
                user: "bench@example.com", endpoint: "mail.example.com", starttls: true, secret: .variable("SMTP_SECRET"))
            do {
                return !(try ConfigState.load(configPath: path, environment: [:]).plan(change).diff().isEmpty)
            } catch {
                print("toml-bench: apply --dry-run: \(error)")
                return false
            }
        case .tomlppDecode:
            guard let text = String(validating: input, as: UTF8.self), let table = try? TOMLKit.TOMLTable(string: text) else {
                return false
            }
            return table.count > 0
        case .tomlppRoundtrip:
            guard let text = String(validating: input, as: UTF8.self), let table = try? TOMLKit.TOMLTable(string: text) else {
                return false
            }
            return !table.convert().isEmpty
        }
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}
