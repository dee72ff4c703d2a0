import Foundation
import XCTest

final class ApplyCommandTests: XCTestCase {
    private var directory: URL!
    private var config: String { directory.appendingPathComponent("config.toml").path }
    private var envFile: String { directory.appendingPathComponent(".env").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private let original = "# BOMnipotent\ndomain = \"https://bom.example.org\"\n\n[smtp]\nuser = \"old@example.org\" # login\nendpoint = \"old.example.org\"\n"

    func testDryRunPrintsDiffAndWritesNothing() throws {
        try write(config, original)
        let result = try CommandRunner.run([
            "apply", "--config", config, "--user", "new@example.org", "--endpoint", "smtp.example.org", "--starttls",
            "--secret-env", "SMTP_SECRET", "--dry-run",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            --- a\(config)
            +++ b\(config)
            @@ -2,5 +2,7 @@
             domain = "https://bom.example.org"
             
             [smtp]
            -user = "old@example.org" # login
            -endpoint = "old.example.org"
            +user = "new@example.org" # login
            +endpoint = "smtp.example.org"
            +secret = "${SMTP_SECRET}"
            +starttls = true

            """)
        XCTAssertEqual(try readText(config), original)
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
    }

    func testWritesWithBackupAndSummary() throws {
        try write(config, original)
        let result = try CommandRunner.run(["apply", "--config", config, "--user", "new@example.org", "--endpoint", "smtp.example.org"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Wrote \(config)."), result.stderr)
        XCTAssertEqual(try readText(config), original.replacingOccurrences(of: "old@", with: "new@").replacingOccurrences(of: "old.example", with: "smtp.example"))
        let files = try listing(of: directory)
        XCTAssertEqual(files.count, 2)
        let backup = try XCTUnwrap(files.first { $0.hasPrefix("config.toml.bak-") })
        XCTAssertEqual(try readText(directory.appendingPathComponent(backup).path), original)
        XCTAssertTrue(result.stderr.contains("Previous content kept in \(directory.appendingPathComponent(backup).path)."), result.stderr)
        let again = try CommandRunner.run(["apply", "--config", config, "--user", "new@example.org", "--endpoint", "smtp.example.org", "--no-backup"])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("Nothing to change"), again.stderr)
        XCTAssertEqual(try listing(of: directory).count, 2)
    }

    func testConflictingOptionsAreUsageErrors() throws {
        try write(config, original)
        let cases: [([String], String)] = [
            (["--skip-verification", "--user", "a@example.org"], "--skip-verification leaves [smtp] alone"),
            (["--skip-verification", "--endpoint", "h.example.org"], "--skip-verification leaves [smtp] alone"),
            (["--skip-verification", "--no-starttls"], "--skip-verification leaves [smtp] alone"),
            (["--skip-verification", "--secret-inline"], "--skip-verification leaves [smtp] alone"),
            (["--skip-verification", "--no-secret"], "--skip-verification leaves [smtp] alone"),
            (["--user", "a@example.org"], "Give --user and --endpoint"),
            (["--endpoint", "h.example.org", "--secret-inline"], "Give --user and --endpoint"),
            ([], "Give --user and --endpoint"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--secret-env", "A", "--secret-dotenv", "B"], "Choose at most one"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--secret-env", "A", "--no-secret"], "Choose at most one"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--secret-inline", "--secret-dotenv", "A"], "Choose at most one"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--schema", "newest"], "newest"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--starttls", "--no-starttls"], "starttls"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(["apply", "--config", config] + arguments, stdin: secretMarker)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            assertNoSecret(result)
        }
        XCTAssertEqual(try readText(config), original)
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
    }

    func testBadValuesGive65AndLeaveTheFile() throws {
        try write(config, original)
        let cases: [([String], String, String)] = [
            (["--user", "", "--endpoint", "h.example.org"], "", "The user is empty"),
            (["--user", "a@example.org", "--endpoint", "h.example.org:587"], "", "A relay endpoint is a host name only"),
            (["--user", "a@example.org", "--endpoint", "smtps://h.example.org"], "", "uses smtps://"),
            (["--user", "a@example.org", "--endpoint", "smtp://h.example.org:0"], "", "is not a number from 1 to 65535"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--secret-env", "BAD-NAME"], "", "is not a valid variable name"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--secret-dotenv", "S"], "", "The secret is empty"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--secret-dotenv", "S"], secretMarker + "\r\nx", "carriage return"),
            (["--user", "a@example.org", "--endpoint", "h.example.org", "--secret-inline"], "\n", "The secret is empty"),
        ]
        for (arguments, stdin, message) in cases {
            let result = try CommandRunner.run(["apply", "--config", config] + arguments, stdin: stdin)
            XCTAssertEqual(result.status, 65, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            assertNoSecret(result)
        }
        XCTAssertEqual(try readText(config), original)
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
    }

    /// A secret is stored exactly as given or not at all: bytes that are not UTF-8 are refused, not replaced.
    func testSecretThatIsNotUTF8Gives65() throws {
        try write(config, original)
        for mode in [["--secret-inline"], ["--secret-dotenv", "SMTP_SECRET"]] {
            let result = try CommandRunner.run(
                ["apply", "--config", config, "--user", "a@example.org", "--endpoint", "h.example.org"] + mode,
                stdinBytes: Data([0x70, 0x61, 0xFF, 0x73, 0x73, 0x0A]))
            XCTAssertEqual(result.status, 65, "\(mode): \(result.stderr)")
            XCTAssertEqual(result.stderr, "error: The secret on standard input is not valid UTF-8; config.toml and .env hold UTF-8 text only, so it cannot be stored as given.\n")
            XCTAssertEqual(try readText(config), original)
            XCTAssertEqual(try listing(of: directory), ["config.toml"])
        }
    }

    /// SPEC §6: config.toml edited by someone else while the tool waits for the secret on standard input → 75.
    func testChangeOnDiskWhileWaitingForTheSecretGives75() throws {
        try write(config, original)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["apply", "--config", config, "--user", "a@example.org", "--endpoint", "h.example.org", "--secret-inline"]
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let tasks = "/proc/\(process.processIdentifier)/task"
        let deadline = Date().addingTimeInterval(30)
        #if arch(arm64)
        let readFromStandardInput = "63 0x0 "
        #else
        let readFromStandardInput = "0 0x0 "
        #endif
        /// True when one of the tool's threads is blocked in readText(2) on file descriptor 0.
        func waitsOnStandardInput() -> Bool {
            let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
            return threads.contains { thread in
                (try? String(contentsOfFile: "\(tasks)/\(thread)/syscall", encoding: .utf8))?.hasPrefix(readFromStandardInput) == true
            }
        }
        while !waitsOnStandardInput(), Date() < deadline { usleep(10_000) }
        try XCTSkipUnless(waitsOnStandardInput(), "cannot see the tool wait on standard input in \(tasks)")
        let edited = original + "# edited meanwhile\n"
        try write(config, edited)
        input.fileHandleForWriting.write(Data((secretMarker + "\n").utf8))
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 75, stderr)
        XCTAssertEqual(stderr, "error: \(config) changed on disk while the tool was working; nothing was written. Run the command again.\n")
        XCTAssertEqual(try readText(config), edited)
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
    }

    func testInvalidTOMLGives65WithPosition() throws {
        let broken = "[smtp]\nuser = \"a@example.org\nendpoint = \"h\"\n"
        try write(config, broken)
        let result = try CommandRunner.run(["apply", "--config", config, "--skip-verification"])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(config): line 2, column "), result.stderr)
        XCTAssertEqual(try readText(config), broken)
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
    }

    func testUnreadableAndUnwritableFiles() throws {
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        let unreadable = try CommandRunner.run(["apply", "--config", config, "--skip-verification"])
        XCTAssertEqual(unreadable.status, 74, unreadable.stderr)
        XCTAssertTrue(unreadable.stderr.contains("Cannot read \(config): it is a directory."), unreadable.stderr)
        let missingDirectory = directory.appendingPathComponent("no/such/dir/config.toml").path
        let unwritable = try CommandRunner.run(["apply", "--config", missingDirectory, "--skip-verification", "--schema", "legacy"])
        XCTAssertEqual(unwritable.status, 73, unwritable.stderr)
        XCTAssertTrue(unwritable.stderr.contains("Cannot write \(missingDirectory)"), unwritable.stderr)
    }

    /// No signal for the layout (file, --schema, image tag): exit 64, nothing written, both choices named.
    func testSkipVerificationWithUnknownLayoutStopsWith64() throws {
        try write(config, "domain = \"d\"\n")
        let result = try CommandRunner.run(["apply", "--config", config, "--skip-verification"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertEqual(result.stderr, """
            error: the skip flag's layout is unknown: neither config.toml nor the deployment shows the server version. \
            Give --schema legacy (server before 0.7, the layout the server's SMTP settings page shows: skip_user_verification \
            at the top) or --schema current (server 0.7 and later: [user] skip_verification). Nothing was written.

            """)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(try readText(config), "domain = \"d\"\n")
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
        let dryRun = try CommandRunner.run(["apply", "--config", config, "--skip-verification", "--dry-run"])
        XCTAssertEqual(dryRun.status, 64, dryRun.stderr)
        XCTAssertEqual(dryRun.stdout, "")
        try write(config, "")
        XCTAssertEqual(try CommandRunner.run(["apply", "--config", config, "--skip-verification"]).status, 64)
        XCTAssertEqual(try readText(config), "")
        try FileManager.default.removeItem(atPath: config)
        let missing = try CommandRunner.run(["apply", "--config", config, "--skip-verification"])
        XCTAssertEqual(missing.status, 64, missing.stderr)
        XCTAssertEqual(try listing(of: directory), [], "no config.toml is created")
    }

    func testSkipVerificationSaysWhichLayout() throws {
        try write(config, "domain = \"d\"\n")
        let result = try CommandRunner.run(["apply", "--config", config, "--skip-verification", "--schema", "legacy"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("Layout: legacy (chosen with --schema legacy)."), result.stderr)
        XCTAssertTrue(result.stderr.contains("The server reloads a changed config.toml by itself; nothing to restart."), result.stderr)
        XCTAssertFalse(result.stderr.contains("test-email"), result.stderr)
        XCTAssertEqual(try readText(config), "domain = \"d\"\nskip_user_verification = true\n")
    }

    /// In every secret mode the marker reaches only the file it belongs in.
    func testSecretMarkerNeverInOutput() throws {
        let previousEnv = "SMTP_SECRET=\"\(secretMarker)-previous\"\nDB=\"\(secretMarker)-db\"\n"
        let modes: [([String], String, Bool, String)] = [
            (["--secret-dotenv", "SMTP_SECRET"], secretMarker + "\n", false, "SMTP_SECRET=\"\(secretMarker)\"\nDB=\"\(secretMarker)-db\"\n"),
            (["--secret-inline"], secretMarker + "\n", true, previousEnv),
            (["--secret-env", "SMTP_SECRET"], "", false, previousEnv),
            (["--no-secret"], "", false, previousEnv),
        ]
        for (arguments, stdin, inline, expectedEnv) in modes {
            try write(config, "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"\(secretMarker)-old\"\n")
            try write(envFile, previousEnv)
            let base = ["apply", "--config", config, "--user", "b@example.org", "--endpoint", "h.example.org"] + arguments
            let environment = ["SMTP_SECRET": secretMarker]
            let dry = try CommandRunner.run(base + ["--dry-run"], stdin: stdin, environment: environment)
            XCTAssertEqual(dry.status, 0, dry.stderr)
            XCTAssertTrue(dry.stdout.contains("+++ b\(config)"), dry.stdout)
            assertNoSecret(dry)
            let real = try CommandRunner.run(base, stdin: stdin, environment: environment)
            XCTAssertEqual(real.status, 0, real.stderr)
            assertNoSecret(real)
            XCTAssertEqual(try readText(config).contains(secretMarker), inline, "\(arguments)")
            XCTAssertEqual(try readText(envFile), expectedEnv, "\(arguments)")
            for name in try listing(of: directory) where name.hasPrefix("config.toml.bak-") || name.hasPrefix(".env.bak-") {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }

    func testEnvFileElsewhere() throws {
        try write(config, original)
        let compose = directory.appendingPathComponent("compose").path
        try FileManager.default.createDirectory(atPath: compose, withIntermediateDirectories: true)
        let result = try CommandRunner.run(
            ["apply", "--config", config, "--env-file", compose + "/.env", "--user", "a@example.org", "--endpoint", "h.example.org",
             "--secret-dotenv", "SMTP_SECRET", "--no-backup"],
            stdin: secretMarker + "\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        assertNoSecret(result)
        XCTAssertTrue(result.stderr.contains("Note: the server reads .env next to config.toml; make sure \(compose)/.env reaches the server"), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("""
            Test the settings: bomnipotent-smtp probe --config \(config) --env-file \(compose)/.env
            The server reads the secret's variable only when it starts: restart it.
              restart BOMnipotent Server
            Then check delivery: bomnipotent_client test-email <address>   (client 1.1.0 or later)

            """), result.stderr)
        XCTAssertEqual(try readText(compose + "/.env"), "SMTP_SECRET=\"\(secretMarker)\"\n")
        XCTAssertEqual(try listing(of: directory), ["compose", "config.toml"])
        let show = try CommandRunner.run(["show", "--config", config, "--env-file", compose + "/.env"])
        XCTAssertTrue(show.stderr.contains("  secret:    ${SMTP_SECRET}, set in \(compose)/.env"), show.stderr)
        assertNoSecret(show)
    }

    func testSymlinkedConfigIsWrittenThroughWithModeKept() throws {
        let real = directory.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let target = real.appendingPathComponent("config.toml").path
        try write(target, original)
        XCTAssertEqual(chmod(target, 0o640), 0)
        try FileManager.default.createSymbolicLink(atPath: config, withDestinationPath: "real/config.toml")
        let result = try CommandRunner.run(["apply", "--config", config, "--skip-verification", "--schema", "current", "--no-backup"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("Wrote \(target)."), result.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: config), "real/config.toml")
        XCTAssertEqual(try readText(target), original + "\n[user]\nskip_verification = true\n")
        let mode = try (FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o640)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: real.path), ["config.toml"])
    }
}
