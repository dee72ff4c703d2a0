import Foundation
import XCTest

/// The real wizard in tmux on the documented docker compose layout (compose.yaml beside the project `.env` and
/// `bomnipotent_config/`), probing a local aiosmtpd.
final class ComposeWizardEndToEndTests: XCTestCase {
    private var root: URL!
    private var sessions: [TmuxSession] = []

    override func setUpWithError() throws {
        // A short path, so that the Done screen's `cd DIR && docker compose up -d` fits on its row.
        root = URL(fileURLWithPath: "/tmp/bsmtp-c-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bomnipotent_config"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for session in sessions {
            for screen in session.captures {
                XCTAssertFalse(screen.contains(secretMarker), "a screen showed the secret:\n\(screen)")
            }
        }
        sessions = []
        try? FileManager.default.removeItem(at: root)
    }

    private func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    private static func words(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func testSecretGoesToTheProjectDotenvAndTheDoneScreenSaysDockerComposeUp() throws {
        let server = try SMTPTestServer()
        try ScreenGoldenTests.documentedCompose.write(toFile: path("compose.yaml"), atomically: true, encoding: .utf8)
        let projectEnv = "# compose project variables\nBOMNIPOTENT_DB_PW=x\n"
        try projectEnv.write(toFile: path(".env"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path(".env"))
        let seed = "domain = \"https://bom.example.org\"\n"
        let config = path("bomnipotent_config/config.toml")
        try seed.write(toFile: config, atomically: true, encoding: .utf8)
        let tui = try TmuxSession(command: "'\(wizardExecutable)' --config '\(config)'", directory: root)
        sessions.append(tui)

        let start = try tui.waitFor("What do you want to do?")
        XCTAssertTrue(start.contains("  .env file     \(path(".env"))\n"), start)
        XCTAssertTrue(start.contains("  Deployment    compose.yaml, service bomnipotent_server, image tag latest\n"), start)
        XCTAssertTrue(start.contains("                binds ./bomnipotent_config as a directory, read-only\n"), start)
        XCTAssertTrue(start.contains("layout current: the compose service runs"), start)
        try tui.keys("Enter")
        try tui.waitFor("Login")
        try tui.type(SMTPTestServer.user)
        try tui.keys("Enter")
        try tui.waitFor("[Endpoint]")
        try tui.type("smtp://127.0.0.1:\(server.port)")
        try tui.keys("Enter")
        try tui.waitFor("How the server secures")
        try tui.keys("Enter")
        let secret = try tui.waitFor("Where the server finds")
        try tui.keys("Down", "Down", "Tab", "Tab")
        try tui.type(secretMarker)
        let typed = try tui.waitFor("[" + String(repeating: "•", count: secretMarker.count) + " ")
        XCTAssertTrue(Self.words(typed).contains("the value to \(path(".env"))"), "the value goes to the project .env:\n\(secret)")
        try tui.keys("Enter")
        let probe = try tui.waitFor("[▶ Continue")
        XCTAssertTrue(probe.contains("✓ auth"), "the secret reaches the server as compose passes it:\n\(probe)")
        XCTAssertTrue(probe.contains("✓ OK"), probe)
        XCTAssertTrue(probe.contains("CONTAINER_NETWORK"), probe)
        try tui.keys("Enter")
        let review = try tui.waitFor("[▶ Write ]")
        XCTAssertTrue(review.contains("--- a\(path(".env"))"), review)
        try tui.keys("PageDown")
        let scrolled = try tui.waitFor("+SMTP_SECRET=***")
        XCTAssertTrue(scrolled.contains("+++ b\(path(".env"))"), scrolled)
        try tui.keys("Enter")
        let done = try tui.waitFor("Written:")
        XCTAssertTrue(Self.words(done).contains("cd \(root.path) && docker compose up -d"), done)
        XCTAssertTrue(done.contains("bomnipotent_client test-email \(SMTPTestServer.user)"), done)
        try tui.keys("Enter")
        XCTAssertEqual(try tui.exitStatus(), 0)

        XCTAssertEqual(try String(contentsOfFile: path(".env"), encoding: .utf8), projectEnv + "SMTP_SECRET=\"\(secretMarker)\"\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path(".env"))[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("bomnipotent_config/.env")), "not the config directory's .env")
        XCTAssertEqual(try String(contentsOfFile: config, encoding: .utf8), seed + """

            [smtp]
            user = "\(SMTPTestServer.user)"
            endpoint = "smtp://127.0.0.1:\(server.port)"
            secret = "${SMTP_SECRET}"

            """)
    }

    func testThePlainPromptsNameTheDeploymentAndNoComposeIgnoresIt() throws {
        try ScreenGoldenTests.documentedCompose.write(toFile: path("compose.yaml"), atomically: true, encoding: .utf8)
        let config = path("bomnipotent_config/config.toml")
        let plain = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"]
        let compose = try runProgram(wizardExecutable, ["--config", config], input: "4\n", environment: plain)
        XCTAssertEqual(compose.status, 0, compose.stderr)
        XCTAssertTrue(compose.stderr.contains(".env file: \(path(".env"))\n"), compose.stderr)
        XCTAssertTrue(compose.stderr.contains(
            "Skip flag: not set; layout current: the compose service runs wwhsoft/bomnipotent_server:latest, the newest release (0.7 or later)\n"),
            compose.stderr)
        XCTAssertTrue(compose.stderr.contains(
            "Deployment: compose.yaml, service bomnipotent_server, image tag latest; binds ./bomnipotent_config as a directory, read-only\n"),
            compose.stderr)
        let standalone = try runProgram(wizardExecutable, ["--config", config, "--no-compose"], input: "4\n", environment: plain)
        XCTAssertEqual(standalone.status, 0, standalone.stderr)
        XCTAssertTrue(standalone.stderr.contains(".env file: \(path("bomnipotent_config/.env"))\n"), standalone.stderr)
        XCTAssertTrue(standalone.stderr.contains("Skip flag: not set; layout unknown: "), standalone.stderr)
        XCTAssertFalse(standalone.stderr.contains("Deployment:"), standalone.stderr)
    }
}
