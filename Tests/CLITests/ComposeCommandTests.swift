import Foundation
import XCTest

/// A docker compose project written by the test (no Docker needed): `compose.yaml` beside a `.env` and
/// `bomnipotent_config/config.toml`, as on the server's Docker Compose page (SPEC §11).
private struct ComposeProjectFixture {
    let root: String
    var configDirectory: String { root + "/bomnipotent_config" }
    var config: String { configDirectory + "/config.toml" }
    var projectEnv: String { root + "/.env" }

    init(_ test: XCTestCase, compose: String, config: String, projectEnv: String? = nil) throws {
        root = try makeTemporaryDirectory(test).resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: root + "/bomnipotent_config", withIntermediateDirectories: true)
        try write("compose.yaml", compose)
        try write("bomnipotent_config/config.toml", config)
        if let projectEnv { try write(".env", projectEnv, mode: 0o600) }
    }

    func write(_ name: String, _ text: String, mode: Int = 0o644) throws {
        XCTAssertTrue(FileManager.default.createFile(
            atPath: root + "/" + name, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
    }

    func read(_ name: String) throws -> String {
        try String(decoding: Data(contentsOf: URL(fileURLWithPath: root + "/" + name)), as: UTF8.self)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + name) }

    func mode(_ name: String) throws -> Int? {
        try (FileManager.default.attributesOfItem(atPath: root + "/" + name)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// Runs the tool with `arguments` after the command and `--config`; the secret marker must appear in no output.
    func run(
        _ command: String, _ arguments: [String] = [], stdin: String = "", environment: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> CommandResult {
        let result = try CommandRunner.run([command, "--config", config] + arguments, stdin: stdin, environment: environment)
        result.assertNoSecret(file: file, line: line)
        return result
    }

    /// `show --json`'s warnings as (code, message) pairs.
    func showWarnings(environment: [String: String] = [:]) throws -> [[String: String]] {
        let result = try run("show", ["--json"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(result.jsonObject()["warnings"] as? [[String: String]])
    }
}

/// The compose file of the server's Docker Compose page, reduced to what matters here.
private func documentedCompose(image: String = "wwhsoft/bomnipotent_server:latest", passesSecret: Bool = true,
                               volume: String = "./bomnipotent_config:/etc/bomnipotent_server/configs:ro",
                               extraServices: String = "") -> String {
    """
    services:
      bomnipotent_db:
        image: postgres:17
        environment:
          POSTGRES_PASSWORD: ${BOMNIPOTENT_DB_PW}
      bomnipotent_server:
        image: \(image)
        container_name: bomnipotent_server
        depends_on:
          - bomnipotent_db
        environment:
          BOMNIPOTENT_DB_PW: ${BOMNIPOTENT_DB_PW}
    \(passesSecret ? "      SMTP_SECRET: ${SMTP_SECRET}\n" : "")\
        volumes:
          - \(volume)
        ports:
          - 443:8443
    \(extraServices)
    """
}

private let smtpWithSecret = """
    # The secret to authenticate against the mail provider
    [smtp]
    user = "me@example.org"
    endpoint = "smtp.example.org"
    secret = "${SMTP_SECRET}"

    """

final class ComposeCommandTests: XCTestCase {
    // MARK: show

    func testShowJSONDeploymentObjectForTheDocumentedLayout() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(), config: smtpWithSecret, projectEnv: "BOMNIPOTENT_DB_PW=db\nSMTP_SECRET=\"\(secretMarker)\"\n")
        let result = try project.run("show", ["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("""
            "deployment": {"kind": "compose", "compose_file": "\(project.root)/compose.yaml", \
            "service": {"name": "bomnipotent_server", "image": "wwhsoft/bomnipotent_server:latest", "tag": "latest", \
            "server_layout": "current", "config_bind": {"host": "\(project.configDirectory)", \
            "container": "/etc/bomnipotent_server/configs", "directory": true, "read_only": true}}, \
            "env_file": "\(project.root)/.env"}
            """), result.stdout)
        let object = try result.jsonObject()
        XCTAssertEqual(object["layout"] as? String, "current")
        let secret = try XCTUnwrap((object["smtp"] as? [String: Any])?["secret"] as? [String: Any])
        XCTAssertEqual(secret["resolved"] as? Bool, true)
        XCTAssertEqual(secret["resolved_from"] as? String, "environment")
        XCTAssertEqual((object["warnings"] as? [Any])?.count, 0, result.stdout)
    }

    func testShowTextNamesComposeFileServiceImageAndBind() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(), config: smtpWithSecret, projectEnv: "SMTP_SECRET=\"\(secretMarker)\"\n")
        let result = try project.run("show")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, """
            Config:     \(project.config)
            Deployment: docker compose, service bomnipotent_server in \(project.root)/compose.yaml
              image:     wwhsoft/bomnipotent_server:latest (tag latest: the newest release, current layout)
              config:    \(project.configDirectory) -> /etc/bomnipotent_server/configs (directory bind, read-only)
              new secrets go to: \(project.root)/.env
            Layout:     current (the compose service runs wwhsoft/bomnipotent_server:latest, the newest release (0.7 or later))
            Skip flag:  [user] skip_verification not set
            SMTP:
              user:      me@example.org
              endpoint:  smtp.example.org
              starttls:  not set (false)
              connects:  smtp.example.org:465, SMTPS (TLS from the first byte), as a relay
              secret:    ${SMTP_SECRET}, set in the container's environment by compose (service bomnipotent_server)

            """)
    }

    func testStandaloneAndNoComposeJSON() throws {
        let project = try ComposeProjectFixture(self, compose: documentedCompose(), config: smtpWithSecret)
        let ignored = try project.run("show", ["--json", "--no-compose"])
        XCTAssertEqual(ignored.status, 0, ignored.stderr)
        XCTAssertTrue(ignored.stdout.contains("""
            "deployment": {"kind": "standalone", "compose_file": null, "service": null, "env_file": "\(project.configDirectory)/.env"}
            """), ignored.stdout)
        XCTAssertTrue(try ignored.jsonObject()["layout"] is NSNull, "no image tag without compose: the layout is unknown")
    }

    func testComposeFileWithoutTheServerService() throws {
        let project = try ComposeProjectFixture(self, compose: "services:\n  web:\n    image: nginx\n", config: smtpWithSecret)
        let result = try project.run("show", ["--json"])
        XCTAssertTrue(result.stdout.contains("""
            "deployment": {"kind": "compose_without_server", "compose_file": "\(project.root)/compose.yaml", "service": null, \
            "env_file": "\(project.configDirectory)/.env"}
            """), result.stdout)
    }

    func testEnvFileEntryPassesTheSecret() throws {
        let compose = """
            services:
              server:
                image: wwhsoft/bomnipotent_server:0.7.1
                env_file: ./smtp.env
                volumes:
                  - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro

            """
        let project = try ComposeProjectFixture(self, compose: compose, config: smtpWithSecret)
        try project.write("smtp.env", "SMTP_SECRET=\"\(secretMarker)\"\n", mode: 0o600)
        let result = try project.run("show", ["--json"])
        let object = try result.jsonObject()
        let secret = try XCTUnwrap((object["smtp"] as? [String: Any])?["secret"] as? [String: Any])
        XCTAssertEqual(secret["resolved"] as? Bool, true)
        XCTAssertEqual(secret["resolved_from"] as? String, "environment")
        XCTAssertEqual((object["warnings"] as? [Any])?.count, 0, result.stdout)
        XCTAssertEqual(object["layout"] as? String, "current")
    }

    /// The variable is set on this machine, but compose does not pass it: the container never sees it.
    func testSecretNotPassedInShow() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(passesSecret: false), config: smtpWithSecret, projectEnv: "SMTP_SECRET=x\n")
        let warnings = try project.showWarnings(environment: ["SMTP_SECRET": secretMarker])
        XCTAssertEqual(warnings, [[
            "code": "SECRET_NOT_PASSED",
            "message": "The secret refers to ${SMTP_SECRET}, but the compose service bomnipotent_server (\(project.root)/compose.yaml) does not receive SMTP_SECRET, so the server in the container cannot resolve it: add `SMTP_SECRET: ${SMTP_SECRET}` to \(project.root)/compose.yaml under services › bomnipotent_server › environment, set SMTP_SECRET=… in \(project.root)/.env if it is not there yet, then run `cd \(project.root) && docker compose up -d`; this tool never edits the compose file.",
        ]])
        XCTAssertEqual(try project.read("compose.yaml"), documentedCompose(passesSecret: false), "compose.yaml is never edited")
    }

    func testConfigDirectoryDotenvOverriddenByCompose() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(), config: smtpWithSecret, projectEnv: "SMTP_SECRET=\"\(secretMarker)\"\n")
        try project.write("bomnipotent_config/.env", "SMTP_SECRET=\"\(secretMarker)-old\"\n", mode: 0o600)
        XCTAssertEqual(try project.showWarnings(), [[
            "code": "ENV_OVERRIDES_DOTENV",
            "message": "\(project.configDirectory)/.env sets SMTP_SECRET, but the compose service bomnipotent_server (\(project.root)/compose.yaml) receives SMTP_SECRET from compose, and the container's environment wins: the server does not use the value in \(project.configDirectory)/.env. Keep the secret in \(project.root)/.env.",
        ]])
    }

    /// The `.env` checks look at the file the container's secret comes from.
    func testDotenvChecksFollowWhereTheContainerReadsTheSecret() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(passesSecret: false), config: smtpWithSecret, projectEnv: "OTHER=1\n")
        try project.write("bomnipotent_config/.env", "SMTP_SECRET=\"\(secretMarker)\"\n", mode: 0o644)
        XCTAssertEqual(try project.showWarnings(), [[
            "code": "ENV_FILE_READABLE",
            "message": "\(project.configDirectory)/.env is readable by group or others (mode 644): run chmod 600 \(project.configDirectory)/.env.",
        ]])
        let viaCompose = try ComposeProjectFixture(
            self, compose: documentedCompose(), config: smtpWithSecret, projectEnv: "SMTP_SECRET=\"\(secretMarker)\"\n")
        XCTAssertEqual(chmod(viaCompose.projectEnv, 0o640), 0)
        XCTAssertEqual(try viaCompose.showWarnings().map { $0["message"] }, [
            "\(viaCompose.root)/.env is readable by group or others (mode 640): run chmod 600 \(viaCompose.root)/.env.",
        ])
    }

    func testSingleFileBind() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(volume: "./bomnipotent_config/config.toml:/etc/bomnipotent_server/configs/config.toml:ro"),
            config: smtpWithSecret)
        try project.write("bomnipotent_config/.env", "SMTP_SECRET=\"\(secretMarker)\"\n", mode: 0o600)
        let warnings = try project.showWarnings()
        XCTAssertEqual(warnings.map { $0["code"] }, ["SECRET_UNRESOLVED", "SINGLE_FILE_BIND"], "\(warnings)")
        XCTAssertEqual(warnings.last?["message"], """
            The compose service bomnipotent_server (\(project.root)/compose.yaml) binds the single file config.toml \
            (to /etc/bomnipotent_server/configs/config.toml), not its directory: the server does not see a changed config.toml \
            until the container is recreated (a file replaced by rename stays the old one inside the container), nor the .env \
            beside it; bind the directory instead, e.g. `\(project.configDirectory):/etc/bomnipotent_server/configs:ro`.
            """)
        let json = try project.run("show", ["--json"])
        XCTAssertTrue(json.stdout.contains("""
            "config_bind": {"host": "\(project.config)", "container": "/etc/bomnipotent_server/configs/config.toml", \
            "directory": false, "read_only": true}
            """), json.stdout)

        let apply = try project.run("apply", ["--user", "you@example.org", "--endpoint", "smtp.example.org", "--no-backup"])
        XCTAssertEqual(apply.status, 0, apply.stderr)
        XCTAssertTrue(apply.stderr.contains("warning: SINGLE_FILE_BIND: "), apply.stderr)
        XCTAssertTrue(apply.stderr.hasSuffix("""
            config.toml is bound as a single file, so the container still sees the old one: recreate it.
              cd \(project.root) && docker compose up -d --force-recreate bomnipotent_server
            Then check delivery: bomnipotent_client test-email <address>   (client 1.1.0 or later)

            """), apply.stderr)
    }

    // MARK: layout from the image tag

    func testPinnedLegacyImageDecidesTheLayout() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(image: "wwhsoft/bomnipotent_server:0.6.3"), config: "domain = \"d\"\n")
        let show = try project.run("show", ["--json"])
        XCTAssertEqual(try show.jsonObject()["layout"] as? String, "legacy")
        XCTAssertTrue(show.stdout.contains("\"tag\": \"0.6.3\", \"server_layout\": \"legacy\""), show.stdout)
        let apply = try project.run("apply", ["--skip-verification", "--no-backup"])
        XCTAssertEqual(apply.status, 0, apply.stderr)
        XCTAssertTrue(apply.stderr.contains(
            "Layout: legacy (the compose service runs wwhsoft/bomnipotent_server:0.6.3, a server before 0.7)."), apply.stderr)
        XCTAssertEqual(try project.read("bomnipotent_config/config.toml"), "domain = \"d\"\nskip_user_verification = true\n")
    }

    func testLatestImageWritesTheCurrentLayout() throws {
        let project = try ComposeProjectFixture(self, compose: documentedCompose(), config: "domain = \"d\"\n")
        let apply = try project.run("apply", ["--skip-verification", "--no-backup"])
        XCTAssertEqual(apply.status, 0, apply.stderr)
        XCTAssertEqual(try project.read("bomnipotent_config/config.toml"), "domain = \"d\"\n\n[user]\nskip_verification = true\n")
    }

    func testSkipFlagLayoutMismatch() throws {
        let legacyFlagBesideLatest = try ComposeProjectFixture(
            self, compose: documentedCompose(), config: "skip_user_verification = true\n")
        XCTAssertEqual(try legacyFlagBesideLatest.showWarnings(), [[
            "code": "SKIP_FLAG_LAYOUT_MISMATCH",
            "message": "The file has skip_user_verification (the legacy layout), but the compose service runs wwhsoft/bomnipotent_server:latest, the newest release (0.7 or later), which reads only [user] skip_verification and rejects the top-level key as unknown: move it to [user] skip_verification (`bomnipotent-smtp wizard` and `apply --repair` offer this).",
        ]])
        let currentFlagBesideOld = try ComposeProjectFixture(
            self, compose: documentedCompose(image: "wwhsoft/bomnipotent_server:0.6.1"), config: "[user]\nskip_verification = true\n")
        XCTAssertEqual(try currentFlagBesideOld.showWarnings().map { $0["code"] }, ["SKIP_FLAG_LAYOUT_MISMATCH"])
    }

    // MARK: apply

    /// The same secret written again into the project `.env` changes only config.toml: the server reloads it,
    /// no container to recreate.
    func testApplyWithTheSecretAlreadyInTheProjectDotenvNeedsNoRecreate() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(),
            config: "[smtp]\nuser = \"old@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n",
            projectEnv: "SMTP_SECRET=\"\(secretMarker)\"\n")
        let result = try project.run(
            "apply", ["--user", "me@example.org", "--endpoint", "smtp.example.org", "--secret-dotenv", "SMTP_SECRET", "--no-backup"],
            stdin: secretMarker + "\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try project.read(".env"), "SMTP_SECRET=\"\(secretMarker)\"\n")
        XCTAssertFalse(result.stderr.contains(secretMarker), result.stderr)
        XCTAssertFalse(result.stderr.contains("Wrote \(project.root)/.env."), result.stderr)
        XCTAssertFalse(result.stderr.contains("docker compose up -d"), result.stderr)
        XCTAssertTrue(result.stderr.contains("The server reloads a changed config.toml by itself; nothing to restart."), result.stderr)
    }

    /// The documented layout: a new secret goes to the project `.env` (created 0600), which compose passes on.
    func testApplySecretDotenvWritesTheProjectDotenv() throws {
        let project = try ComposeProjectFixture(self, compose: documentedCompose(), config: "domain = \"d\"\n")
        let result = try project.run(
            "apply", ["--user", "me@example.org", "--endpoint", "smtp.example.org", "--secret-dotenv", "SMTP_SECRET", "--no-backup"],
            stdin: secretMarker + "\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try project.read(".env"), "SMTP_SECRET=\"\(secretMarker)\"\n")
        XCTAssertEqual(try project.mode(".env"), 0o600)
        XCTAssertFalse(project.exists("bomnipotent_config/.env"), "the container's environment would win over it")
        XCTAssertFalse(result.stderr.contains("warning:"), result.stderr)
        XCTAssertEqual(result.stderr, """
            Wrote \(project.config).
            Wrote \(project.root)/.env.
            Test the settings: bomnipotent-smtp probe --config \(project.config)
            Compose passes the project .env into the container when it creates it: recreate it.
              cd \(project.root) && docker compose up -d
            Then check delivery: bomnipotent_client test-email <address>   (client 1.1.0 or later)

            """)
    }

    func testApplyWarnsWhenTheNewVariableIsNotPassed() throws {
        let project = try ComposeProjectFixture(self, compose: documentedCompose(passesSecret: false), config: "domain = \"d\"\n")
        let result = try project.run(
            "apply", ["--user", "me@example.org", "--endpoint", "smtp.example.org", "--secret-dotenv", "MAIL_KEY", "--dry-run"],
            stdin: secretMarker + "\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("+++ b\(project.root)/.env"), result.stdout)
        XCTAssertTrue(result.stderr.contains(
            "warning: SECRET_NOT_PASSED: The secret refers to ${MAIL_KEY}, but the compose service bomnipotent_server (\(project.root)/compose.yaml) does not receive MAIL_KEY, so the server in the container cannot resolve it: add `MAIL_KEY: ${MAIL_KEY}` to \(project.root)/compose.yaml under services › bomnipotent_server › environment,"),
            result.stderr)
        XCTAssertEqual(try project.read("compose.yaml"), documentedCompose(passesSecret: false))
        XCTAssertFalse(project.exists(".env"))
    }

    func testApplyWarnsAboutTheContainerNetwork() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(extraServices: "  smtp_relay:\n    image: example/relay\n"), config: "domain = \"d\"\n")
        for (endpoint, host) in [("smtp://smtp_relay:2500", "smtp_relay"), ("smtp://localhost:2500", "localhost")] {
            let result = try project.run("apply", ["--user", "me@example.org", "--endpoint", endpoint, "--dry-run"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stderr.contains("warning: CONTAINER_NETWORK: The endpoint host \(host) "), result.stderr)
        }
        let relay = try project.run("apply", ["--user", "me@example.org", "--endpoint", "smtp.example.org", "--dry-run"])
        XCTAssertFalse(relay.stderr.contains("CONTAINER_NETWORK"), relay.stderr)
    }

    /// Writing the secret beside config.toml while compose passes the same variable: the container's value wins.
    func testApplyIntoTheConfigDirectoryDotenvIsReportedAsOverridden() throws {
        let project = try ComposeProjectFixture(
            self, compose: documentedCompose(), config: "domain = \"d\"\n", projectEnv: "SMTP_SECRET=\"\(secretMarker)-project\"\n")
        let result = try project.run(
            "apply", ["--user", "me@example.org", "--endpoint", "smtp.example.org", "--secret-dotenv", "SMTP_SECRET",
                      "--env-file", project.configDirectory + "/.env", "--dry-run"],
            stdin: secretMarker + "\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains(
            "warning: ENV_OVERRIDES_DOTENV: \(project.configDirectory)/.env sets SMTP_SECRET, but the compose service bomnipotent_server"),
            result.stderr)
    }

    func testUnknownLayoutWithoutComposeStopsWith64() throws {
        let project = try ComposeProjectFixture(self, compose: documentedCompose(), config: "domain = \"d\"\n")
        let result = try project.run("apply", ["--skip-verification", "--no-compose"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("--schema legacy (server before 0.7"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--schema current (server 0.7 and later"), result.stderr)
        XCTAssertEqual(try project.read("bomnipotent_config/config.toml"), "domain = \"d\"\n")
    }

    // MARK: options

    func testComposeOptions() throws {
        let project = try ComposeProjectFixture(self, compose: "services: [\n", config: smtpWithSecret)
        let broken = try project.run("show")
        XCTAssertEqual(broken.status, 65, broken.stderr)
        XCTAssertTrue(broken.stderr.hasPrefix("error: \(project.root)/compose.yaml: "), broken.stderr)
        XCTAssertEqual(try project.run("show", ["--no-compose"]).status, 0)
        let both = try project.run("show", ["--compose", project.root + "/compose.yaml", "--no-compose"])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.hasPrefix("error: --compose and --no-compose exclude each other.\n"), both.stderr)
        for command in ["probe", "apply", "wizard"] {
            let conflict = try CommandRunner.run([command, "--config", project.config, "--compose", "x.yaml", "--no-compose"])
            XCTAssertEqual(conflict.status, 64, "\(command): \(conflict.stderr)")
        }
        let elsewhere = try makeTemporaryDirectory(self).resolvingSymlinksInPath().path
        let named = elsewhere + "/prod.yaml"
        try Data(documentedCompose(volume: "\(project.configDirectory):/etc/bomnipotent_server/configs:ro").utf8)
            .write(to: URL(fileURLWithPath: named))
        let chosen = try project.run("show", ["--json", "--compose", named])
        XCTAssertEqual(chosen.status, 0, chosen.stderr)
        XCTAssertTrue(chosen.stdout.contains("\"compose_file\": \"\(named)\""), chosen.stdout)
        XCTAssertTrue(chosen.stdout.contains("\"env_file\": \"\(elsewhere)/.env\""), chosen.stdout)
        let missing = try project.run("show", ["--compose", elsewhere + "/none.yaml"])
        XCTAssertEqual(missing.status, 74, missing.stderr)
    }
}
