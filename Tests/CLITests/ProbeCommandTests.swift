import Foundation
import XCTest

/// `bomnipotent-smtp probe` against local servers: output, JSON, exit codes, and the secret never shown.
final class ProbeCommandTests: XCTestCase {
    private let secretEnvironment = ["SMTP_SECRET": secretMarker]

    func testSTARTTLSWithAuthHumanOutput() throws {
        let port = try ProbeTestServers.smtp(self, mode: "starttls")
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtp://localhost:\(port)?tls=required", "--user", "user@example.org",
             "--secret-env", "SMTP_SECRET", "--ca-file", try ProbeTestServers.certificate("ca.pem"), "--ehlo", "cli.test"],
            environment: secretEnvironment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Probe of endpoint \"smtp://localhost:\(port)?tls=required\": localhost:\(port), STARTTLS (required)")
        let stageColumns = lines.dropFirst().prefix(12).map { $0.prefix(19) }
        XCTAssertEqual(stageColumns, [
            "  ok      resolve  ", "  ok      connect  ", "  skipped tls      ", "  ok      greeting ", "  ok      ehlo     ",
            "  ok      starttls ", "  ok      ehlo2    ", "  ok      auth     ", "  ok      mail     ", "  ok      rcpt     ",
            "  skipped data     ", "  ok      quit     ",
        ])
        XCTAssertTrue(result.stderr.contains("AUTH PLAIN as user@example.org accepted [235 2.7.0 Authentication successful]"))
        XCTAssertEqual(lines.last, "Diagnosis:   OK: Every stage passed: localhost:\(port) accepts this configuration (STARTTLS (required)).")
        XCTAssertFalse(result.stderr.contains("\u{1B}"), "no terminal escapes in output meant for logs")
        result.assertNoSecret()
    }

    func testJSONOutputOverSMTPS() throws {
        let port = try ProbeTestServers.smtp(self, mode: "smtps", ["--auth", "LOGIN"])
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "localhost", "--port", "\(port)", "--user", "user@example.org",
             "--secret-env", "SMTP_SECRET", "--ca-file", try ProbeTestServers.certificate("ca.pem"), "--json"],
            environment: secretEnvironment)
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.stderr, "")
        let json = try result.jsonObject()
        XCTAssertEqual(json["security"] as? String, "smtps")
        XCTAssertEqual(json["port"] as? Int, port)
        XCTAssertEqual(json["what_if"] as? Bool, true)
        XCTAssertEqual(json["ok"] as? Bool, true)
        XCTAssertEqual((json["auth"] as? [String: Any])?["used"] as? String, "LOGIN")
        XCTAssertEqual((json["tls"] as? [String: Any])?["trusted_via_ca_file"] as? Bool, true)
        XCTAssertEqual((json["stages"] as? [[String: Any]])?.compactMap { $0["id"] as? String },
                       ["resolve", "connect", "tls", "greeting", "ehlo", "starttls", "ehlo2", "auth", "mail", "rcpt", "data", "quit"])
        result.assertNoSecret()
    }

    func testAuthFailedExitsOneWithoutShowingTheSecret() throws {
        let port = try ProbeTestServers.smtp(self, mode: "starttls")
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtp://localhost:\(port)?tls=required", "--user", "other@example.org",
             "--secret-env", "SMTP_SECRET", "--ca-file", try ProbeTestServers.certificate("ca.pem")],
            environment: secretEnvironment)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Diagnosis:   AUTH_FAILED: The server rejected the login of other@example.org: 535 5.7.8 Authentication credentials invalid."), result.stderr)
        result.assertNoSecret()
    }

    func testSecretUnresolved() throws {
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtp.example.org", "--user", "u@example.org", "--secret-env", "NOT_SET_ANYWHERE", "--json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try result.diagnosisCode(), "SECRET_UNRESOLVED")
        let stages = try XCTUnwrap(try result.jsonObject()["stages"] as? [[String: Any]])
        XCTAssertEqual(Set(stages.compactMap { $0["status"] as? String }), ["skipped"])
    }

    func testConfigInvalidEndpoint() throws {
        let result = try CommandRunner.run(["probe", "--endpoint", "smtp.example.org:587", "--user", "u@example.org"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("Probe of endpoint \"smtp.example.org:587\": not run\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Diagnosis:   CONFIG_INVALID: A relay endpoint is a host name only"), result.stderr)
    }

    func testTLSExpectedWithWhatIfTLS() throws {
        let port = try ProbeTestServers.smtp(self, mode: "plain")
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "smtp://127.0.0.1:\(port)", "--user", "u@example.org", "--tls", "smtps", "--json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try result.diagnosisCode(), "TLS_EXPECTED")
        XCTAssertEqual(try result.jsonObject()["what_if"] as? Bool, true)
    }

    func testUsageErrors() throws {
        let conflicting = try CommandRunner.run(
            ["probe", "--endpoint", "h.example.org", "--user", "u", "--secret-env", "A", "--no-secret"])
        XCTAssertEqual(conflicting.status, 64)
        XCTAssertTrue(conflicting.stderr.contains("--secret-env and --no-secret exclude each other."))
        let discoverWithEndpoint = try CommandRunner.run(["probe", "--discover", "localhost", "--endpoint", "localhost"])
        XCTAssertEqual(discoverWithEndpoint.status, 64)
        XCTAssertTrue(discoverWithEndpoint.stderr.contains("--discover cannot be combined with --endpoint."))
        let badTimeout = try CommandRunner.run(["probe", "--endpoint", "h.example.org", "--user", "u", "--timeout", "0"])
        XCTAssertEqual(badTimeout.status, 64)
        let secretValue = try CommandRunner.run(["probe", "--endpoint", "h.example.org", "--user", "u", "--secret-env", "pass word"])
        XCTAssertEqual(secretValue.status, 64)
        XCTAssertFalse(secretValue.stderr.contains("pass word"))
    }

    /// `--send-test-to` and `--relay-check-to` take an address that passes the validation of `user` (SPEC §7);
    /// anything else, or both at once, is a usage error before anything connects.
    func testRecipientsMustBeAddresses() throws {
        let base = ["probe", "--endpoint", "smtp://127.0.0.1:1", "--user", "u@example.org"]
        let cases: [([String], String)] = [
            (["--send-test-to", "not an address"], "error: --send-test-to: \"not an address\" is not a mail address: expected local-part@domain, e.g. you@example.org.\n"),
            (["--send-test-to", "admin@example.org\r\n"], "error: --send-test-to: \"admin@example.org\\r\\n\" is not a mail address: expected local-part@domain, e.g. you@example.org.\n"),
            (["--relay-check-to", "apikey"], "error: --relay-check-to: \"apikey\" is not a mail address: expected local-part@domain, e.g. you@example.org.\n"),
            (["--send-test-to", "a@example.org", "--relay-check-to", "b@example.org"],
             "error: --send-test-to and --relay-check-to exclude each other: the test message's recipient is the one checked.\n"),
        ]
        for (extra, message) in cases {
            let result = try CommandRunner.run(base + extra)
            XCTAssertEqual(result.status, 64, "\(extra): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix(message), result.stderr)
            XCTAssertEqual(result.stdout, "")
        }
    }

    /// `--endpoint` alone does not say who logs in: a usage error, not CONFIG_INVALID.
    func testEndpointWithoutUserIsAUsageError() throws {
        let result = try CommandRunner.run(["probe", "--endpoint", "smtp.example.org"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix(
            "error: --endpoint needs --user (the login, also the sender), or --config to take the user from the file.\nUsage: "), result.stderr)
    }

    func testHelpListsExactlyTheProbeOptions() throws {
        let result = try CommandRunner.run(["probe", "--help"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let options = try XCTUnwrap(result.stdout.components(separatedBy: "OPTIONS:").last)
        let names = Set(options.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard let first = words.first, first.hasPrefix("-") else { return nil }
            return String(first.hasPrefix("-h,") ? words[1] : first)
        })
        XCTAssertEqual(names, [
            "--config", "--env-file", "--endpoint", "--user", "--starttls/--no-starttls", "--secret-env", "--no-secret",
            "--port", "--tls", "--ehlo", "--ca-file", "--timeout", "--send-test-to", "--relay-check-to", "--discover", "--json", "--version",
            "--help", "--compose", "--no-compose",
        ], result.stdout)
        let schema = try CommandRunner.run(["probe", "--endpoint", "h.example.org", "--user", "u", "--schema", "legacy"])
        XCTAssertEqual(schema.status, 64)
    }

    func testConflictingAndInvalidOptionsAreUsageErrors() throws {
        let base = ["probe", "--endpoint", "h.example.org", "--user", "u@example.org"]
        for extra in [["--starttls", "--no-starttls"], ["--no-starttls", "--starttls"], ["--tls", "ssl"], ["--port", "0"]] {
            let result = try CommandRunner.run(base + extra)
            XCTAssertEqual(result.status, 64, "\(extra): \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
        }
        let badHost = try CommandRunner.run(["probe", "--discover", "smtp.example.org:465"])
        XCTAssertEqual(badHost.status, 64)
        XCTAssertEqual(badHost.stderr, """
            error: --discover needs a host name or IP address, not "smtp.example.org:465".
            Usage: bomnipotent-smtp probe <options>
              See 'bomnipotent-smtp probe --help' for more information.

            """)
    }

    func testMissingCAFileIsAnInputError() throws {
        let result = try CommandRunner.run(
            ["probe", "--endpoint", "localhost", "--user", "u", "--ca-file", "/nonexistent/ca.pem"])
        XCTAssertEqual(result.status, 74)
        XCTAssertEqual(result.stderr, "error: cannot read --ca-file /nonexistent/ca.pem.\n")
    }

    func testDiscoverRecommendsSMTPS() throws {
        let smtps = try ProbeTestServers.smtp(self, mode: "smtps")
        let submission = try ProbeTestServers.smtp(self, mode: "starttls")
        let result = try CommandRunner.run(
            ["probe", "--discover", "localhost", "--user", "user@example.org", "--secret-env", "SMTP_SECRET",
             "--ca-file", try ProbeTestServers.certificate("ca.pem"), "--timeout", "3", "--json"],
            environment: secretEnvironment.merging(["BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS": "\(smtps),\(submission),1"]) { $1 })
        XCTAssertEqual(result.status, 0, result.stdout)
        let json = try result.jsonObject()
        XCTAssertEqual(json["host"] as? String, "localhost")
        let attempts = try XCTUnwrap(json["attempts"] as? [[String: Any]])
        XCTAssertEqual(attempts.compactMap { ($0["diagnosis"] as? [String: Any])?["code"] as? String },
                       ["OK", "OK", "CONNECT_REFUSED"])
        let recommended = try XCTUnwrap(json["recommended"] as? [String: Any])
        XCTAssertEqual(recommended["endpoint"] as? String, "localhost")
        XCTAssertEqual(recommended["starttls"] as? Bool, false)
        XCTAssertTrue(result.stdout.contains("\"code\": \"STARTTLS_NOT_RECOMMENDED\""))
        result.assertNoSecret()
    }

    func testDiscoverWithAnUnresolvedSecretPrintsJSON() throws {
        let result = try CommandRunner.run(
            ["probe", "--discover", "smtp.example.org", "--secret-env", "NOT_SET_ANYWHERE", "--env-file", "/dev/null", "--json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let json = try result.jsonObject()
        XCTAssertEqual(json["host"] as? String, "smtp.example.org")
        XCTAssertTrue(json["recommended"] is NSNull)
        let attempts = try XCTUnwrap(json["attempts"] as? [[String: Any]])
        XCTAssertEqual(attempts.compactMap { ($0["diagnosis"] as? [String: Any])?["code"] as? String }, Array(repeating: "SECRET_UNRESOLVED", count: 3))
        XCTAssertEqual(attempts.compactMap { $0["port"] as? Int }, [465, 587, 25])
        XCTAssertEqual(attempts.compactMap { $0["security"] as? String }, ["smtps", "starttls", "none"])
    }

    func testDiscoverRunsAttemptsAtTheSameTime() throws {
        let smtps = try ProbeTestServers.smtp(self, mode: "smtps")
        let silentSubmission = try ProbeTestServers.start(self, "fault_server.py", ["silent"])
        let silentPlain = try ProbeTestServers.start(self, "fault_server.py", ["silent"])
        let start = Date()
        let result = try CommandRunner.run(
            ["probe", "--discover", "localhost", "--ca-file", try ProbeTestServers.certificate("ca.pem"), "--timeout", "2"],
            environment: ["BOMNIPOTENT_SMTP_TEST_ONLY_DISCOVER_PORTS": "\(smtps),\(silentSubmission),\(silentPlain)"])
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("""
            Summary:
              SMTPS on \(smtps)      OK
              STARTTLS on \(silentSubmission)   GREETING_TIMEOUT
              plain SMTP on \(silentPlain) GREETING_TIMEOUT
            """), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("Recommended: endpoint = \"localhost\"\n"), result.stderr)
        XCTAssertGreaterThanOrEqual(elapsed, 2.0)
        XCTAssertLessThan(elapsed, 3.5, "two silent attempts of 2 s each must overlap")
    }
}
