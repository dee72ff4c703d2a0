import Foundation
import XCTest

/// The Postfix + Dovecot SASL that `scripts/test` starts with `Tests/Servers/postfix.sh`, described by the
/// `BOMNIPOTENT_POSTFIX_*` variables it exports.
struct PostfixServer {
    /// The services of `postfix.sh`, each on its own port.
    enum Service: String {
        /// 587-style: STARTTLS required, AUTH only after it, relaying only after a login (decided at RCPT).
        case submission = "SUBMISSION"
        /// 465-style: implicit TLS, the same restrictions.
        case submissions = "SUBMISSIONS"
        /// Like submission, offering only AUTH LOGIN.
        case login = "LOGIN"
        /// A 421 greeting.
        case greeting421 = "GREETING421"
        /// Plain SMTP whose `MAIL FROM` gets a 450 from a `check_sender_access` map.
        case tempfail = "TEMPFAIL"
        /// Like submission, with a multi-line reject footer.
        case footer = "FOOTER"
    }

    let directory: URL
    /// The passwd-file login (an address).
    let user: String
    /// Its password: a random marker that must appear in no output.
    let secret: String
    private let ports: [Service: Int]

    /// The server of this test run; without one the test skips, or fails when `CI=true`.
    static func require() throws -> PostfixServer {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment["BOMNIPOTENT_POSTFIX_DIR"], let user = environment["BOMNIPOTENT_POSTFIX_USER"],
            let secret = environment["BOMNIPOTENT_POSTFIX_SECRET"]
        else { throw serverUnavailable("Postfix is not running: run scripts/test (it starts Tests/Servers/postfix.sh)") }
        var ports: [Service: Int] = [:]
        for service in [Service.submission, .submissions, .login, .greeting421, .tempfail, .footer] {
            guard let port = environment["BOMNIPOTENT_POSTFIX_\(service.rawValue)_PORT"].flatMap(Int.init) else {
                throw serverUnavailable("BOMNIPOTENT_POSTFIX_\(service.rawValue)_PORT is not set")
            }
            ports[service] = port
        }
        return PostfixServer(directory: URL(fileURLWithPath: path), user: user, secret: secret, ports: ports)
    }

    func port(_ service: Service) -> Int { ports[service] ?? 0 }

    /// The test CA that issued the server certificate.
    var caFile: String { directory.appendingPathComponent("ca.pem").path }

    /// The Maildir `new` folder of admin@probe.test.
    var mailbox: URL { directory.appendingPathComponent("mail/admin/new") }

    private var logFile: URL { directory.appendingPathComponent("maillog") }

    /// The log's length once it has been still for half a second (at most 5 s), to read only what a test
    /// causes: a session of an earlier test may still be logging its `disconnect from` line.
    func logOffset() -> Int {
        func size() -> Int { (try? FileManager.default.attributesOfItem(atPath: logFile.path)[.size] as? Int) ?? 0 }
        var last = size()
        for _ in 0..<10 {
            Thread.sleep(forTimeInterval: 0.5)
            let now = size()
            if now == last { return now }
            last = now
        }
        return last
    }

    /// The log lines written since `offset`, once at least `count` smtpd sessions have ended there (their
    /// `disconnect from` line), waiting up to 10 s for Postfix to write them.
    func sessionLog(since offset: Int, sessions count: Int) -> [String] {
        var lines: [String] = []
        for _ in 0..<100 {
            let data = (try? Data(contentsOf: logFile)) ?? Data()
            lines = String(decoding: data.dropFirst(offset), as: UTF8.self).split(separator: "\n").map(String.init)
            if lines.filter({ $0.contains(": disconnect from ") }).count >= count { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return lines
    }

    /// The `disconnect from` lines since `offset` (their `commands=` summary), after `count` sessions ended.
    func disconnects(since offset: Int, sessions count: Int = 1) -> [String] {
        sessionLog(since: offset, sessions: count).filter { $0.contains(": disconnect from ") }
    }
}
