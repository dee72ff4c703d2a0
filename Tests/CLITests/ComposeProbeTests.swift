import Foundation
import XCTest

/// `probe` in a docker compose deployment, against the real local test servers (SPEC §2, §11): the probe runs on
/// this machine, the server in its container, and the report says where the two differ.
final class ComposeProbeTests: XCTestCase {
    private var root: String!
    private var config: String { root + "/bomnipotent_config/config.toml" }

    override func setUpWithError() throws {
        root = try makeTemporaryDirectory(self).resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: root + "/bomnipotent_config", withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ text: String, mode: Int = 0o600) {
        XCTAssertTrue(FileManager.default.createFile(
            atPath: root + "/" + name, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
    }

    private func compose(passing variables: [String], extraServices: String = "") -> String {
        """
        services:
          bomnipotent_server:
            image: wwhsoft/bomnipotent_server:latest
            environment:
              RUST_LOG: info
        \(variables.map { "      \($0): ${\($0)}\n" }.joined())\
            volumes:
              - ./bomnipotent_config:/etc/bomnipotent_server/configs:ro
        \(extraServices)
        """
    }

    private func probe(_ extra: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
        let result = try CommandRunner.run(["probe", "--config", config, "--json", "--timeout", "5"] + extra, environment: environment)
        result.assertNoSecret()
        return result
    }

    private func warningCodes(_ result: CommandResult) throws -> [String] {
        try XCTUnwrap(result.jsonObject()["warnings"] as? [[String: String]]).compactMap { $0["code"] }
    }

    /// SMTP_SECRET is exported on this machine and the relay would accept it, but compose does not pass it into
    /// the container: SECRET_UNRESOLVED before any connection, with the compose line to add.
    func testSecretNotPassedEndsSecretUnresolvedWithTheLineToAdd() throws {
        let port = try ProbeTestServers.smtp(self, mode: "starttls", ["--require-auth"])
        write("compose.yaml", compose(passing: ["OTHER"]), mode: 0o644)
        write("bomnipotent_config/config.toml", """
            [smtp]
            user = "user@example.org"
            endpoint = "smtp://localhost:\(port)?tls=required"
            secret = "${SMTP_SECRET}"

            """, mode: 0o644)
        let result = try probe(["--ca-file", try ProbeTestServers.certificate("ca.pem")], environment: ["SMTP_SECRET": secretMarker])
        XCTAssertEqual(result.status, 1, result.stderr)
        let diagnosis = try XCTUnwrap(result.jsonObject()["diagnosis"] as? [String: Any])
        XCTAssertEqual(diagnosis["code"] as? String, "SECRET_UNRESOLVED")
        XCTAssertEqual(diagnosis["message"] as? String, "The secret refers to ${SMTP_SECRET}, but the compose service bomnipotent_server does not receive SMTP_SECRET (SECRET_NOT_PASSED), so the server in the container cannot resolve it.")
        XCTAssertEqual(diagnosis["hint"] as? String, "To pass it, add `SMTP_SECRET: ${SMTP_SECRET}` to \(root!)/compose.yaml under services › bomnipotent_server › environment, set SMTP_SECRET=… in \(root!)/.env if it is not there yet, then run `cd \(root!) && docker compose up -d`; this tool never edits the compose file.")
        let secret = try XCTUnwrap(result.jsonObject()["secret"] as? [String: Any])
        XCTAssertEqual(secret["source"] as? String, "env")
        XCTAssertTrue(secret["resolved_from"] is NSNull)
        XCTAssertEqual(try warningCodes(result), ["CONTAINER_NETWORK"])

        write("compose.yaml", compose(passing: ["SMTP_SECRET"]), mode: 0o644)
        write(".env", "SMTP_SECRET=\"\(secretMarker)\"\n")
        let passed = try probe(["--ca-file", try ProbeTestServers.certificate("ca.pem")])
        XCTAssertEqual(passed.status, 0, passed.stdout)
        XCTAssertEqual(try passed.diagnosisCode(), "OK")
        let passedSecret = try XCTUnwrap(passed.jsonObject()["secret"] as? [String: Any])
        XCTAssertEqual(passedSecret["resolved_from"] as? String, "environment", "compose passes it into the container's environment")
        XCTAssertEqual((try passed.jsonObject()["auth"] as? [String: Any])?["used"] as? String, "PLAIN")
    }

    /// localhost works from this machine, but in the container it is the container itself.
    func testLocalhostEndpointGetsContainerNetwork() throws {
        let port = try ProbeTestServers.smtp(self, mode: "plain")
        write("compose.yaml", compose(passing: []), mode: 0o644)
        write("bomnipotent_config/config.toml", "[smtp]\nuser = \"user@example.org\"\nendpoint = \"smtp://127.0.0.1:\(port)\"\n", mode: 0o644)
        let result = try probe()
        XCTAssertEqual(try result.diagnosisCode(), "OK", result.stdout)
        let warnings = try XCTUnwrap(result.jsonObject()["warnings"] as? [[String: String]])
        XCTAssertEqual(warnings, [[
            "code": "CONTAINER_NETWORK",
            "message": "The endpoint host 127.0.0.1 is the container itself for the server, which runs in the compose service bomnipotent_server (\(root!)/compose.yaml): a mail relay on this machine is not reachable there, and a probe from this machine says nothing about the container. Run the relay as a compose service and use its name (e.g. smtp://smtp_relay:2500), or the host's address as the container sees it.",
        ]])
        let text = try CommandRunner.run(["probe", "--config", config, "--timeout", "5"])
        XCTAssertTrue(text.stderr.contains("CONTAINER_NETWORK: The endpoint host 127.0.0.1 is the container itself"), text.stderr)
        let standalone = try probe(["--no-compose"])
        XCTAssertEqual(try warningCodes(standalone), [])
    }

    /// `smtp://smtp_relay:2500`, as the server's relay page shows: a DNS failure here, explained as the compose network.
    func testComposeServiceNameIsExplainedNotCalledAWrongHost() throws {
        write("compose.yaml", compose(passing: [], extraServices: "  smtp_relay:\n    image: example/postfix-relay\n"), mode: 0o644)
        write("bomnipotent_config/config.toml", "[smtp]\nuser = \"user@example.org\"\nendpoint = \"smtp://smtp_relay:2500\"\n", mode: 0o644)
        let show = try CommandRunner.run(["show", "--config", config, "--json"])
        XCTAssertEqual(try XCTUnwrap(show.jsonObject()["warnings"] as? [[String: String]]).compactMap { $0["code"] }, ["CONTAINER_NETWORK"])
        let result = try probe()
        XCTAssertEqual(result.status, 1)
        let diagnosis = try XCTUnwrap(result.jsonObject()["diagnosis"] as? [String: Any])
        XCTAssertEqual(diagnosis["code"] as? String, "DNS_FAILED")
        XCTAssertEqual(diagnosis["message"] as? String, "smtp_relay resolves only inside the compose network of \(root!)/compose.yaml, where it is the service smtp_relay: this machine, where the probe runs, cannot resolve it. That is not a wrong host.")
        XCTAssertEqual(diagnosis["hint"] as? String, "The server in bomnipotent_server reaches smtp_relay by that name. To test the relay from here, probe the port it publishes on this machine: --endpoint smtp://localhost:PORT.")
        XCTAssertEqual(try warningCodes(result), ["CONTAINER_NETWORK"])
    }
}
