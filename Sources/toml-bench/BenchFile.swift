#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The benchmark's input: a deterministic, config-like TOML file.
enum BenchFile {
    /// The table whose `name` the benchmark edits.
    static let editedTable = 500

    /// About `bytes` bytes of TOML: many tables with comments, strings of every kind, numbers, dates,
    /// arrays (one spread over lines with comments) and inline tables.
    static func generate(bytes target: Int) -> [UInt8] {
        var text = "# Generated benchmark configuration\n# Many services, each with its settings.\n\ntitle = \"bench\"\nversion = 3\n\n"
            + "[smtp]\nuser = \"old@example.com\" # the login\nendpoint = \"smtp.example.com\"\nstarttls = true\n\n"
        var index = 0
        while text.utf8.count < target {
            text += """
            # Service \(index): the settings of one backend service.
            [service_\(index)]
            name = "Service number \(index)"   # shown in the dashboard
            enabled = \(index % 3 == 0 ? "true" : "false")
            port = \(8000 + index % 1000)
            weight = \(Double(index % 100) / 8)
            created = 2024-01-\(10 + index % 18)T10:30:00Z
            tags = ["alpha", "beta", "gamma-\(index % 7)"]
            limits = { cpu = \(index % 8 + 1), memory = "\(256 * (index % 4 + 1))Mi", burst = true }
            path = 'C:\\services\\svc_\(index)\\bin'
            description = \"\"\"
            Service \(index) handles requests for the "\(index % 5)" shard.
            It retries \\t twice.\"\"\"
            servers = [
              "10.0.\(index % 256).1", # primary
              "10.0.\(index % 256).2", # secondary
            ]

            [service_\(index).database]
              host = "db\(index).internal"
              user = "svc_\(index)"
              pool.min = 2
              pool.max = \(10 + index % 20)
              timeout = 30.5 # seconds


            """
            index += 1
        }
        return Array(text.utf8)
    }

    /// `a = "…"`: one basic string of `byte` making the file `bytes` long.
    static func oneString(of byte: UInt8, bytes target: Int) -> [UInt8] {
        Array("a = \"".utf8) + [UInt8](repeating: byte, count: max(0, target - 7)) + Array("\"\n".utf8)
    }

    /// The kinds of adversarial input `adversarial(_:bytes:)` makes.
    static let adversarialKinds = ["brackets", "equals", "quotes", "letters", "arrays", "wide", "tables", "keys", "dotted"]

    /// About `bytes` bytes of valid TOML that stresses the parser's memory: one string of `[`, `=`, `"` or `x`;
    /// lines of arrays nested 100 deep; one array of five million `1`s; many small tables; many tables of 16 four-byte lines (`a=1`), the most
    /// keys a text of that size can hold; many dotted keys in one table. Nil for another kind.
    static func adversarial(_ kind: String, bytes target: Int) -> [UInt8]? {
        switch kind {
        case "brackets": return oneString(of: UInt8(ascii: "["), bytes: target)
        case "equals": return oneString(of: UInt8(ascii: "="), bytes: target)
        case "letters": return oneString(of: UInt8(ascii: "x"), bytes: target)
        case "quotes":
            return Array("a = '".utf8) + [UInt8](repeating: UInt8(ascii: "\""), count: max(0, target - 7)) + Array("'\n".utf8)
        case "arrays":
            let nested = String(repeating: "[", count: 100) + "1" + String(repeating: "]", count: 100)
            return lines(bytes: target) { "k\($0) = \(nested)\n" }
        case "wide": return Array(("a = [" + String(repeating: "1,", count: max(0, (target - 7) / 2)) + "]\n").utf8)
        case "tables": return lines(bytes: target) { "[t\($0)]\nk = \($0)\n" }
        case "keys": return lines(bytes: target) { "[t\($0)]\n" + "abcdefghijklmnop".map { "\($0)=1\n" }.joined() }
        case "dotted": return lines(bytes: target) { "a.b.c.k\($0) = \($0)\n" }
        default: return nil
        }
    }

    /// Lines made by `line(index)` until the text is `bytes` long.
    private static func lines(bytes target: Int, _ line: (Int) -> String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(target + 256)
        var index = 0
        while bytes.count < target {
            bytes += line(index).utf8
            index += 1
        }
        return bytes
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw BenchError.io }
        defer { fclose(file) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw BenchError.io }
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let size = size(of: path), let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: size)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
        return count == size ? bytes : nil
    }

    static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    enum BenchError: Error { case io }
}
