import SMTPSettings

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One run at a time for the files of a config (SPEC §6): an advisory `flock` on each directory the tool reads from
/// and writes to (the directory itself, so no lock file is ever left behind).
///
/// `apply` holds the lock of the config's directory from before it reads until both files are in place; `SafeWriter`
/// takes the locks of every directory it writes to as well (re-entrant: a process that already holds a lock simply
/// counts up), so the wizard, which reads early and writes late, is covered at write time. A second run waits up to
/// 10 seconds (`BOMNIPOTENT_SMTP_TEST_ONLY_LOCK_TIMEOUT` overrides that), then fails with
/// `ConfigWriterError.locked` (exit 75), naming the holder's PID as the kernel reports it (`/proc/locks`).
///
/// The first holder of a directory finishes or rolls back a write that a crash interrupted (`WriteJournal`) and
/// removes the leftover temporary files of this tool (`ScratchFiles`).
///
/// The lock is advisory: an editor or script that ignores it can still replace config.toml or `.env` while a run
/// holds it. The run then notices the change (content compared right before each rename) and stops with exit 75;
/// only a change in the microseconds between that comparison and the rename is overwritten, and an editor that
/// still has the old text open will overwrite the new file when it saves.
public enum ConfigLock {
    /// The environment variable that shortens (or lengthens) the wait in tests, in seconds.
    static let timeoutVariable = "BOMNIPOTENT_SMTP_TEST_ONLY_LOCK_TIMEOUT"
    /// How long a run waits for another one.
    static var timeout: Double {
        if let text = getenv(timeoutVariable).map({ String(cString: $0) }), let seconds = Double(text), seconds >= 0 { return seconds }
        return 10
    }

    /// Runs `body` holding the lock of the config's directory (symlinks followed), after an interrupted write there
    /// was finished or rolled back and leftover temporary files were removed.
    ///
    /// Waits up to 10 seconds for another run; then throws `ConfigWriterError.locked`.
    public static func withExclusiveAccess<T>(
        configPath: String, _ body: () throws(ConfigWriterError) -> T
    ) throws(ConfigWriterError) -> T {
        let target = FileSystem.writeTarget(configPath)
        let names = [FileSystem.fileName(of: target), ".env"]
        let held = try LockRegistry.shared.acquire([FileSystem.directory(of: target)], cleaning: names)
        defer { LockRegistry.shared.release(held) }
        return try body()
    }

    /// The warnings of an interrupted write that was finished or rolled back for `configPath`'s directory, once;
    /// when a journal is there and no run of this process holds the lock, it is taken briefly to recover.
    static func recoveryWarnings(configPath: String) throws(ConfigWriterError) -> [SettingsWarning] {
        let directory = FileSystem.directory(of: FileSystem.writeTarget(configPath))
        if !LockRegistry.shared.holds(directory), WriteJournal.journals(in: directory).isEmpty { return LockRegistry.shared.takeWarnings() }
        let held = try LockRegistry.shared.acquire([directory], cleaning: [])
        LockRegistry.shared.release(held)
        return LockRegistry.shared.takeWarnings()
    }
}

/// The locks this process holds, by canonical directory, with a count for re-entrant use.
final class LockRegistry: @unchecked Sendable {
    static let shared = LockRegistry()

    /// A lock held on one directory.
    private struct Held {
        var fd: Int32
        var count: Int
    }

    /// What `acquire` returns, to give to `release`.
    struct Token {
        fileprivate var keys: [String]
    }

    private let mutex = NSRecursiveLock()
    private var held: [String: Held] = [:]
    private var warnings: [SettingsWarning] = []

    /// True when this process holds the lock of `directory`.
    func holds(_ directory: String) -> Bool {
        mutex.lock()
        defer { mutex.unlock() }
        return held[Self.key(directory)] != nil
    }

    /// Takes the warnings of recoveries made since the last call.
    func takeWarnings() -> [SettingsWarning] {
        mutex.lock()
        defer { mutex.unlock() }
        defer { warnings = [] }
        return warnings
    }

    /// Locks `directories` (in a fixed order), recovering interrupted writes and removing the temporary files of
    /// `cleaning` (file names) in each; already held ones are counted up. A directory
    /// that does not exist has nothing to recover.
    func acquire(_ directories: [String], cleaning names: [String]) throws(ConfigWriterError) -> Token {
        mutex.lock()
        defer { mutex.unlock() }
        var token = Token(keys: [])
        for key in Set(directories.map(Self.key)).sorted() {
            do {
                if var entry = held[key] {
                    entry.count += 1
                    held[key] = entry
                    token.keys.append(key)
                } else if let entry = try Self.lock(key) {
                    held[key] = entry
                    token.keys.append(key)
                }
                warnings += try WriteJournal.recoverAll(in: key)
                ScratchFiles.removeLeftovers(in: key, for: names)
            } catch {
                release(token)
                throw error
            }
        }
        return token
    }

    /// Gives back what `acquire` took; the last release of a directory unlocks it.
    func release(_ token: Token) {
        mutex.lock()
        defer { mutex.unlock() }
        for key in token.keys.reversed() {
            guard var entry = held[key] else { continue }
            entry.count -= 1
            if entry.count > 0 {
                held[key] = entry
                continue
            }
            held[key] = nil
            close(entry.fd)
        }
    }

    /// The directory as the kernel names it, so `./x` and `/abs/x` share one lock.
    private static func key(_ directory: String) -> String {
        guard let resolved = realpath(directory, nil) else { return FileSystem.absolute(directory) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Takes the lock of `directory` (an `flock` on the directory itself, so no file is ever left behind, even by
    /// SIGKILL), waiting up to `ConfigLock.timeout`; `nil` when the directory does not exist.
    private static func lock(_ directory: String) throws(ConfigWriterError) -> Held? {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .cannotWrite(path: directory, reason: "cannot open the directory to lock it: \(FileSystem.errorText())")
        }
        let deadline = Date().addingTimeInterval(ConfigLock.timeout)
        var delay: useconds_t = 2_000
        var holder: LockHolder?
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw .cannotWrite(path: directory, reason: "cannot lock: \(FileSystem.errorText(code))")
            }
            holder = FileSystem.identity(fd: fd).flatMap(LockHolder.init(lockOn:)) ?? holder
            guard Date() < deadline else {
                close(fd)
                throw .locked(directory: directory, holderPID: holder?.pid, holderName: holder?.name, waitedSeconds: ConfigLock.timeout)
            }
            usleep(delay)
            delay = min(delay * 2, 50_000)
        }
        return Held(fd: fd, count: 1)
    }
}

/// The process that holds a lock, as the kernel names it in `/proc/locks` (Linux; elsewhere it stays unknown).
private struct LockHolder {
    var pid: Int32
    var name: String?

    /// The holder of the `flock` on the file `identity`, with its command name where readable.
    init?(lockOn identity: FileIdentity) {
        guard let table = (try? FileSystem.readContents("/proc/locks")) ?? nil else { return nil }
        let suffix = ":\(identity.inode)"
        let fields = String(decoding: table, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ") }
        guard let line = fields.first(where: { $0.count > 5 && $0[1] == "FLOCK" && $0[5].hasSuffix(suffix) && !$0.contains("->") }),
            let pid = Int32(line[4]), pid > 0
        else { return nil }
        self.pid = pid
        let commandLine = (try? FileSystem.readContents("/proc/\(pid)/cmdline")) ?? nil
        name = commandLine.flatMap { $0.split(separator: 0).first }.map { FileSystem.fileName(of: String(decoding: $0, as: UTF8.self)) }
    }
}
