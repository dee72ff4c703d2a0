import Foundation
import XCTest

/// `apply --repair` (SPEC §12): alone, with `--dry-run`, and in one plan with `--user`/`--endpoint`.
final class ApplyRepairTests: XCTestCase {
    private var directory: URL!
    private var config: String { directory.appendingPathComponent("config.toml").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    /// As the server's relay integration page has it, with keys the server refuses.
    private let refused = """
        # BOMnipotent
        domain = "https://bom.example.org"

        # mail, as on the relay page
        [smtp_config]
        user = "bom@example.org" # login
        endpoint = "smtp.example.org"
        # SMTPS
        port = 465
        starttls = "no"

        [tls]
        certificate_chain_path = "/etc/ssl/chain.crt"

        """

    private let repaired = """
        # BOMnipotent
        domain = "https://bom.example.org"

        # mail, as on the relay page
        [smtp]
        user = "bom@example.org" # login
        endpoint = "smtp.example.org"
        starttls = false

        [tls]
        certificate_chain_path = "/etc/ssl/chain.crt"

        """

    func testRepairAloneDryRunPrintsTheDiffAndWritesNothing() throws {
        try write("config.toml", refused)
        let result = try CommandRunner.run(["apply", "--config", config, "--repair", "--dry-run", "--no-compose"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            --- a\(config)
            +++ b\(config)
            @@ -2,12 +2,10 @@
             domain = "https://bom.example.org"
             
             # mail, as on the relay page
            -[smtp_config]
            +[smtp]
             user = "bom@example.org" # login
             endpoint = "smtp.example.org"
            -# SMTPS
            -port = 465
            -starttls = "no"
            +starttls = false
             
             [tls]
             certificate_chain_path = "/etc/ssl/chain.crt"

            """)
        XCTAssertTrue(result.stderr.contains("""
            Repair (would apply): move [smtp_config] to [smtp] (the server reads only [smtp]).
            Repair (would apply): write starttls = false instead of "no" in [smtp] (the server reads only true or false).
            Repair (would apply): remove port = 465 from [smtp] (implied by SMTPS).
            """), result.stderr)
        XCTAssertEqual(try readText(config), refused)
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
    }

    func testRepairAloneWritesAndSummarises() throws {
        try write("config.toml", refused)
        let show = try CommandRunner.run(["show", "--config", config, "--no-compose"])
        XCTAssertTrue(show.stderr.contains("SMTP_CONFIG_TABLE") || show.stdout.contains("SMTP_CONFIG_TABLE"), show.stdout + show.stderr)
        let result = try CommandRunner.run(["apply", "--config", config, "--repair", "--no-backup", "--no-compose"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(try readText(config), repaired)
        XCTAssertTrue(result.stderr.contains("Wrote \(config)."), result.stderr)
        XCTAssertTrue(result.stderr.contains("""
            Repaired: move [smtp_config] to [smtp] (the server reads only [smtp]).
            Repaired: write starttls = false instead of "no" in [smtp] (the server reads only true or false).
            Repaired: remove port = 465 from [smtp] (implied by SMTPS).
            """), result.stderr)
        let again = try CommandRunner.run(["apply", "--config", config, "--repair", "--no-compose"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("Nothing to repair: the server reads \(config) as it is."), again.stderr)
        XCTAssertEqual(try listing(of: directory), ["config.toml"])
    }

    func testPort465WithStarttlsYesIsListedAsTheFileEndsUp() throws {
        try write("config.toml", "[smtp]\nuser = \"a@example.org\"\nendpoint = \"smtp.example.org\"\nport = 465\nstarttls = \"yes\"\n")
        let result = try CommandRunner.run(["apply", "--config", config, "--repair", "--no-backup", "--no-compose"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try readText(config), "[smtp]\nuser = \"a@example.org\"\nendpoint = \"smtp.example.org\"\nstarttls = false\n")
        XCTAssertTrue(result.stderr.contains("""
            Repaired: write starttls = false instead of "yes" in [smtp] (the server reads only true or false, and port 465 means SMTPS, not STARTTLS).
            Repaired: replace port = 465 with starttls = false in [smtp] (port 465 is SMTPS, TLS from the first byte).
            """), result.stderr)
        XCTAssertFalse(result.stderr.contains("starttls = true"), result.stderr)
    }

    func testAStarttlsFixThatTheChangeOverridesNamesTheValueGiven() throws {
        try write("config.toml", "[smtp]\nuser = \"a@example.org\"\nendpoint = \"smtp.example.org\"\nport = 2525\nstarttls = \"yes\"\n")
        let result = try CommandRunner.run([
            "apply", "--config", config, "--repair", "--user", "a@example.org", "--endpoint", "smtp.example.org", "--starttls",
            "--no-backup", "--no-compose",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try readText(config), "[smtp]\nuser = \"a@example.org\"\nendpoint = \"smtp.example.org\"\nstarttls = true\n")
        XCTAssertTrue(result.stderr.contains("""
            Repaired: write starttls = true instead of "yes" in [smtp] (the server reads only true or false; true as given).
            Repaired: remove port from [smtp] (the endpoint and starttls given replace it).
            """), result.stderr)
        XCTAssertFalse(result.stderr.contains("remove starttls"), result.stderr)
    }

    func testRepairWithUserAndEndpointIsOnePlan() throws {
        try write("config.toml", """
            [smtp]
            user = "old@example.org"
            endpoint = "old.example.org"
            password = "\(secretMarker)"
            tls = true
            starttls = "yes"

            """)
        let arguments = [
            "apply", "--config", config, "--repair", "--user", "new@example.org", "--endpoint", "smtp.example.org",
            "--secret-dotenv", "SMTP_SECRET", "--no-compose",
        ]
        let dry = try CommandRunner.run(arguments + ["--dry-run"], stdin: secretMarker)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        assertNoSecret(dry)
        let envPath = directory.appendingPathComponent(".env").path
        XCTAssertEqual(dry.stdout, """
            --- a\(config)
            +++ b\(config)
            @@ -1,6 +1,5 @@
             [smtp]
            -user = "old@example.org"
            -endpoint = "old.example.org"
            -password = "***"
            -tls = true
            -starttls = "yes"
            +user = "new@example.org"
            +endpoint = "smtp.example.org"
            +secret = "${SMTP_SECRET}"
            +starttls = true
            --- /dev/null
            +++ b\(envPath)
            @@ -0,0 +1 @@
            +SMTP_SECRET=***

            """)
        XCTAssertTrue(dry.stderr.contains("Repair (would apply): rename password to secret in [smtp] (the server's name for it)."), dry.stderr)
        let result = try CommandRunner.run(arguments, stdin: secretMarker)
        XCTAssertEqual(result.status, 0, result.stderr)
        assertNoSecret(result)
        XCTAssertEqual(try readText(config), """
            [smtp]
            user = "new@example.org"
            endpoint = "smtp.example.org"
            secret = "${SMTP_SECRET}"
            starttls = true

            """)
        XCTAssertTrue(result.stderr.contains("""
            Repaired: rename password to secret in [smtp] (the server's name for it).
            Repaired: write starttls = true instead of "yes" in [smtp] (the server reads only true or false).
            Repaired: remove tls = true from [smtp] (a host name endpoint always uses TLS).
            """), result.stderr)
        let backup = try XCTUnwrap(try listing(of: directory).first { $0.hasPrefix("config.toml.bak-") })
        let mode = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(backup).path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600, "the backup holds the password")
    }

    func testWithoutRepairApplyWritesTheChangeAndSaysTheFileStillNeedsRepair() throws {
        let input = "[smtp]\nuser = \"old@example.org\"\nendpoint = \"old.example.org\"\nport = 2525\n"
        try write("config.toml", input)
        let result = try CommandRunner.run([
            "apply", "--config", config, "--user", "new@example.org", "--endpoint", "old.example.org", "--no-backup", "--no-compose",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try readText(config), input.replacingOccurrences(of: "old@", with: "new@"))
        XCTAssertTrue(result.stderr.contains("Note: the file still holds what the server refuses or misreads: 1 repair not made (apply --repair makes it)."), result.stderr)
        XCTAssertTrue(result.stderr.contains("SMTP_UNKNOWN_KEY"), result.stderr)
    }

    func testRepairMovesTheSkipFlagToTheComposeImagesLayout() throws {
        let bound = directory.appendingPathComponent("bomnipotent_config")
        try FileManager.default.createDirectory(at: bound, withIntermediateDirectories: true)
        try write("compose.yaml", """
            services:
              bomnipotent_server:
                image: wwhsoft/bomnipotent_server:latest
                volumes:
                  - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro

            """)
        let path = bound.appendingPathComponent("config.toml").path
        try Data("domain = \"https://bom.example.org\"\nskip_user_verification = true\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["apply", "--config", path, "--repair", "--no-backup"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try readText(path), "domain = \"https://bom.example.org\"\n\n[user]\nskip_verification = true\n")
        XCTAssertTrue(result.stderr.contains(
            "Repaired: move skip_user_verification to [user] skip_verification (the layout servers 0.7 and later read)."), result.stderr)
        XCTAssertFalse(result.stderr.contains("SKIP_FLAG_LAYOUT_MISMATCH"), result.stderr)
    }

    func testRepairWithSchemaMovesTheFlagToThatLayout() throws {
        try write("config.toml", "# BOMnipotent\nskip_user_verification = true # no SMTP yet\n")
        let result = try CommandRunner.run(["apply", "--config", config, "--repair", "--schema", "legacy", "--no-compose", "--dry-run"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Nothing to repair"), result.stderr)
        let current = try CommandRunner.run(["apply", "--config", config, "--repair", "--schema", "current", "--no-compose", "--no-backup"])
        XCTAssertEqual(current.status, 0, current.stderr)
        XCTAssertEqual(try readText(config), "# BOMnipotent\n\n[user]\nskip_verification = true # no SMTP yet\n")
    }

    func testRepairWithSkipVerificationIsOnePlan() throws {
        try write("config.toml", "skip_user_verification = false # until SMTP works\n\n[smtp]\nuser = \"a@example.org\"\nendpoint = \"smtp.example.org\"\nport = 465\n")
        let result = try CommandRunner.run([
            "apply", "--config", config, "--skip-verification", "--repair", "--schema", "current", "--no-compose", "--no-backup",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try readText(config), """
            [smtp]
            user = "a@example.org"
            endpoint = "smtp.example.org"

            [user]
            skip_verification = true # until SMTP works

            """)
        XCTAssertTrue(result.stderr.contains("""
            Repaired: remove port = 465 from [smtp] (implied by SMTPS).
            Repaired: move skip_user_verification to [user] skip_verification (the layout servers 0.7 and later read).
            """), result.stderr)
    }

    func testRepairAloneRejectsSettingsOptions() throws {
        try write("config.toml", refused)
        let result = try CommandRunner.run(["apply", "--config", config, "--repair", "--starttls"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("--repair alone only repairs"), result.stderr)
        XCTAssertEqual(try readText(config), refused)
    }
}
