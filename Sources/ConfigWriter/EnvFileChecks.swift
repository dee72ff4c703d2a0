import Foundation

/// Checks on where a `.env` file holding a secret lives (SPEC §5).
enum EnvFileChecks {
    /// `ENV_FILE_READABLE` when others may read the file, `ENV_NOT_IGNORED` when git would commit it.
    static func warnings(envFilePath: String, exists: Bool) -> [ConfigWarning] {
        var result: [ConfigWarning] = []
        if exists, let attributes = FileSystem.attributes(envFilePath), attributes.mode & 0o044 != 0 {
            let mode = String(attributes.mode & 0o777, radix: 8)
            result.append(.init(
                code: "ENV_FILE_READABLE",
                message: "\(envFilePath) is readable by group or others (mode \(mode)): run chmod 600 \(envFilePath)."))
        }
        if isUnignoredInGitWorkTree(envFilePath) {
            result.append(.init(
                code: "ENV_NOT_IGNORED",
                message: "\(envFilePath) is inside a git work tree and not ignored: add .env to .gitignore so the secret is never committed."))
        }
        return result
    }

    /// True when `path` lies in a git work tree and `git check-ignore` does not ignore it; false without git.
    static func isUnignoredInGitWorkTree(_ path: String) -> Bool {
        let target = FileSystem.writeTarget(FileSystem.absolute(path))
        let directory = FileSystem.directory(of: target)
        guard let inside = runGit(["-C", directory, "rev-parse", "--is-inside-work-tree"]), inside.status == 0,
            inside.output.trimmingCharacters(in: .whitespacesAndNewlines) == "true"
        else { return false }
        guard let ignored = runGit(["-C", directory, "check-ignore", "-q", "--", FileSystem.fileName(of: target)]) else { return false }
        return ignored.status == 1
    }

    private static func runGit(_ arguments: [String]) -> (status: Int32, output: String)? {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let git = searchPath.split(separator: ":").map({ "\($0)/git" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
