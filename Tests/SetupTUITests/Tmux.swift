import Foundation
import XCTest

/// The `bomnipotent-smtp` executable that `swift build` put next to the test bundle.
let wizardExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("bomnipotent-smtp").path

/// Runs a program and returns its exit status and output. Uses posix_spawn and waitpid with output
/// in files: `tmux new-session` leaves a server behind holding every inherited descriptor, which
/// Foundation's `Process` would wait on forever.
@discardableResult
func runProgram(_ path: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-run-\(UUID().uuidString)").path
    let paths = (input: base + ".in", output: base + ".out", error: base + ".err")
    try (input ?? "").write(toFile: paths.input, atomically: true, encoding: .utf8)
    defer { [paths.input, paths.output, paths.error].forEach { try? FileManager.default.removeItem(atPath: $0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, paths.input, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, paths.output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, paths.error, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitStatus, (try? String(contentsOfFile: paths.output, encoding: .utf8)) ?? "",
        (try? String(contentsOfFile: paths.error, encoding: .utf8)) ?? "")
}

/// A detached tmux session on a private server running one command in a real terminal.
final class TmuxSession {
    let socket = "bsmtp-\(UUID().uuidString.prefix(8))"
    let directory: URL
    private(set) var captures: [String] = []

    /// Starts `command` (a shell command line) in a `columns`×`rows` terminal. The wrapper records
    /// `stty -g` before and after and the exit status in `directory`.
    init(command: String, directory: URL, columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws {
        self.directory = directory
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux is not installed") }
        var env = ["TERM=xterm-256color", "LANG=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=\(directory.path)"]
        env += environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let script = """
            stty -g > '\(directory.path)/stty-before'
            env -i \(env.map { "'\($0)'" }.joined(separator: " ")) \(command)
            echo $? > '\(directory.path)/exit-status'
            stty -g > '\(directory.path)/stty-after'
            sleep 600
            """
        let scriptURL = directory.appendingPathComponent("run.sh")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        try tmux(["new-session", "-d", "-x", String(columns), "-y", String(rows), "sh \(scriptURL.path)"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try runProgram("/usr/bin/tmux", ["-L", socket, "-f", "/dev/null"] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TMUX_TMPDIR": NSTemporaryDirectory()])
        return result.stdout
    }

    /// Sends tmux key names (`Enter`, `Tab`, `C-c`, `Down`, …).
    func keys(_ names: String...) throws { try tmux(["send-keys"] + names) }

    /// Types text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Pastes `text` as the terminal does when the application asked for bracketed paste (`\e[200~ … \e[201~`).
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "wizard-paste", text])
        try tmux(["paste-buffer", "-p", "-d", "-b", "wizard-paste"])
    }

    /// The screen as text (with colour escapes when `escapes`); every capture is kept for the secret check.
    func capture(escapes: Bool = false) throws -> String {
        let screen = try tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []))
        captures.append(screen)
        return screen
    }

    /// Waits until the screen contains `text` and has stopped changing; returns that screen.
    ///
    /// The wizard draws a frame in one write, but tmux may show it half-applied to a capture taken mid-redraw
    /// (seen on a loaded 2-core machine): the text waited for is there while a line below it is still the
    /// previous frame's. So the screen counts only once two captures `settle` seconds apart are identical.
    /// A screen that keeps changing (a running probe) is returned as last seen once the deadline passes.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 30, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(text) { return try settled(screen, containing: text, until: deadline) }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \"\(text)\"; screen:\n\(screen)", file: file, line: line)
        throw WaitTimeout(text: text)
    }

    /// The seconds between the two identical captures that make a screen stable.
    private static let settle = 0.15

    /// Captures again until two captures in a row, still containing `text`, are the same (or the deadline passes).
    private func settled(_ first: String, containing text: String, until deadline: Date) throws -> String {
        var previous = first
        while Date() < deadline {
            usleep(useconds_t(Self.settle * 1_000_000))
            let screen = try capture()
            if screen == previous, screen.contains(text) { return screen }
            previous = screen
        }
        return previous
    }

    /// The screen once it has stopped changing (two identical captures in a row).
    func stableCapture(timeout: Double = 10) throws -> String {
        try settled(try capture(), containing: "", until: Date().addingTimeInterval(timeout))
    }

    /// The exit status once the command ended.
    func exitStatus(timeout: Double = 10) throws -> Int32? {
        let url = directory.appendingPathComponent("exit-status")
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: url, encoding: .utf8), let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                usleep(100_000)
                return status
            }
            usleep(50_000)
        }
        return nil
    }

    /// `stty -g` before and after the command.
    func sttySettings() throws -> (before: String, after: String) {
        (try String(contentsOf: directory.appendingPathComponent("stty-before"), encoding: .utf8),
            try String(contentsOf: directory.appendingPathComponent("stty-after"), encoding: .utf8))
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-x", String(columns), "-y", String(rows)])
    }
}

/// The screen never showed the text a test waited for.
struct WaitTimeout: Error {
    var text: String
}
