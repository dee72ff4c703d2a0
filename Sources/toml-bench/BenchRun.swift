import LosslessTOML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One timed run: read the file, parse it, set one value in the middle, serialise.
enum BenchRun {
    /// Seconds spent on parse + edit + serialise (reading the file is not counted), or nil on failure.
    static func once(path: String) -> Double? {
        guard let input = BenchFile.read(path) else { return nil }
        let clock = ContinuousClock()
        var output: [UInt8] = []
        let elapsed = clock.measure {
            guard var document = try? TOMLDocument(parsing: consume input) else { return }
            do {
                try document.set(.string("edited by toml-bench"), at: ["service_\(BenchFile.editedTable)", "name"])
            } catch {
                return
            }
            output = document.bytes
        }
        guard !output.isEmpty else { return nil }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}
