#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Points where tests of concurrent runs and crashes take over a real process, set through the environment.
///
/// - `BOMNIPOTENT_SMTP_TEST_ONLY_PAUSE_BEFORE_COMMIT=<path>`: once everything is prepared, right before the final
///   change check and the first rename, the run creates `<path>.reached` (holding its PID) and waits, up to
///   120 s, until `<path>` exists; a test changes the files meanwhile.
/// - `BOMNIPOTENT_SMTP_TEST_ONLY_KILL_AT_STEP=<n>`: the run sends itself SIGKILL at the n-th step of its writes
///   (counting every `WriteStep` reached, from 1, and the moment the write journal is gone but its scratch files
///   are not), so a test can crash it at each point in turn.
enum WriteTestHooks {
    static let pauseVariable = "BOMNIPOTENT_SMTP_TEST_ONLY_PAUSE_BEFORE_COMMIT"
    static let killVariable = "BOMNIPOTENT_SMTP_TEST_ONLY_KILL_AT_STEP"

    private static let steps = StepCounter()

    /// Waits as `BOMNIPOTENT_SMTP_TEST_ONLY_PAUSE_BEFORE_COMMIT` asks; does nothing without it.
    static func pauseBeforeCommit() {
        guard let path = getenv(pauseVariable).map({ String(cString: $0) }), !path.isEmpty else { return }
        let reached = path + ".reached"
        let fd = open(reached, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd >= 0 {
            _ = FileSystem.writeAll(fd, Array("\(getpid())\n".utf8))
            close(fd)
        }
        let deadline = Date().addingTimeInterval(120)
        while access(path, F_OK) != 0, Date() < deadline { usleep(5_000) }
    }

    /// Counts a step and sends SIGKILL to this process when it is the one `BOMNIPOTENT_SMTP_TEST_ONLY_KILL_AT_STEP` names.
    static func stepReached() {
        guard let text = getenv(killVariable).map({ String(cString: $0) }), let target = Int(text) else { return }
        if steps.next() == target { kill(getpid(), SIGKILL) }
    }
}

/// A thread-safe counter of the steps reached.
private final class StepCounter: @unchecked Sendable {
    private let mutex = NSLock()
    private var count = 0

    func next() -> Int {
        mutex.lock()
        defer { mutex.unlock() }
        count += 1
        return count
    }
}
