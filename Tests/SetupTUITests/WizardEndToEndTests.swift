import Foundation
import XCTest

/// The real wizard binary in a real terminal (tmux), against a local aiosmtpd where it probes.
final class WizardEndToEndTests: XCTestCase {
    private static let seed = """
        # BOMnipotent Server configuration
        domain = "https://bom.example.org"  # where the server is reached

        [tls]
        certificate_chain_path = "/etc/ssl/bom/chain.pem"

        """

    private var directory: URL!
    private var sessions: [TmuxSession] = []

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bsmtp-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for session in sessions {
            for screen in session.captures {
                XCTAssertFalse(screen.contains(secretMarker), "a screen showed the secret:\n\(screen)")
            }
        }
        sessions = []
        try? FileManager.default.removeItem(at: directory)
    }

    private var configPath: String { directory.appendingPathComponent("config.toml").path }
    private var envPath: String { directory.appendingPathComponent(".env").path }

    private func start(_ arguments: String = "", columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws -> TmuxSession {
        let session = try TmuxSession(
            command: "'\(wizardExecutable)' --config '\(configPath)' \(arguments)", directory: directory, columns: columns,
            rows: rows, environment: environment)
        sessions.append(session)
        return session
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// From the start screen, types `user` and `endpoint`; the endpoint is left unsubmitted.
    private func walkToEndpoint(_ tui: TmuxSession, user: String, endpoint: String,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        try tui.waitFor("What do you want to do?", file: file, line: line)
        try tui.keys("Enter")
        try tui.waitFor("Login", file: file, line: line)
        try tui.type(user)
        try tui.keys("Enter")
        try tui.waitFor("[Endpoint]", file: file, line: line)
        try tui.type(endpoint)
    }

    /// Walks to the secret step, default security, with the focus in the .env secret's value field.
    private func walkToSecretField(_ tui: TmuxSession, user: String, endpoint: String,
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        try walkToEndpoint(tui, user: user, endpoint: endpoint, file: file, line: line)
        try tui.keys("Enter", "Enter")
        try tui.waitFor("Where the server finds", file: file, line: line)
        try tui.keys("Down", "Down", "Tab", "Tab")
    }

    func testFullSMTPFlowWithDotenvSecret() throws {
        let server = try SMTPTestServer()
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let tui = try start()
        try walkToEndpoint(tui, user: "admin@example.org", endpoint: "smtp://127.0.0.1:\(server.port)")
        try tui.keys("Enter")
        let security = try tui.waitFor("How the server secures")
        XCTAssertTrue(security.contains("● Local relay without TLS"), security)
        try tui.keys("Enter")
        try tui.waitFor("Where the server finds")
        try tui.keys("Down", "Down", "Tab", "Tab")
        try tui.type(secretMarker)
        try tui.waitFor("[" + String(repeating: "•", count: secretMarker.count) + " ")
        try tui.keys("Enter")
        let probe = try tui.waitFor("[▶ Continue")
        XCTAssertTrue(probe.contains("✓ connect"), probe)
        XCTAssertTrue(probe.contains("✓ greeting"), probe)
        XCTAssertTrue(probe.contains("✓ auth"), probe)
        XCTAssertTrue(probe.contains("✓ OK"), probe)
        try tui.keys("Enter")
        let review = try tui.waitFor("[▶ Write ]")
        XCTAssertTrue(review.contains("+[smtp]"), review)
        XCTAssertTrue(review.contains("+SMTP_SECRET=***"), review)
        try tui.keys("Enter")
        let done = try tui.waitFor("Written:")
        XCTAssertTrue(done.contains("bomnipotent_client test-email admin@example.org"), done)
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
        XCTAssertEqual(try read(configPath), Self.seed + """

            [smtp]
            user = "admin@example.org"
            endpoint = "smtp://127.0.0.1:\(server.port)"
            secret = "${SMTP_SECRET}"

            """)
        XCTAssertEqual(try read(envPath), "SMTP_SECRET=\"\(secretMarker)\"\n")
        let mode = try FileManager.default.attributesOfItem(atPath: envPath)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testSkipFlowLegacyLayout() throws {
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let tui = try start()
        try tui.waitFor("layout unknown: neither the file nor the deployment")
        try tui.keys("Down", "Enter")
        let question = try tui.waitFor("Which BOMnipotent Server version reads this config?")
        XCTAssertTrue(question.contains("  ○ Server before 0.7 (legacy layout)"), question)
        XCTAssertTrue(question.contains("  ○ Server 0.7 or later (current layout)"), question)
        try tui.keys("Enter")
        try tui.waitFor("✗ Choose the version your server runs")
        try tui.keys("Down", "Enter")
        let review = try tui.waitFor("[▶ Write ]")
        XCTAssertTrue(review.contains("+skip_user_verification = true"), review)
        try tui.keys("Enter")
        try tui.waitFor("Written:")
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
        XCTAssertEqual(try read(configPath), """
            # BOMnipotent Server configuration
            domain = "https://bom.example.org"  # where the server is reached
            skip_user_verification = true

            [tls]
            certificate_chain_path = "/etc/ssl/bom/chain.pem"

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: envPath))
    }

    func testSkipFlowCurrentLayoutChosenOnStart() throws {
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let tui = try start()
        try tui.waitFor("◀ not chosen ▶")
        try tui.keys("Tab", "Right")
        try tui.waitFor("◀ current ▶")
        try tui.keys("BTab", "Down", "Enter")
        try tui.waitFor("[▶ Write ]")
        try tui.keys("Enter")
        try tui.waitFor("Written:")
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
        XCTAssertEqual(try read(configPath), Self.seed + "\n[user]\nskip_verification = true\n")
    }

    func testCtrlCHalfwayWritesNothingAndRestoresTheTerminal() throws {
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let env = "# deployment secrets\nOTHER=1\n"
        try env.write(toFile: envPath, atomically: true, encoding: .utf8)
        let tui = try start()
        try walkToEndpoint(tui, user: "admin@example.org", endpoint: "smtp.example.org")
        try tui.keys("Enter")
        try tui.waitFor("How the server secures")
        try tui.keys("Enter")
        try tui.waitFor("Where the server finds")
        try tui.keys("Down", "Down", "Tab", "Tab")
        try tui.type(secretMarker)
        try tui.keys("C-c")
        XCTAssertEqual(try tui.exitStatus(), 130)
        XCTAssertEqual(try read(configPath), Self.seed)
        XCTAssertEqual(try read(envPath), env)
        let stty = try tui.sttySettings()
        XCTAssertEqual(stty.before, stty.after)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(),
            [".env", "config.toml", "exit-status", "run.sh", "stty-after", "stty-before"])
    }

    func testCtrlCWhileTheProbeRunsWritesNothingAndRestoresTheTerminal() throws {
        let silent = try SilentListener()
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let tui = try start("--timeout 30")
        try walkToEndpoint(tui, user: "admin@example.org", endpoint: "smtp://127.0.0.1:\(silent.port)")
        try tui.keys("Enter", "Enter")
        try tui.waitFor("Where the server finds")
        try tui.keys("Enter")
        let running = try tui.waitFor("greeting    running")
        XCTAssertTrue(running.contains("Probing… · Esc back · Ctrl-C cancel"), running)
        try tui.keys("Enter")
        usleep(300_000)
        XCTAssertTrue(try tui.stableCapture().contains("Step 6 of 8: Probe"), "Enter does not leave a running probe")
        try tui.keys("C-c")
        XCTAssertEqual(try tui.exitStatus(), 130)
        XCTAssertEqual(try read(configPath), Self.seed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: envPath))
        let stty = try tui.sttySettings()
        XCTAssertEqual(stty.before, stty.after)
    }

    func testHotkeysAreTextInTheMaskedSecretField() throws {
        let server = try SMTPTestServer()
        let tui = try start()
        try walkToSecretField(tui, user: SMTPTestServer.user, endpoint: "smtp://127.0.0.1:\(server.port)")
        try tui.type("?q5 ")
        let typed = try tui.waitFor("[••••  ")
        XCTAssertFalse(typed.contains("Press any key to close this help."), "? is text in the secret field:\n\(typed)")
        XCTAssertTrue(typed.contains("Step 5 of 8: Secret"), typed)
        try tui.type(secretMarker)
        try tui.keys("Enter")
        let failed = try tui.waitFor("[▶ Continue anyway ]")
        XCTAssertTrue(failed.contains("✗ AUTH_FAILED"), "the password typed was ?q5 + the marker:\n\(failed)")
        try tui.keys("Enter")
        try tui.waitFor("[▶ Write ]")
        try tui.keys("Enter")
        try tui.waitFor("Written:")
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
        XCTAssertEqual(try read(envPath), "SMTP_SECRET=\"?q5 \(secretMarker)\"\n")
    }

    func testMonochromeTerminal() throws {
        let tui = try start(environment: ["TERM": "vt100"])
        let screen = try tui.waitFor("What do you want to do?")
        XCTAssertTrue(screen.contains("Step 1 of 8: Start"), screen)
        XCTAssertEqual(colourCodes(try tui.capture(escapes: true)), [], "vt100 has no colours")
        try tui.keys("Down", "Enter")
        try tui.waitFor("Which BOMnipotent Server version reads this config?")
        try tui.keys("Down", "Enter")
        let review = try tui.waitFor("[▶ Write ]")
        XCTAssertTrue(review.contains("+skip_user_verification = true"), review)
        try tui.keys("Escape")
        try tui.waitFor("What do you want to do?")
        try tui.keys("Escape")
        XCTAssertEqual(try tui.exitStatus(), 130)
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath))
        let stty = try tui.sttySettings()
        XCTAssertEqual(stty.before, stty.after)
    }

    func testInvalidOrUnreadableConfigIsExplainedWithItsExitStatus() throws {
        try "domain = \"https://bom.example.org\"\n[smtp\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let invalid = try start()
        XCTAssertEqual(try invalid.exitStatus(), 65)
        let stty = try invalid.sttySettings()
        XCTAssertEqual(stty.before, stty.after)
        let screen = try invalid.capture()
        XCTAssertTrue(screen.contains("error: "), screen)
        XCTAssertTrue(screen.contains("line 2"), screen)
        try FileManager.default.removeItem(atPath: configPath)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("exit-status"))
        try FileManager.default.createDirectory(atPath: configPath, withIntermediateDirectories: false)
        let unreadable = try start()
        XCTAssertEqual(try unreadable.exitStatus(), 74)
        XCTAssertTrue(try unreadable.capture().contains("error: "))
    }

    func testUnreadableCAFileIsAnInputError() throws {
        let missing = directory.appendingPathComponent("missing-ca.pem").path
        let result = try runProgram(wizardExecutable, ["--config", configPath, "--ca-file", missing], input: "1\n",
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"])
        XCTAssertEqual(result.status, 74, result.stderr)
        XCTAssertEqual(result.stderr, "error: cannot read --ca-file \(missing).\n")
    }

    func testEscOnStartCancels() throws {
        let tui = try start()
        try tui.waitFor("What do you want to do?")
        try tui.keys("Escape")
        XCTAssertEqual(try tui.exitStatus(), 130)
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath))
    }

    func testSIGTERMRestoresTheTerminal() throws {
        let pidFile = directory.appendingPathComponent("pid").path
        let session = try TmuxSession(
            command: "sh -c 'echo $$ > \(pidFile); exec \(wizardExecutable) --config \(configPath)'", directory: directory)
        sessions.append(session)
        try session.waitFor("What do you want to do?")
        let pid = try read(pidFile).trimmingCharacters(in: .whitespacesAndNewlines)
        try runProgram("/bin/kill", ["-TERM", pid])
        XCTAssertEqual(try session.exitStatus(), 143)
        let stty = try session.sttySettings()
        XCTAssertEqual(stty.before, stty.after)
    }

    func testSIGTERMDuringTheUnechoedSecretPromptRestoresEcho() throws {
        let pidFile = directory.appendingPathComponent("pid").path
        let session = try TmuxSession(
            command: "sh -c 'echo $$ > \(pidFile); exec \(wizardExecutable) --config \(configPath)' | cat", directory: directory)
        sessions.append(session)
        try session.waitFor("What do you want to do?")
        for answer in ["1", "admin@example.org", "", "smtp.example.org", "", "3", ""] {
            try session.type(answer)
            try session.keys("Enter")
        }
        try session.waitFor("Secret value (not shown):")
        try session.type("typed-but-unechoed")
        usleep(200_000)
        XCTAssertFalse(try session.stableCapture().contains("typed-but-unechoed"), "the secret prompt does not echo")
        let pid = try read(pidFile).trimmingCharacters(in: .whitespacesAndNewlines)
        try runProgram("/bin/kill", ["-TERM", pid])
        XCTAssertNotNil(try session.exitStatus())
        let stty = try session.sttySettings()
        XCTAssertEqual(stty.before, stty.after, "echo is back on after SIGTERM")
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath))
    }

    func testResizeBelowMinimumShowsNoticeAndRecovers() throws {
        let tui = try start()
        try tui.waitFor("What do you want to do?")
        try tui.resize(columns: 60, rows: 20)
        let small = try tui.waitFor("Terminal too small: 60×20.")
        XCTAssertFalse(small.contains("What do you want to do?"))
        try tui.keys("Enter")
        try tui.resize(columns: 100, rows: 30)
        let big = try tui.waitFor("What do you want to do?")
        XCTAssertTrue(big.contains("Step 1 of 8: Start"), "keys are ignored while too small:\n\(big)")
        XCTAssertEqual(big.split(separator: "\n", omittingEmptySubsequences: false).first?.count, 99, "the title bar spans 100 columns (its last, a space, is trimmed)")
        try tui.keys("C-c")
        XCTAssertEqual(try tui.exitStatus(), 130)
    }

    private func colourCodes(_ screen: String) -> [String] {
        let pattern = try? NSRegularExpression(pattern: "\u{1B}\\[([0-9;]*)m")
        let range = NSRange(screen.startIndex..., in: screen)
        return (pattern?.matches(in: screen, range: range) ?? []).flatMap { match -> [String] in
            guard let params = Range(match.range(at: 1), in: screen) else { return [] }
            return screen[params].split(separator: ";").map(String.init).filter {
                guard let value = Int($0) else { return false }
                return (30...38).contains(value) || (40...48).contains(value) || (90...107).contains(value)
            }
        }
    }

    func testColoursAndNoColor() throws {
        let coloured = try start()
        try coloured.waitFor("What do you want to do?")
        XCTAssertFalse(colourCodes(try coloured.capture(escapes: true)).isEmpty, "colours are used by default")
        try coloured.keys("C-c")
        XCTAssertEqual(try coloured.exitStatus(), 130)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("exit-status"))

        let plain = try start(environment: ["NO_COLOR": "1"])
        try plain.waitFor("What do you want to do?")
        let screen = try plain.capture(escapes: true)
        XCTAssertEqual(colourCodes(screen), [], "NO_COLOR=1 draws without colour")
        XCTAssertTrue(screen.contains("\u{1B}[7m") || screen.contains(";7m"), "the title bar still shows in reverse video")
        try plain.keys("Enter", "Enter")
        let error = try plain.waitFor("✗ The user is empty")
        XCTAssertTrue(error.contains("✗ The user is empty: enter the login"), "errors are text, not colour alone")
        try plain.keys("C-c")
        XCTAssertEqual(try plain.exitStatus(), 130)
    }

    func testWideCharacterUser() throws {
        let server = try SMTPTestServer()
        let tui = try start()
        try tui.waitFor("What do you want to do?")
        try tui.keys("Enter")
        try tui.waitFor("Login")
        try tui.type("管理者@example.org")
        let screen = try tui.waitFor("管理者@example.org")
        let line = screen.split(separator: "\n").first { $0.contains("Login") }.map(String.init) ?? ""
        XCTAssertTrue(line.hasPrefix("› Login         [管理者@example.org "), line)
        XCTAssertTrue(line.hasSuffix("]"), "the field keeps its width with wide characters: \(line)")
        XCTAssertEqual(line.count, 71, "three wide characters take six cells: \(line)")
        try tui.keys("Enter")
        try tui.waitFor("[Endpoint]")
        try tui.type("smtp://127.0.0.1:\(server.port)")
        try tui.keys("Enter")
        try tui.waitFor("How the server secures")
        try tui.keys("Enter")
        try tui.waitFor("Where the server finds")
        try tui.keys("Enter")
        try tui.waitFor("[▶ Continue")
        try tui.keys("Enter")
        try tui.waitFor("[▶ Write ]")
        try tui.keys("Enter")
        try tui.waitFor("Written:")
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
        XCTAssertTrue(try read(configPath).contains("user = \"管理者@example.org\"\n"))
    }

    func testEditingWideCharactersWithKeysTheTerminfoDoesNotName() throws {
        let tui = try start()
        try tui.waitFor("What do you want to do?")
        try tui.keys("Enter")
        try tui.waitFor("Login")
        try tui.type("管理者@example.org")
        try tui.waitFor("管理者@example.org")
        // tmux sends ESC [ 1 ~ for Home and ESC [ 4 ~ for End; xterm-256color's terminfo names other bytes.
        try tui.keys("Home", "Right", "Right", "BSpace")
        var screen = try tui.waitFor("[管者@example.org ")
        XCTAssertTrue(screen.contains("Step 2 of 8: User"), "Home is not Esc:\n\(screen)")
        try tui.type("ü")
        try tui.keys("End", "BSpace", "Left", "DC")
        screen = try tui.waitFor("[管ü者@example.o ")
        let line = screen.split(separator: "\n").first { $0.contains("Login") }.map(String.init) ?? ""
        XCTAssertTrue(line.hasPrefix("› Login         [管ü者@example.o "), line)
        XCTAssertTrue(line.hasSuffix("]"), line)
        try tui.keys("F5", "IC")
        usleep(200_000)
        screen = try tui.stableCapture()
        XCTAssertTrue(screen.contains("Step 2 of 8: User") && screen.contains("[管ü者@example.o "), "F5 and Insert are ignored:\n\(screen)")
        try tui.keys("Escape", "Down")
        screen = try tui.waitFor("● Skip user verification")
        XCTAssertTrue(screen.contains("Step 1 of 8: Start"), "Esc and Down sent at once are both keys:\n\(screen)")
        try tui.keys("Escape")
        XCTAssertEqual(try tui.exitStatus(), 130)
    }

    func testPlainPromptsThroughAPipe() throws {
        let server = try SMTPTestServer()
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let answers = ["1", "admin@example.org", "", "smtp://127.0.0.1:\(server.port)", "", "", "3", "", secretMarker, "1", "1"]
        let result = try runProgram(wizardExecutable, ["--config", configPath], input: answers.joined(separator: "\n") + "\n",
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "xterm-256color"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains(secretMarker))
        XCTAssertFalse(result.stderr.contains(secretMarker))
        XCTAssertTrue(result.stderr.contains("Login (usually your mail address): "), result.stderr)
        XCTAssertTrue(result.stdout.contains("+[smtp]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("+SMTP_SECRET=***"), result.stdout)
        XCTAssertTrue(try read(configPath).hasSuffix("[smtp]\nuser = \"admin@example.org\"\nendpoint = \"smtp://127.0.0.1:\(server.port)\"\nsecret = \"${SMTP_SECRET}\"\n"))
        XCTAssertEqual(try read(envPath), "SMTP_SECRET=\"\(secretMarker)\"\n")
    }

    func testPlainPromptsSendATestMessageFromTheProbeStep() throws {
        let spool = directory.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let server = try SMTPTestServer(extraArguments: ["--spool", spool.path])
        let answers = ["1", SMTPTestServer.user, "", "smtp://127.0.0.1:\(server.port)", "", "", "3", "", secretMarker,
            "3", "postmaster@example.org", "1", "3"]
        let result = try runProgram(wizardExecutable, ["--config", configPath], input: answers.joined(separator: "\n") + "\n",
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"])
        XCTAssertEqual(result.status, 130, result.stderr)
        XCTAssertTrue(result.stderr.contains("  3) Send test mail\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Send the test message to [\(SMTPTestServer.user)]: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("ok      data"), result.stderr)
        XCTAssertTrue(result.stderr.contains("The test message was accepted by the server."), result.stderr)
        XCTAssertFalse(result.stdout.contains(secretMarker))
        XCTAssertFalse(result.stderr.contains(secretMarker))
        let messages = try FileManager.default.contentsOfDirectory(atPath: spool.path)
        XCTAssertEqual(messages.count, 1)
        let message = try read(spool.appendingPathComponent(messages.first ?? "").path)
        XCTAssertTrue(message.contains("postmaster@example.org"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath), "answering no writes nothing")
    }

    func testPlainPromptsOfferTheKnownProviderAndAutoDetect() throws {
        let plain = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"]
        let provider = try runProgram(wizardExecutable, ["--config", configPath], input: "1\nadmin@gmail.com\n\n", environment: plain)
        XCTAssertEqual(provider.status, 130)
        XCTAssertTrue(provider.stderr.contains(
            "Known provider for gmail.com: Gmail, smtp.gmail.com with SMTPS (port 465); the probe will check it.\n"), provider.stderr)
        XCTAssertTrue(provider.stderr.contains("Endpoint (host name, or smtp://host:port) [smtp.gmail.com]: "), provider.stderr)
        let detect = try runProgram(wizardExecutable, ["--config", configPath, "--timeout", "2"],
            input: "1\nadmin@example.org\n\n127.0.0.1\n6\n", environment: plain)
        XCTAssertEqual(detect.status, 130)
        XCTAssertTrue(detect.stderr.contains("  6) Auto-detect: try SMTPS 465, STARTTLS 587 and plain 25 at once\n"), detect.stderr)
        XCTAssertTrue(detect.stderr.contains("Auto-detect: trying SMTPS 465, STARTTLS 587 and plain 25 on 127.0.0.1…\n"), detect.stderr)
        for label in ["SMTPS 465: ", "STARTTLS 587: ", "plain 25: "] { XCTAssertTrue(detect.stderr.contains(label), detect.stderr) }
        XCTAssertEqual(detect.stderr.components(separatedBy: "Security\n").count, 3, "Security is asked again after auto-detect")
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath))
    }

    func testPlainPromptsReviewCanGoBack() throws {
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let answers = ["3", "2", "1", "2", "2", "2", "1"]
        let result = try runProgram(wizardExecutable, ["--config", configPath], input: answers.joined(separator: "\n") + "\n",
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("✗ The config has no [smtp] section to test: choose Configure SMTP.\n"), result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "What do you want to do?\n").count, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("Write these changes?\n  1) Write\n  2) Back\n  3) Cancel\nChoice [1]: "), result.stderr)
        XCTAssertTrue(result.stdout.contains("+skip_user_verification = true"), "the first (legacy) diff:\n\(result.stdout)")
        XCTAssertEqual(try read(configPath), Self.seed + "\n[user]\nskip_verification = true\n")
    }

    func testPlainPromptsShowTheDiffBeforeAskingEvenWhenOutputIsAPipe() throws {
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let result = try runProgram("/bin/sh", ["-c", "exec \"$0\" --config \"$1\" 2>&1", wizardExecutable, configPath],
            input: "2\n1\n3\n", environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"])
        XCTAssertEqual(result.status, 130, result.stdout)
        let diff = try XCTUnwrap(result.stdout.range(of: "+skip_user_verification = true\n"), result.stdout)
        let question = try XCTUnwrap(result.stdout.range(of: "Write these changes?\n"), result.stdout)
        XCTAssertLessThan(diff.lowerBound, question.lowerBound, "the diff must be on screen before the question:\n\(result.stdout)")
    }

    func testPlainPromptsEndOfInputCancels() throws {
        try Self.seed.write(toFile: configPath, atomically: true, encoding: .utf8)
        let result = try runProgram(wizardExecutable, ["--config", configPath], input: "1\nadmin@example.org\n",
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"])
        XCTAssertEqual(result.status, 130)
        XCTAssertTrue(result.stderr.hasSuffix("Cancelled: nothing was written.\n"), result.stderr)
        XCTAssertEqual(try read(configPath), Self.seed)
    }

    func testWrongSecretJumpsBackToTheSecretStep() throws {
        let server = try SMTPTestServer()
        let tui = try start()
        try walkToSecretField(tui, user: SMTPTestServer.user, endpoint: "smtp://127.0.0.1:\(server.port)")
        try tui.type("wrong-password")
        try tui.keys("Enter")
        let failed = try tui.waitFor("Change secret")
        XCTAssertTrue(failed.contains("✗ AUTH_FAILED"), failed)
        XCTAssertTrue(failed.contains("✗ auth"), failed)
        try tui.keys("Right", "Right", "Enter")
        try tui.waitFor("Step 5 of 8: Secret")
        try tui.keys("Tab", "Tab", "C-u")
        try tui.type(secretMarker)
        try tui.keys("Enter")
        let passed = try tui.waitFor("[▶ Continue ]")
        XCTAssertTrue(passed.contains("✓ OK"), passed)
        try tui.keys("C-c")
        XCTAssertEqual(try tui.exitStatus(), 130)
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath))
    }

    func testTestCurrentSettingsResolvesTheSecretFromDotEnv() throws {
        let server = try SMTPTestServer()
        try (Self.seed + "\n[smtp]\nuser = \"\(SMTPTestServer.user)\"\nendpoint = \"smtp://127.0.0.1:\(server.port)\"\nsecret = \"${SMTP_SECRET}\"\n")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        try "SMTP_SECRET=\"\(secretMarker)\"\n".write(toFile: envPath, atomically: true, encoding: .utf8)
        let tui = try start()
        let start = try tui.waitFor("What do you want to do?")
        XCTAssertTrue(start.contains("secret ${SMTP_SECRET}"), start)
        try tui.keys("Down", "Down", "Enter")
        let probe = try tui.waitFor("[▶ Retry ]")
        XCTAssertTrue(probe.contains("✓ auth"), probe)
        XCTAssertTrue(probe.contains("✓ OK"), probe)
        try tui.keys("Left", "Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
    }

    /// The outcome area of the probe screen read through its scrolling (PgDn), every line in order.
    private func scrolledOutcome(_ tui: TmuxSession) throws -> [String] {
        var lines: [Int: String] = [:]
        var total = 0
        for _ in 0..<20 {
            let screen = try tui.stableCapture().components(separatedBy: "\n")
            guard let row = screen.firstIndex(where: { $0.contains(" · PgUp/PgDn scroll") }), case let indicator = screen[row],
                let range = indicator.range(of: #"lines (\d+)–(\d+) of (\d+)"#, options: .regularExpression)
            else { return screen }
            let numbers = indicator[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            total = numbers[2]
            let first = row - (numbers[1] - numbers[0] + 1)
            for (offset, index) in (numbers[0]...numbers[1]).enumerated() { lines[index] = screen[first + offset] }
            if numbers[1] == total { break }
            try tui.keys("PageDown")
            try tui.waitFor("lines \(numbers[1] + 1)–")
        }
        return (1...max(1, total)).map { lines[$0] ?? "" }
    }

    private static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func testSTARTTLSURLComesBackByteForByteAndTheLongHintIsReadable() throws {
        let server = try SMTPTestServer()
        let config = Self.seed + """

            [smtp]  # verification mail
            user = "\(SMTPTestServer.user)"
            endpoint = "smtp://127.0.0.1:\(server.port)?tls=required"  # STARTTLS on a relay port
            secret = "${SMTP_SECRET}"

            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let cli = try runProgram(wizardExecutable, ["probe", "--config", configPath, "--timeout", "5"],
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SMTP_SECRET": secretMarker])
        let hint = try XCTUnwrap((cli.stdout + cli.stderr).components(separatedBy: "\n").first { $0.hasPrefix("Hint:") }, cli.stderr)
        let tui = try start("--timeout 5", environment: ["SMTP_SECRET": secretMarker])
        try tui.waitFor("What do you want to do?")
        try tui.keys("Enter")
        try tui.waitFor("Step 2 of 8: User")
        try tui.keys("Enter")
        try tui.waitFor("Step 3 of 8: Endpoint")
        try tui.keys("Enter")
        let security = try tui.waitFor("How the server secures")
        XCTAssertTrue(security.contains("● STARTTLS on another port"), security)
        XCTAssertTrue(security.contains("Writes: endpoint = \"smtp://127.0.0.1:\(server.port)?tls=required\""), security)
        try tui.keys("Enter")
        try tui.waitFor("Step 5 of 8: Secret")
        try tui.keys("Enter")
        let probe = try tui.waitFor("[▶ Continue anyway ]")
        XCTAssertTrue(probe.contains("Probing 127.0.0.1:\(server.port) (STARTTLS)"), probe)
        let outcome = try scrolledOutcome(tui)
        let shown = Self.words(outcome.joined(separator: " "))
        XCTAssertTrue(shown.contains(Self.words(String(hint.dropFirst("Hint:".count)))), "hint \(hint) not fully shown in:\n\(outcome.joined(separator: "\n"))")
        try tui.keys("d")
        let details = try tui.waitFor("Probe details")
        XCTAssertTrue(details.contains("Secret:      ${SMTP_SECRET}, from the environment"), details)
        try tui.keys("PageDown")
        let end = try tui.waitFor("Diagnosis:")
        XCTAssertTrue(end.contains("Diagnosis:   STARTTLS_UNSUPPORTED"), end)
        try tui.keys("Escape")
        try tui.waitFor("[▶ Continue anyway ]")
        try tui.keys("Enter")
        let review = try tui.waitFor("[▶ Write ]")
        XCTAssertTrue(review.contains("No changes: the file already holds these settings."), review)
        XCTAssertTrue(review.contains("! The probe failed ("), review)
        try tui.keys("Enter")
        try tui.waitFor("Next step:")
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
        XCTAssertEqual(try read(configPath), config)
    }

    func testAutoDetectPreselectsPlainWhenOnlyPlainWorks() throws {
        let server = try SMTPTestServer()
        let tui = try start("--timeout 3", environment: ["BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS": "1,2,\(server.port)"])
        try walkToEndpoint(tui, user: SMTPTestServer.user, endpoint: "127.0.0.1")
        try tui.keys("Enter")
        try tui.waitFor("How the server secures")
        try tui.keys("Tab", "Enter")
        let detected = try tui.waitFor("Auto-detect recommends")
        XCTAssertTrue(detected.contains("● Local relay without TLS"), detected)
        XCTAssertTrue(detected.contains("Writes: endpoint = \"smtp://127.0.0.1:\(server.port)\""), detected)
        XCTAssertTrue(detected.contains("✗ SMTPS 1"), detected)
        XCTAssertTrue(detected.contains("✓ plain \(server.port)"), detected)
        try tui.keys("Enter")
        try tui.waitFor("Step 5 of 8: Secret")
        try tui.keys("Escape")
        let back = try tui.waitFor("How the server secures")
        XCTAssertTrue(back.contains("● Local relay without TLS"), back)
        try tui.keys("C-c")
        XCTAssertEqual(try tui.exitStatus(), 130)
    }

    func testBracketedPasteFillsTheMaskedFieldWithoutPressingEnter() throws {
        let server = try SMTPTestServer()
        let tui = try start()
        try walkToSecretField(tui, user: SMTPTestServer.user, endpoint: "smtp://127.0.0.1:\(server.port)")
        try tui.paste(secretMarker + "\n")
        let pasted = try tui.waitFor("[" + String(repeating: "•", count: secretMarker.count) + " ")
        XCTAssertTrue(pasted.contains("Step 5 of 8: Secret"), "the paste's line break did not press Enter:\n\(pasted)")
        XCTAssertFalse(pasted.contains("Press any key to close this help"), pasted)
        try tui.keys("Enter")
        let probe = try tui.waitFor("[▶ Continue ]")
        XCTAssertTrue(probe.contains("✓ auth"), "the pasted secret logs in:\n\(probe)")
        try tui.keys("C-c")
        XCTAssertEqual(try tui.exitStatus(), 130)
        XCTAssertFalse(FileManager.default.fileExists(atPath: configPath))
    }

    func testPlainFlagForcesThePromptsOnATerminal() throws {
        let tui = try start("--plain")
        try tui.waitFor("What do you want to do?")
        let screen = try tui.waitFor("Choice [1]:")
        XCTAssertTrue(screen.contains("  4) Quit without changes"), screen)
        try tui.type("4")
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)
        let stty = try tui.sttySettings()
        XCTAssertEqual(stty.before, stty.after)
    }
}
