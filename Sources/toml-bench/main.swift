// toml-bench: the TOML engine's benchmark and fuzzer (run by scripts/bench-toml and scripts/fuzz-toml).
//   toml-bench generate <file> <megabytes> [kind]   writes a TOML file: kind `config` (default, config-like,
//                                                   with an [smtp] table) or an adversarial one (see
//                                                   BenchFile.adversarialKinds)
//   toml-bench <operation> <file> [iterations]      times an operation (see BenchRun.Operation)
//   toml-bench fuzz <seconds> [seed]                fuzzes the engine, prints inputs/s and findings
import LosslessTOML
import TOMLFuzzing

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
let operations = BenchRun.Operation.allCases.map(\.rawValue).joined(separator: "|")
guard let command = arguments.first, arguments.count >= 2 else {
    fail("usage: toml-bench generate <file> <megabytes> [config|\(BenchFile.adversarialKinds.joined(separator: "|"))] | toml-bench \(operations) <file> [iterations] | toml-bench fuzz <seconds> [seed]")
}

switch command {
case "generate":
    let path = arguments[1]
    let megabytes = arguments.count > 2 ? Double(arguments[2]) ?? 10 : 10
    let size = Int(megabytes * 1_000_000)
    let kind = arguments.count > 3 ? arguments[3] : "config"
    guard let bytes = kind == "config" ? BenchFile.generate(bytes: size) : BenchFile.adversarial(kind, bytes: size) else {
        fail("toml-bench: unknown kind \(kind)")
    }
    do {
        try BenchFile.write(bytes, to: path)
    } catch {
        fail("toml-bench: cannot write \(path)")
    }
    print("generated \(path): \(bytes.count) bytes")
case "fuzz":
    let seconds = Double(arguments[1]) ?? 60
    let seed = arguments.count > 2 ? UInt64(arguments[2]) ?? 1 : 1
    let clock = ContinuousClock()
    let start = clock.now
    let statistics = TOMLFuzzChecker.run(seed: seed, count: Int.max, seconds: seconds)
    let elapsed = start.duration(to: clock.now)
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("fuzz: seed \(seed), \(statistics.inputs) inputs in \(BenchRun.format(wall)) s = \(Int(Double(statistics.inputs) / wall)) inputs/s")
    print("fuzz: \(statistics.accepted) accepted, \(statistics.compared) compared with toml++, \(statistics.findings.count) findings")
    for finding in statistics.findings.prefix(20) { print("finding: \(finding)") }
    if !statistics.findings.isEmpty { exit(1) }
default:
    guard let operation = BenchRun.Operation(rawValue: command) else { fail("toml-bench: unknown command \(command)") }
    let path = arguments[1]
    let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
    guard let size = BenchFile.size(of: path) else { fail("toml-bench: cannot read \(path)") }
    var walls: [Double] = []
    var cpus: [Double] = []
    for _ in 0..<iterations {
        guard let seconds = BenchRun.once(operation, path: path) else { fail("toml-bench: \(command) failed on \(path)") }
        walls.append(seconds.wall)
        cpus.append(seconds.cpu)
    }
    let wall = walls.min() ?? 0
    let cpu = cpus.min() ?? 0
    let megabytes = Double(size) / 1_000_000
    print("\(command): \(size) bytes, best of \(iterations): wall \(BenchRun.format(wall * 1000)) ms = \(BenchRun.format(megabytes / wall)) MB/s, cpu \(BenchRun.format(cpu * 1000)) ms = \(BenchRun.format(megabytes / cpu)) MB/s")
}
