import Foundation
import NIOCore
import SMTPSettings

/// The TLS handshake of the `tls` and `starttls` stages and the TLS report.
extension ProbeSession {
    func handshake(_ connection: SMTPConnection, deadline: NIODeadline, note: inout StageNote, id: StageID) async throws {
        do {
            try await connection.handshake(by: deadline)
        } catch {
            let outcome = tlsSetup?.recorder.outcome
            var tls = tlsReport(outcome)
            if let problem = outcome?.problem {
                let code: DiagnosisCode
                switch problem {
                case .expired(let reason): code = .CERT_EXPIRED; tls.error = reason
                case .untrusted(let reason): code = .CERT_UNTRUSTED; tls.error = reason
                case .hostnameMismatch(let reason): code = .CERT_HOSTNAME_MISMATCH; tls.error = reason
                }
                report.tls = tls
                note.detail = tls.error ?? ""
                throw fail(code, id, note, usable: false)
            }
            if id == .tls, await connection.firstBytes().looksLikeSMTP {
                note.detail = "the server sent a plain SMTP greeting instead of a TLS handshake"
                tls.error = note.detail
                report.tls = tls
                throw fail(.TLS_EXPECTED, id, note, usable: false)
            }
            tls.error = DiagnosisBuilder.detail(for: error)
            report.tls = tls
            throw error
        }
        usedTLS = true
        var tls = tlsReport(tlsSetup?.recorder.outcome)
        tls.version = await connection.tlsVersion()
        tls.cipher = await connection.tlsCipher()
        tls.verified = true
        report.tls = tls
        if let notAfter = tls.notAfter, notAfter.timeIntervalSinceNow < 30 * 86400 {
            report.warnings.append(SettingsWarning(
                code: .CERT_EXPIRES_SOON,
                message: "The server's certificate expires on \(ReportFormat.date(notAfter)), in less than 30 days."))
        }
        note.detail = "\(tls.version ?? "TLS"), certificate verified" + (tls.trustedViaCAFile ? " via --ca-file" : "")
    }

    func tlsReport(_ outcome: CertificateOutcome?) -> TLSReport {
        var tls = TLSReport()
        if let leaf = outcome?.leaf {
            tls.subject = String(describing: leaf.subject)
            tls.issuer = String(describing: leaf.issuer)
            tls.subjectAlternativeNames = CertificateChecker.subjectAlternativeNames(of: leaf)
            tls.notBefore = leaf.notValidBefore
            tls.notAfter = leaf.notValidAfter
        }
        tls.trustedViaCAFile = outcome?.trustedViaCAFile ?? false
        return tls
    }
}
