import Foundation
import XCTest

/// The secret prompt at a real terminal (a pseudo-terminal driven by Python's `pty` module).
final class SecretPromptTests: XCTestCase {
    /// Starts `apply --secret-inline` on a pseudo-terminal, waits for the prompt, checks at once that echo is
    /// already off (a key typed as soon as the prompt shows must not be echoed), types Ctrl-C, and reports how the
    /// tool ended and whether echo is back afterwards.
    private static let driver = """
        import os, pty, sys, time, termios
        tool, config = sys.argv[1], sys.argv[2]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(tool, [tool, "apply", "--config", config, "--user", "a@example.org", "--endpoint", "h.example.org", "--secret-inline"])
        deadline = time.time() + 30
        shown = b""
        while b"Secret (not shown" not in shown and time.time() < deadline:
            shown += os.read(fd, 1024)
        echo_off = b"Secret (not shown" in shown and not termios.tcgetattr(fd)[3] & termios.ECHO
        os.write(fd, b"\\x03")
        while True:
            try:
                if not os.read(fd, 1024):
                    break
            except OSError:
                break
        _, status = os.waitpid(pid, 0)
        print("echo off while typing" if echo_off else "echo never off")
        print("signal %d" % os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exit %d" % os.WEXITSTATUS(status))
        print("echo restored" if termios.tcgetattr(fd)[3] & termios.ECHO else "echo left off")

        """

    func testCtrlCAtTheSecretPromptRestoresEcho() throws {
        let directory = try makeTemporaryDirectory(self)
        let config = directory.appendingPathComponent("config.toml")
        let original = "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\n"
        try Data(original.utf8).write(to: config)
        let script = directory.appendingPathComponent("prompt.py")
        try Data(SecretPromptTests.driver.utf8).write(to: script)
        let python = ProcessInfo.processInfo.environment["BOMNIPOTENT_TEST_PYTHON"].map { URL(fileURLWithPath: $0) }
        let arguments = [script.path, CommandRunner.executable.path, config.path]
        let result = try python.map { try CommandRunner.run(arguments, executable: $0) }
            ?? CommandRunner.run(["python3"] + arguments, executable: URL(fileURLWithPath: "/usr/bin/env"))
        try XCTSkipIf(result.status == 127, "python3 is not installed")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "echo off while typing\nsignal 2\necho restored\n")
        XCTAssertEqual(String(decoding: try Data(contentsOf: config), as: UTF8.self), original)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), ["config.toml", "prompt.py"])
    }
}
