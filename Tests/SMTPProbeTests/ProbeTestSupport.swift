import Foundation
import SMTPSettings
import XCTest

@testable import SMTPProbe

extension XCTestCase {
    /// Probes a local test server and checks that the secret appears in no rendering of the report.
    func probe(
        port: Int, host: String = "localhost", security: TransportSecurity, isURL: Bool = false,
        secret: String? = nil, caFile: Bool = true, timeout: Double = 5, sendTestTo: String? = nil,
        user: String = probeUser, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> ProbeReport {
        let plan = ConnectionPlan(host: host, port: port, security: security, isURL: isURL)
        let options = ProbeOptions(
            endpoint: isURL ? "smtp://\(host):\(port)" : host, plan: plan, user: user, secret: secret,
            ehloName: "probe.test.localhost", caFilePath: caFile ? try TestCertificates.path("ca.pem") : nil,
            timeout: timeout, sendTestTo: sendTestTo)
        let report = await Prober.run(options)
        assertNoSecret(report, file: file, line: line)
        return report
    }

    func assertNoSecret(_ report: ProbeReport, file: StaticString = #filePath, line: UInt = #line) {
        let base64 = Data(probeSecret.utf8).base64EncodedString()
        let plainToken = Data("\0\(probeUser)\0\(probeSecret)".utf8).base64EncodedString()
        for text in [report.jsonText(), report.humanText()] {
            XCTAssertFalse(text.contains(probeSecret), "secret in output", file: file, line: line)
            XCTAssertFalse(text.contains(base64), "base64 secret in output", file: file, line: line)
            XCTAssertFalse(text.contains(plainToken), "AUTH PLAIN credentials in output", file: file, line: line)
        }
    }

    /// The statuses of all stages, in order, as one string such as `ok ok skipped …`.
    func statuses(_ report: ProbeReport) -> String {
        report.stages.map(\.status.rawValue).joined(separator: " ")
    }
}
