import Foundation
import XCTest

/// Several runs on one config (SPEC §6): one at a time under the lock, a change by another program caught right
/// before the rename, and a run that waits too long told who holds the lock.
final class ConcurrentApplyTests: XCTestCase {
    private var directory: URL!
    private var config: String { directory.appendingPathComponent("config.toml").path }
    private var envFile: String { directory.appendingPathComponent(".env").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
        try write(config, Self.config(user: "run-0@example.org"))
        try write(envFile, "SMTP_SECRET=\"\(secretMarker)-0\"\n")
    }

    private static func config(user: String) -> String {
        "# BOMnipotent\n[smtp]\nuser = \"\(user)\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n"
    }

    private func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func applyArguments(_ run: Int) -> [String] {
        ["apply", "--config", config, "--user", "run-\(run)@example.org", "--endpoint", "smtp.example.org", "--secret-dotenv", "SMTP_SECRET"]
    }

    /// 20 runs at once: each exits 0 or 75; the final pair is one run's, and the backups form one chain in which
    /// every run that exited 0 appears exactly once (no lost update), config.toml and `.env` in step.
    func testTwentyParallelAppliesLeaveOneRunsPairAndNoLostUpdate() throws {
        let runs = 20
        let results = ParallelResults()
        let arguments = (0...runs).map(applyArguments)
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: runs) { index in
            let run = index + 1
            results.set(run, try? CommandRunner.run(arguments[run], stdin: "\(secretMarker)-\(run)\n"))
        }
        let elapsed = Date().timeIntervalSince(started)
        var succeeded: Set<Int> = []
        for run in 1...runs {
            guard let result = results.get(run) else { XCTFail("run \(run) did not start"); continue }
            assertNoSecret(result)
            XCTAssertTrue([0, 75].contains(result.status), "run \(run): \(result.status) \(result.stderr)")
            if result.status == 0 { succeeded.insert(run) }
            if result.status == 75 { XCTAssertTrue(result.stderr.contains("still held its lock"), result.stderr) }
        }
        print("20 parallel applies: \(succeeded.count) exited 0, \(runs - succeeded.count) exited 75, \(String(format: "%.1f", elapsed)) s in all")
        XCTAssertFalse(succeeded.isEmpty)

        let finalUser = try XCTUnwrap(configUser(try readText(config)))
        let finalSecret = try XCTUnwrap(envSecret(try readText(envFile)))
        let finalRun = try XCTUnwrap(Int(finalUser.dropFirst(4).prefix { $0.isNumber }))
        XCTAssertEqual(finalSecret, "\(secretMarker)-\(finalRun)", "config.toml and .env come from one run")
        XCTAssertTrue(succeeded.contains(finalRun))

        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var chain: [Int] = []
        for name in names where name.hasPrefix("config.toml.bak-") {
            let user = try XCTUnwrap(configUser(try readText(directory.appendingPathComponent(name).path)))
            let run = try XCTUnwrap(Int(user.dropFirst(4).prefix { $0.isNumber }))
            chain.append(run)
            let envBackup = ".env.bak-" + name.dropFirst("config.toml.bak-".count)
            let secret = envSecret(try readText(directory.appendingPathComponent(envBackup).path))
            XCTAssertEqual(secret, "\(secretMarker)-\(run)", "\(name) and \(envBackup) hold one run's pair")
        }
        XCTAssertEqual(chain.count, Set(chain).count, "two runs started from the same content: a lost update (\(chain.sorted()))")
        XCTAssertEqual(Set(chain + [finalRun]), succeeded.union([0]), "every run that exited 0 is in the chain once")
        XCTAssertEqual(try toolScratchFiles(in: directory), [])
    }

    /// The config is replaced by another program while the run waits right before its rename: exit 75, the other
    /// program's file stays, `.env` is untouched and nothing of the run is left.
    func testConfigReplacedDuringTheRunGives75AndKeepsTheOtherWrite() throws {
        let pause = directory.appendingPathComponent("go").path
        let run = try ToolProcess(applyArguments(1), stdin: "\(secretMarker)-1\n",
            environment: ["BOMNIPOTENT_SMTP_TEST_ONLY_PAUSE_BEFORE_COMMIT": pause])
        guard waitForFile(pause + ".reached") else { return }
        let edited = Self.config(user: "edited-by-hand@example.org")
        try write(directory.appendingPathComponent("edit.tmp").path, edited)
        XCTAssertEqual(rename(directory.appendingPathComponent("edit.tmp").path, config), 0)
        XCTAssertTrue(FileManager.default.createFile(atPath: pause, contents: nil))
        let (result, killed) = run.finish()
        XCTAssertFalse(killed)
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertEqual(result.stderr, "error: \(config) changed on disk while the tool was working; nothing was written. Run the command again.\n")
        XCTAssertEqual(try readText(config), edited)
        XCTAssertEqual(try readText(envFile), "SMTP_SECRET=\"\(secretMarker)-0\"\n")
        try FileManager.default.removeItem(atPath: pause)
        try FileManager.default.removeItem(atPath: pause + ".reached")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), [".env", "config.toml"])
    }

    /// `.env` replaced during the pause: config.toml, already renamed, is put back; exit 75.
    func testEnvReplacedDuringTheRunRollsBackTheConfig() throws {
        let pause = directory.appendingPathComponent("go").path
        let run = try ToolProcess(applyArguments(1), stdin: "\(secretMarker)-1\n",
            environment: ["BOMNIPOTENT_SMTP_TEST_ONLY_PAUSE_BEFORE_COMMIT": pause])
        guard waitForFile(pause + ".reached") else { return }
        try write(envFile, "SMTP_SECRET=\"\(secretMarker)-other\"\n")
        XCTAssertTrue(FileManager.default.createFile(atPath: pause, contents: nil))
        let (result, _) = run.finish()
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertEqual(try readText(config), Self.config(user: "run-0@example.org"))
        XCTAssertEqual(try readText(envFile), "SMTP_SECRET=\"\(secretMarker)-other\"\n")
        XCTAssertEqual(try toolScratchFiles(in: directory).filter { !$0.hasPrefix("go") }, [])
    }

    /// A run that finds the lock taken waits; past the timeout it exits 75 naming the holder, within the timeout
    /// it goes on once the holder is done and builds on the holder's result.
    func testSecondRunWaitsThenExits75NamingTheHolderOrGoesOn() throws {
        let pause = directory.appendingPathComponent("go").path
        let holder = try ToolProcess(applyArguments(1), stdin: "\(secretMarker)-1\n",
            environment: ["BOMNIPOTENT_SMTP_TEST_ONLY_PAUSE_BEFORE_COMMIT": pause])
        guard waitForFile(pause + ".reached") else { return }

        let started = Date()
        let impatient = try CommandRunner.run(applyArguments(2), stdin: "\(secretMarker)-2\n",
            environment: ["BOMNIPOTENT_SMTP_TEST_ONLY_LOCK_TIMEOUT": "1"])
        let waited = Date().timeIntervalSince(started)
        XCTAssertEqual(impatient.status, 75, impatient.stderr)
        XCTAssertEqual(impatient.stderr, """
            error: Another run (PID \(holder.pid), bomnipotent-smtp) is changing the files in \(directory.resolvingSymlinksInPath().path) \
            and still held its lock after 1 s; nothing was written. Run the command again once it has finished.

            """)
        XCTAssertGreaterThanOrEqual(waited, 1)

        let patient = try ToolProcess(applyArguments(3), stdin: "\(secretMarker)-3\n")
        usleep(500_000)
        XCTAssertTrue(FileManager.default.createFile(atPath: pause, contents: nil))
        let releasedAt = Date()
        XCTAssertEqual(holder.finish().result.status, 0)
        let patientResult = patient.finish().result
        print("lock wait: a run with a 1 s limit gave up after \(String(format: "%.2f", waited)) s; a waiting run finished \(String(format: "%.2f", Date().timeIntervalSince(releasedAt))) s after the holder went on")
        XCTAssertEqual(patientResult.status, 0, patientResult.stderr)
        XCTAssertEqual(configUser(try readText(config)), "run-3@example.org")
        XCTAssertEqual(envSecret(try readText(envFile)), "\(secretMarker)-3")
        let backups = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("config.toml.bak-") }
        XCTAssertEqual(try Set(backups.map { configUser(try readText(directory.appendingPathComponent($0).path)) }), ["run-0@example.org", "run-1@example.org"])
    }

    /// Warnings say only what happened: `--no-backup` over an inline secret claims no backup; a backup is named.
    func testBackupWarningOnlyWithABackup() throws {
        try write(config, "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"inline-old\"\n")
        let unbacked = try CommandRunner.run(["apply", "--config", config, "--user", "a@example.org", "--endpoint", "h.example.org", "--no-secret", "--no-backup"])
        XCTAssertEqual(unbacked.status, 0, unbacked.stderr)
        XCTAssertFalse(unbacked.stderr.contains("BACKUP_HOLDS_SECRET"), unbacked.stderr)
        XCTAssertFalse(unbacked.stderr.contains("backup"), unbacked.stderr)

        try write(config, "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"inline-old\"\n")
        let backed = try CommandRunner.run(["apply", "--config", config, "--user", "a@example.org", "--endpoint", "h.example.org", "--no-secret"])
        XCTAssertEqual(backed.status, 0, backed.stderr)
        let backup = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix("config.toml.bak-") })
        XCTAssertTrue(backed.stderr.contains(
            "warning: BACKUP_HOLDS_SECRET: config.toml held the secret inline until now: its backup \(directory.appendingPathComponent(backup).path) (mode 0600) keeps that value."),
            backed.stderr)
        let mode = try (FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(backup).path)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
    }

    func testInlineSecretWithAVariableWarns() throws {
        let result = try CommandRunner.run(
            ["apply", "--config", config, "--user", "a@example.org", "--endpoint", "h.example.org", "--secret-inline"], stdin: "${OTHER}\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: INLINE_SECRET_HAS_VARIABLE: "), result.stderr)
    }

    /// A `.env` backup inside a git work tree that ignores only `.env` is named, with the `.env*` hint.
    func testEnvBackupNotIgnoredByGitIsWarned() throws {
        let git = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/git" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let git else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { return XCTFail("git is needed") }
            throw XCTSkip("git is not installed")
        }
        let initialize = Process()
        initialize.executableURL = URL(fileURLWithPath: git)
        initialize.arguments = ["init", "-q", directory.path]
        try initialize.run()
        initialize.waitUntilExit()
        try write(directory.appendingPathComponent(".gitignore").path, ".env\n")
        let result = try CommandRunner.run(applyArguments(1), stdin: "\(secretMarker)-1\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let backup = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(".env.bak-") })
        XCTAssertTrue(result.stderr.contains(
            "warning: ENV_NOT_IGNORED: \(directory.appendingPathComponent(backup).path) holds the secret and is inside a git work tree and not ignored: add .env* to .gitignore so it is never committed."),
            result.stderr)
        assertNoSecret(result)
    }
}

/// The results of runs made on several threads at once.
private final class ParallelResults: @unchecked Sendable {
    private let mutex = NSLock()
    private var results: [Int: CommandResult] = [:]

    func set(_ run: Int, _ result: CommandResult?) {
        mutex.lock()
        defer { mutex.unlock() }
        results[run] = result
    }

    func get(_ run: Int) -> CommandResult? {
        mutex.lock()
        defer { mutex.unlock() }
        return results[run]
    }
}
