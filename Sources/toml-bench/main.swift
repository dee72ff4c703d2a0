// toml-bench: the TOML engine's speed benchmark (run by scripts/bench-toml).
//   toml-bench generate <file> <megabytes>   writes a config-like TOML file
//   toml-bench run <file> [iterations]       times parse + one edit + serialise, prints the figures
import LosslessTOML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    _ = Array((message + "\n").utf8).withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, arguments.count >= 2 else {
    fail("usage: toml-bench generate <file> <megabytes> | toml-bench run <file> [iterations]")
}
let path = arguments[1]

switch command {
case "generate":
    let megabytes = arguments.count > 2 ? Double(arguments[2]) ?? 10 : 10
    let bytes = BenchFile.generate(bytes: Int(megabytes * 1_000_000))
    do {
        try BenchFile.write(bytes, to: path)
    } catch {
        fail("toml-bench: cannot write \(path)")
    }
    print("generated \(path): \(bytes.count) bytes")
case "run":
    let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
    guard let size = BenchFile.size(of: path) else { fail("toml-bench: cannot read \(path)") }
    var durations: [Double] = []
    for _ in 0..<iterations {
        guard let seconds = BenchRun.once(path: path) else { fail("toml-bench: \(path) did not parse or edit") }
        durations.append(seconds)
    }
    durations.sort()
    let best = durations[0]
    let median = durations[durations.count / 2]
    let megabytes = Double(size) / 1_000_000
    print("file: \(size) bytes; parse + edit + serialise, \(iterations) runs")
    print("best: \(BenchRun.format(best * 1000)) ms = \(BenchRun.format(megabytes / best)) MB/s")
    print("median: \(BenchRun.format(median * 1000)) ms = \(BenchRun.format(megabytes / median)) MB/s")
default:
    fail("toml-bench: unknown command \(command)")
}
