// toml-test decoder (SPEC §9): TOML on standard input; tagged JSON on standard output, or with
// `--roundtrip` the document re-serialised from its syntax tree. Invalid input: the error on standard
// error and exit status 1.
import LosslessTOML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads all of standard input as bytes.
func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(0, &buffer, buffer.count)
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    return bytes
}

func writeStandardOutput(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        if written <= 0 { break }
        offset += written
    }
}

let roundTrip = CommandLine.arguments.dropFirst().contains("--roundtrip")
let input = readStandardInput()
do {
    if roundTrip {
        writeStandardOutput(try TOMLDocument(parsing: input).bytes)
    } else {
        writeStandardOutput(Array((TaggedJSON.json(try TOMLValueTree(parsing: input).root).text + "\n").utf8))
    }
} catch {
    let message = "toml-test-decoder: \(error)\n"
    _ = Array(message.utf8).withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}
