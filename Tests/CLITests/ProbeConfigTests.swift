import Foundation
import XCTest

/// `probe` reading `[smtp]` from config.toml, resolving `${VAR}` from the environment and `.env` like `show`.
final class ProbeConfigTests: XCTestCase {
    private func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testConfigWithSecretFromDotEnvAndPortFromEnvironment() throws {
        let port = try ProbeTestServers.smtp(self, mode: "starttls")
        let directory = try makeTemporaryDirectory(self)
        let config = try write(
            """
            # BOMnipotent config
            [smtp]
            user = "user@example.org"
            endpoint = "smtp://localhost:${SMTP_PORT}?tls=required"
            secret = "${SMTP_SECRET}"

            """, "config.toml", in: directory)
        _ = try write("SMTP_SECRET=\"\(secretMarker)\"\n", ".env", in: directory)
        let result = try CommandRunner.run(
            ["probe", "--config", config, "--ca-file", try ProbeTestServers.certificate("ca.pem"), "--json"],
            environment: ["SMTP_PORT": "\(port)"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let json = try result.jsonObject()
        XCTAssertEqual(json["endpoint"] as? String, "smtp://localhost:\(port)?tls=required")
        XCTAssertEqual((json["auth"] as? [String: Any])?["used"] as? String, "PLAIN")
        result.assertNoSecret()
    }

    func testUnresolvedSecret() throws {
        let directory = try makeTemporaryDirectory(self)
        let config = try write(
            "[smtp]\nuser = \"u@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${MISSING_SECRET}\"\n",
            "config.toml", in: directory)
        let result = try CommandRunner.run(["probe", "--config", config])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains(
            "Diagnosis:   SECRET_UNRESOLVED: The secret refers to ${MISSING_SECRET}, which is set neither in the environment nor in \(directory.path)/.env."),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("  skipped connect              not run: SECRET_UNRESOLVED"), result.stderr)
    }

    func testNoSMTPSection() throws {
        let directory = try makeTemporaryDirectory(self)
        let config = try write("skip_user_verification = true\n", "config.toml", in: directory)
        let result = try CommandRunner.run(["probe", "--config", config, "--json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try result.diagnosisCode(), "CONFIG_INVALID")
    }

    func testMissingConfigAndBadTOML() throws {
        let directory = try makeTemporaryDirectory(self)
        let missing = try CommandRunner.run(["probe", "--config", directory.appendingPathComponent("nope.toml").path])
        XCTAssertEqual(missing.status, 74)
        let bad = try write("[smtp\nuser = 1\n", "config.toml", in: directory)
        let broken = try CommandRunner.run(["probe", "--config", bad])
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.stderr.contains("config.toml"), broken.stderr)
    }

    func testOptionsOverrideTheFileAndNoSecretSkipsAuth() throws {
        let port = try ProbeTestServers.smtp(self, mode: "plain")
        let directory = try makeTemporaryDirectory(self)
        let config = try write(
            "[smtp]\nuser = \"user@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${MISSING_SECRET}\"\n",
            "config.toml", in: directory)
        let result = try CommandRunner.run(
            ["probe", "--config", config, "--endpoint", "smtp://127.0.0.1:\(port)", "--no-secret", "--json"])
        XCTAssertEqual(result.status, 0, result.stdout)
        let stages = try XCTUnwrap(try result.jsonObject()["stages"] as? [[String: Any]])
        XCTAssertEqual(stages.first { $0["id"] as? String == "auth" }?["detail"] as? String, "no secret configured")
    }

    func testSecretEnvFromEnvFileInEndpointMode() throws {
        let port = try ProbeTestServers.smtp(self, mode: "plain")
        let directory = try makeTemporaryDirectory(self)
        let envFile = try write("export RELAY_SECRET=\"\(secretMarker)\"\n", "relay.env", in: directory)
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtp://127.0.0.1:\(port)", "--user", "user@example.org",
             "--secret-env", "RELAY_SECRET", "--env-file", envFile, "--json"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual((try result.jsonObject()["auth"] as? [String: Any])?["used"] as? String, "PLAIN")
        result.assertNoSecret()
    }

    func testUnresolvedSecretEnvWithoutConfigNamesOnlyTheEnvironment() throws {
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtp.example.org", "--user", "user@example.org", "--secret-env", "MISSING_SECRET"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains(
            "Diagnosis:   SECRET_UNRESOLVED: The secret refers to ${MISSING_SECRET}, which is not set in the environment (without --config or --env-file no .env file is read).\n"
            + "Hint:        Export MISSING_SECRET, or give --env-file PATH to read it from a .env file."), result.stderr)
        let discovery = try CommandRunner.run(["probe", "--discover", "localhost", "--secret-env", "MISSING_SECRET"])
        XCTAssertEqual(discovery.status, 1)
        XCTAssertTrue(discovery.stderr.contains(
            "error: The secret refers to ${MISSING_SECRET}, which is not set in the environment (without --config or --env-file no .env file is read)."),
            discovery.stderr)
    }

    /// What the server refuses to load ends the probe with CONFIG_INVALID before any connection (SPEC §1).
    func testConfigTheServerRefusesIsConfigInvalid() throws {
        let directory = try makeTemporaryDirectory(self)
        for (extra, message) in [
            ("port = 465\n", "[smtp] has the key \"port\", which the server rejects as unknown (it knows user, endpoint, secret, starttls)."),
            ("starttls = \"yes\"\n", "[smtp] starttls is not true or false; the server will refuse it."),
        ] {
            let config = try write(
                "[smtp]\nuser = \"u@example.org\"\nendpoint = \"smtp://127.0.0.1:1\"\n" + extra, "config.toml", in: directory)
            let result = try CommandRunner.run(["probe", "--config", config, "--json"])
            XCTAssertEqual(result.status, 1, result.stderr)
            let diagnosis = try XCTUnwrap(try result.jsonObject()["diagnosis"] as? [String: Any])
            XCTAssertEqual(diagnosis["code"] as? String, "CONFIG_INVALID")
            XCTAssertEqual(diagnosis["message"] as? String, message)
            let stages = try XCTUnwrap(try result.jsonObject()["stages"] as? [[String: Any]])
            XCTAssertEqual(Set(stages.compactMap { $0["status"] as? String }), ["skipped"])
            let show = try CommandRunner.run(["show", "--config", config])
            XCTAssertTrue(show.stderr.contains(message), show.stderr)
        }
    }

    /// Settings only under `[smtp_config]` (the server's relay integration page): the probe names that table and
    /// points at the repair, not at the wizard as for a file without any settings.
    func testSettingsOnlyUnderSMTPConfigNameTheTableAndTheRepair() throws {
        let directory = try makeTemporaryDirectory(self)
        let config = try write("[smtp_config]\nuser = \"u@example.org\"\nendpoint = \"smtp://127.0.0.1:1\"\n", "config.toml", in: directory)
        let result = try CommandRunner.run(["probe", "--config", config, "--json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let diagnosis = try XCTUnwrap(try result.jsonObject()["diagnosis"] as? [String: Any])
        XCTAssertEqual(diagnosis["code"] as? String, "CONFIG_INVALID")
        let message = try XCTUnwrap(diagnosis["message"] as? String)
        XCTAssertTrue(message.contains("[smtp_config]"), message)
        XCTAssertFalse(message.contains("has no [smtp] section"), message)
        XCTAssertTrue((diagnosis["hint"] as? String ?? "").contains("--repair"), "\(diagnosis)")
    }

    /// `user = 42` is reported as what it is: not a string (the server refuses it), not an empty user.
    func testUserOfTheWrongTypeIsNotAString() throws {
        let directory = try makeTemporaryDirectory(self)
        let config = try write("[smtp]\nuser = 42\nendpoint = \"smtp.example.org\"\n", "config.toml", in: directory)
        let result = try CommandRunner.run(["probe", "--config", config])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains(
            "Diagnosis:   CONFIG_INVALID: [smtp] user is not a string; the server will refuse it."), result.stderr)
        XCTAssertFalse(result.stderr.contains("empty"), result.stderr)
    }

    func testStarttlsFlagOnAURLEndpointIsWarned() throws {
        let port = try ProbeTestServers.smtp(self, mode: "plain")
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtp://127.0.0.1:\(port)", "--user", "user@example.org", "--starttls", "--json"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.stderr,
            "warning: --starttls has no effect on a smtp:// endpoint (the server ignores starttls there): add ?tls=required to the URL for STARTTLS.\n")
        XCTAssertEqual(try result.jsonObject()["security"] as? String, "none")
    }

    func testSMTPSURLIsWarned() throws {
        let port = try ProbeTestServers.smtp(self, mode: "smtps")
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtps://localhost:\(port)", "--user", "user@example.org",
             "--ca-file", try ProbeTestServers.certificate("ca.pem"), "--json"])
        XCTAssertEqual(result.status, 0, result.stdout)
        let warnings = try XCTUnwrap(try result.jsonObject()["warnings"] as? [[String: Any]])
        XCTAssertEqual(warnings.compactMap { $0["code"] as? String }, ["SMTPS_URL"])
    }
}
