import SMTPSettings
import Foundation

/// Checks on where a file holding a secret lives (SPEC §5): `.env`, or config.toml with an inline secret.
enum EnvFileChecks {
    /// `ENV_FILE_READABLE` when others may read the file, `ENV_NOT_IGNORED` when git would commit it.
    static func warnings(envFilePath: String, exists: Bool) -> [SettingsWarning] {
        var result: [SettingsWarning] = []
        if exists, let attributes = FileSystem.attributes(envFilePath), attributes.mode & 0o044 != 0 {
            let mode = String(attributes.mode & 0o777, radix: 8)
            result.append(.init(
                code: .ENV_FILE_READABLE,
                message: "\(envFilePath) is readable by group or others (mode \(mode)): run chmod 600 \(envFilePath)."))
        }
        if isUnignoredInGitWorkTree(envFilePath) {
            result.append(.init(
                code: .ENV_NOT_IGNORED,
                message: "\(envFilePath) is inside a git work tree and not ignored: add .env to .gitignore so the secret is never committed."))
        }
        return result
    }

    /// `CONFIG_READABLE` when config.toml, holding the secret inline, may be read by group or others.
    static func configReadable(_ configPath: String) -> SettingsWarning? {
        guard let attributes = FileSystem.attributes(configPath), attributes.mode & 0o044 != 0 else { return nil }
        return SettingsWarning(
            code: .CONFIG_READABLE,
            message: "\(configPath) holds the secret and is readable by group or others (mode \(String(attributes.mode & 0o777, radix: 8))): run chmod 600 \(configPath).")
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

extension ConfigState {
    /// Warnings about where the secret is kept, as the files are now: the `.env` it resolves from is readable by
    /// group or others, not ignored by git, or has a line before it that the server's dotenvy reader refuses
    /// (`ENV_FILE_READABLE`, `ENV_NOT_IGNORED`, `ENV_NOT_DOTENVY`), or config.toml holds it
    /// inline and is readable by group or others (`CONFIG_READABLE`). Runs `git` only when the secret comes from `.env`.
    public var secretStorageWarnings: [SettingsWarning] {
        switch resolveSecret() {
        case .resolved(let name, _, .dotenv):
            return EnvFileChecks.warnings(envFilePath: envFilePath, exists: envFileExists)
                + (envDocument.dotenvyWarning(for: name, path: envFilePath).map { [$0] } ?? [])
        case .inline: return configExists ? EnvFileChecks.configReadable(configPath).map { [$0] } ?? [] : []
        case .none, .resolved, .unresolved: return []
        }
    }
}
