import Foundation
import XCTest

final class ShowCommandTests: XCTestCase {
    private var directory: URL!
    private var config: String { directory.appendingPathComponent("config.toml").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    private func json(_ arguments: [String], environment: [String: String] = [:]) throws -> [String: Any] {
        let result = try CommandRunner.run(["show", "--config", config, "--json"] + arguments, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains(secretMarker))
        XCTAssertFalse(result.stderr.contains(secretMarker))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    }

    func testJSONFieldByField() throws {
        try write("config.toml", "skip_user_verification = false\n[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\nstarttls = true\n")
        let object = try json([], environment: ["SMTP_SECRET": secretMarker])
        XCTAssertEqual(object["config"] as? String, config)
        XCTAssertEqual(object["layout"] as? String, "legacy")
        XCTAssertEqual(object["skip_verification"] as? Bool, false)
        let smtp = try XCTUnwrap(object["smtp"] as? [String: Any])
        XCTAssertEqual(smtp["user"] as? String, "you@example.org")
        XCTAssertEqual(smtp["endpoint"] as? String, "smtp.example.org")
        XCTAssertEqual(smtp["starttls"] as? Bool, true)
        let secret = try XCTUnwrap(smtp["secret"] as? [String: Any])
        XCTAssertEqual(secret["source"] as? String, "env")
        XCTAssertEqual(secret["variable"] as? String, "SMTP_SECRET")
        XCTAssertEqual(secret["resolved"] as? Bool, true)
        XCTAssertEqual(secret["resolved_from"] as? String, "environment")
        let plan = try XCTUnwrap(object["plan"] as? [String: Any])
        XCTAssertEqual(plan["host"] as? String, "smtp.example.org")
        XCTAssertEqual(plan["port"] as? Int, 587)
        XCTAssertEqual(plan["security"] as? String, "starttls")
        XCTAssertEqual(plan["url"] as? Bool, false)
        XCTAssertEqual((object["warnings"] as? [Any])?.count, 0)
        XCTAssertEqual(Set(object.keys), ["config", "layout", "skip_verification", "smtp", "plan", "deployment", "warnings"])
    }

    func testJSONKeyOrderMatchesSpec() throws {
        try write("config.toml", "[smtp]\nuser = \"u@example.org\"\nendpoint = \"smtp://localhost:2500\"\n")
        let result = try CommandRunner.run(["show", "--config", config, "--json"])
        XCTAssertEqual(result.stdout, """
            {"config": "\(config)", "layout": null, "skip_verification": null, \
            "smtp": {"user": "u@example.org", "endpoint": "smtp://localhost:2500", "starttls": false, \
            "secret": {"source": "none", "variable": null, "resolved": false, "resolved_from": null}}, \
            "plan": {"host": "localhost", "port": 2500, "security": "none", "url": true}, \
            "deployment": {"kind": "standalone", "compose_file": null, "service": null, "env_file": "\(directory.path)/.env"}, \
            "warnings": []}

            """)
    }

    func testSecretFromDotenvUnresolvedAndInline() throws {
        try write("config.toml", "[user]\nskip_verification = true\n[smtp]\nuser = \"u@example.org\"\nendpoint = \"smtps://m.example.org\"\nsecret = \"${SMTP_SECRET}\"\n")
        try write(".env", "SMTP_SECRET=\"\(secretMarker)\"\n")
        var object = try json([])
        XCTAssertEqual(object["layout"] as? String, "current")
        XCTAssertEqual(object["skip_verification"] as? Bool, true)
        var secret = try XCTUnwrap((object["smtp"] as? [String: Any])?["secret"] as? [String: Any])
        XCTAssertEqual(secret["resolved_from"] as? String, "dotenv")
        let warnings = try XCTUnwrap(object["warnings"] as? [[String: String]])
        XCTAssertEqual(warnings.map { $0["code"] }, ["SMTPS_URL", "ENV_FILE_READABLE"])
        XCTAssertEqual(warnings.last?["message"], "\(directory.path)/.env is readable by group or others (mode 644): run chmod 600 \(directory.path)/.env.")
        let plan = try XCTUnwrap(object["plan"] as? [String: Any])
        XCTAssertEqual(plan["security"] as? String, "smtps")
        XCTAssertEqual(plan["port"] as? Int, 465)
        XCTAssertEqual(plan["url"] as? Bool, true)

        try write(".env", "OTHER=1\n")
        object = try json([])
        secret = try XCTUnwrap((object["smtp"] as? [String: Any])?["secret"] as? [String: Any])
        XCTAssertEqual(secret["resolved"] as? Bool, false)
        XCTAssertTrue(secret["resolved_from"] is NSNull)
        XCTAssertEqual((object["warnings"] as? [[String: String]])?.map { $0["code"] }, ["SMTPS_URL", "SECRET_UNRESOLVED"])
        XCTAssertEqual(
            (object["warnings"] as? [[String: String]])?.last?["message"],
            "The secret refers to ${SMTP_SECRET}, which is set neither in the environment nor in \(directory.path)/.env.",
            "the same wording as probe's SECRET_UNRESOLVED diagnosis")

        try write("config.toml", "[smtp]\nuser = \"u@example.org\"\nendpoint = \"m.example.org\"\nsecret = \"\(secretMarker)\"\n")
        object = try json([])
        secret = try XCTUnwrap((object["smtp"] as? [String: Any])?["secret"] as? [String: Any])
        XCTAssertEqual(secret["source"] as? String, "inline")
        XCTAssertTrue(secret["variable"] is NSNull)
        XCTAssertEqual((object["warnings"] as? [[String: String]])?.map { $0["code"] }, ["INLINE_SECRET", "CONFIG_READABLE"])
        let text = try CommandRunner.run(["show", "--config", config])
        XCTAssertEqual(text.stdout, "")
        XCTAssertFalse(text.stderr.contains(secretMarker))
        XCTAssertTrue(text.stderr.contains("  secret:    inline in config.toml (value not shown)"), text.stderr)
    }

    /// SPEC §5: a `.env` that holds the secret gets the same warnings from `show` as from `apply`.
    func testEnvFileWarningsWhenTheSecretComesFromIt() throws {
        try write("config.toml", "[smtp]\nuser = \"u@example.org\"\nendpoint = \"m.example.org\"\nsecret = \"${SMTP_SECRET}\"\n")
        try write(".env", "SMTP_SECRET=\"\(secretMarker)\"\n")
        XCTAssertEqual(chmod(directory.appendingPathComponent(".env").path, 0o600), 0)
        let git = try CommandRunner.run(["git", "init", "-q", directory.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        try XCTSkipUnless(git.status == 0, "git is not installed")
        var warnings = try XCTUnwrap(try json([])["warnings"] as? [[String: String]])
        XCTAssertEqual(warnings, [[
            "code": "ENV_NOT_IGNORED",
            "message": "\(directory.path)/.env is inside a git work tree and not ignored: add .env to .gitignore so the secret is never committed.",
        ]])
        try write(".gitignore", ".env\n")
        warnings = try XCTUnwrap(try json([])["warnings"] as? [[String: String]])
        XCTAssertEqual(warnings, [])
        let fromEnvironment = try json([], environment: ["SMTP_SECRET": secretMarker])
        XCTAssertEqual((fromEnvironment["warnings"] as? [Any])?.count, 0)
    }

    /// SPEC §5: a `${VAR}` secret holding a quote, backslash or control character is warned about, never shown.
    func testSecretThatBreaksTOMLIsWarned() throws {
        try write("config.toml", "[smtp]\nuser = \"u@example.org\"\nendpoint = \"m.example.org\"\nsecret = \"${SMTP_SECRET}\"\n")
        for value in [secretMarker + "\"", secretMarker + "\\", secretMarker + "\u{7}"] {
            let object = try json([], environment: ["SMTP_SECRET": value])
            XCTAssertEqual(object["warnings"] as? [[String: String]], [[
                "code": "SECRET_BREAKS_TOML",
                "message": "The value of SMTP_SECRET contains a quote, backslash or control character: the server pastes variables into the file text, so it may break the TOML string.",
            ]])
        }
        XCTAssertEqual((try json([], environment: ["SMTP_SECRET": secretMarker])["warnings"] as? [Any])?.count, 0)
    }

    func testNoSMTPSection() throws {
        try write("config.toml", "domain = \"d\"\n")
        let object = try json([])
        XCTAssertTrue(object["smtp"] is NSNull)
        XCTAssertTrue(object["plan"] is NSNull)
        XCTAssertTrue(object["skip_verification"] is NSNull)
        XCTAssertEqual((object["warnings"] as? [[String: String]])?.map { $0["code"] }, ["NO_SMTP_NO_SKIP"])
    }

    func testTextReport() throws {
        try write("config.toml", "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n")
        let result = try CommandRunner.run(["show", "--config", config], environment: ["SMTP_SECRET": secretMarker])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "", "the text report is a human message: standard error only")
        XCTAssertEqual(result.stderr, """
            Config:     \(config)
            Deployment: standalone (no docker compose service runs the server for this config)
            Layout:     unknown: neither the file nor the deployment shows the server version; choose --schema legacy (server before 0.7, the layout the server's SMTP settings page shows) or --schema current (server 0.7 and later)
            Skip flag:  not set
            SMTP:
              user:      you@example.org
              endpoint:  smtp.example.org
              starttls:  not set (false)
              connects:  smtp.example.org:465, SMTPS (TLS from the first byte), as a relay
              secret:    ${SMTP_SECRET}, set in the environment

            """)
    }

    func testVariablesInUserAndEndpointAreSubstitutedLikeTheServerDoes() throws {
        try write("config.toml", "[smtp]\nuser = \"${SMTP_USER}\"\nendpoint = \"${SMTP_HOST}\"\nstarttls = true\n")
        try write(".env", "SMTP_HOST=smtp.example.org\n")
        let object = try json([], environment: ["SMTP_USER": "you@example.org"])
        XCTAssertEqual((object["smtp"] as? [String: Any])?["endpoint"] as? String, "${SMTP_HOST}", "JSON keeps the value as written")
        let plan = try XCTUnwrap(object["plan"] as? [String: Any])
        XCTAssertEqual(plan["host"] as? String, "smtp.example.org")
        XCTAssertEqual(plan["port"] as? Int, 587)
        XCTAssertEqual((object["warnings"] as? [[String: String]])?.map { $0["code"] }, [])
        let text = try CommandRunner.run(["show", "--config", config], environment: ["SMTP_USER": "you@example.org"])
        XCTAssertTrue(text.stderr.contains("""
              user:      ${SMTP_USER} = you@example.org
              endpoint:  ${SMTP_HOST} = smtp.example.org
              starttls:  true
              connects:  smtp.example.org:587, STARTTLS (required), as a relay

            """), text.stderr)
    }

    func testPasswordInAnEndpointURLIsNeverShown() throws {
        try write("config.toml", "[smtp]\nuser = \"you@example.org\"\nendpoint = \"smtp://you:${RELAY_PW}@localhost:2500\"\n")
        let object = try json([], environment: ["RELAY_PW": secretMarker])
        XCTAssertEqual((object["smtp"] as? [String: Any])?["endpoint"] as? String, "smtp://***@localhost:2500")
        XCTAssertEqual((object["warnings"] as? [[String: String]])?.map { $0["code"] }, ["ENDPOINT_INVALID"])
        let text = try CommandRunner.run(["show", "--config", config], environment: ["RELAY_PW": secretMarker])
        XCTAssertTrue(text.stderr.contains("  endpoint:  smtp://***@localhost:2500\n"), text.stderr)
        text.assertNoSecret()
        for arguments in [["probe", "--config", config], ["probe", "--config", config, "--json"]] {
            let probe = try CommandRunner.run(arguments, environment: ["RELAY_PW": secretMarker])
            XCTAssertEqual(probe.status, 1)
            if arguments.contains("--json") { XCTAssertEqual(try probe.diagnosisCode(), "CONFIG_INVALID") }
            XCTAssertTrue((probe.stdout + probe.stderr).contains("smtp://***@localhost:2500"), probe.stdout + probe.stderr)
            probe.assertNoSecret()
        }
    }

    func testMissingAndBrokenFiles() throws {
        let missing = try CommandRunner.run(["show", "--config", config])
        XCTAssertEqual(missing.status, 74)
        XCTAssertTrue(missing.stderr.contains("\(config) does not exist"), missing.stderr)
        try write("config.toml", "[smtp\n")
        let broken = try CommandRunner.run(["show", "--config", config, "--json"])
        XCTAssertEqual(broken.status, 65)
        XCTAssertEqual(broken.stdout, "")
        try write("config.toml", "")
        try write(".env", "not valid\n")
        let badEnv = try CommandRunner.run(["show", "--config", config])
        XCTAssertEqual(badEnv.status, 65)
        XCTAssertTrue(badEnv.stderr.contains(".env: line 1: expected NAME=value"), badEnv.stderr)
    }
}
