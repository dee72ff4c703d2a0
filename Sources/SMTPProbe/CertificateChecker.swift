import Foundation
import NIOSSL
import SMTPSettings
import X509

/// Why a certificate chain is not acceptable.
enum CertificateProblem: Sendable, Equatable {
    /// A certificate of the chain is expired or not yet valid.
    case expired(String)
    /// The chain does not lead to a trusted root.
    case untrusted(String)
    /// The certificate does not name the host.
    case hostnameMismatch(String)
}

/// The result of checking a peer chain.
struct CertificateOutcome: Sendable {
    var leaf: Certificate?
    var problem: CertificateProblem?
    var trustedViaCAFile = false
}

/// Verifies the server's chain with swift-certificates instead of BoringSSL, so the probe can say *why* it fails.
///
/// The chain is checked against the system trust roots plus the `--ca-file` anchors (RFC 5280 path validation at the
/// current time, and the host name or IP address). When that fails, the checks are repeated one aspect at a time to
/// name the cause; when it succeeds with a CA file, it is repeated with the system roots alone to report
/// `trusted_via_ca_file`.
enum CertificateChecker {
    /// Starts reading the system trust store in the background, so it is ready when the handshake needs it.
    static func startLoadingSystemRoots() {
        _ = CertificateStore.systemTrustRoots
    }

    static func check(chain: [Certificate], host: String, extraRoots: [Certificate]) async -> CertificateOutcome {
        guard let leaf = chain.first else {
            return CertificateOutcome(leaf: nil, problem: .untrusted("the server sent no certificate"))
        }
        let now = Date()
        let intermediates = CertificateStore(chain.dropFirst())
        let isIP = HostName.isIPv4Literal(host) || HostName.isIPv6Literal(host)
        let identity = ServerIdentityPolicy(serverHostname: isIP ? nil : host, serverIP: isIP ? host : nil)
        let allRoots = CertificateStore.systemTrustRoots.appending(contentsOf: extraRoots)

        var full = Verifier(rootCertificates: allRoots) {
            RFC5280Policy()
            identity
        }
        if case .validCertificate = await full.validate(leaf: leaf, intermediates: intermediates) {
            var outcome = CertificateOutcome(leaf: leaf)
            if !extraRoots.isEmpty {
                var systemOnly = Verifier(rootCertificates: CertificateStore.systemTrustRoots) {
                    RFC5280Policy()
                    identity
                }
                if case .couldNotValidate = await systemOnly.validate(leaf: leaf, intermediates: intermediates) {
                    outcome.trustedViaCAFile = true
                }
            }
            return outcome
        }
        if let outdated = chain.first(where: { now < $0.notValidBefore || now > $0.notValidAfter }) {
            let reason = now > outdated.notValidAfter
                ? "the certificate \(outdated.subject) expired on \(ReportFormat.date(outdated.notValidAfter))"
                : "the certificate \(outdated.subject) is not valid before \(ReportFormat.date(outdated.notValidBefore))"
            return CertificateOutcome(leaf: leaf, problem: .expired(reason))
        }
        var chainOnly = Verifier(rootCertificates: allRoots) { RFC5280Policy() }
        if case .validCertificate = await chainOnly.validate(leaf: leaf, intermediates: intermediates) {
            let names = subjectAlternativeNames(of: leaf)
            let named = names.isEmpty ? "no alternative names" : names.joined(separator: ", ")
            return CertificateOutcome(
                leaf: leaf, problem: .hostnameMismatch("the certificate names \(named), not \(host)"))
        }
        return CertificateOutcome(
            leaf: leaf,
            problem: .untrusted("the chain issued by \(leaf.issuer) does not lead to a trusted root certificate"))
    }

    /// DNS names and IP addresses of the certificate's subject alternative name extension.
    static func subjectAlternativeNames(of certificate: Certificate) -> [String] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .dnsName(let dns): return dns
            case .ipAddress(let octets): return ipText(Array(octets.bytes))
            default: return nil
            }
        }
    }

    private static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var groups: [String] = []
        var index = 0
        while index + 1 < bytes.count {
            groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
            index += 2
        }
        return groups.joined(separator: ":")
    }

    /// Reads every certificate of a PEM file.
    static func loadPEM(path: String) throws -> [Certificate] {
        try NIOSSLCertificate.fromPEMFile(path).map { try Certificate(derEncoded: try $0.toDERBytes()) }
    }
}

/// Collects what the verification callback learned during one handshake.
final class CertificateRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = CertificateOutcome()

    var outcome: CertificateOutcome { lock.withLock { stored } }

    func record(_ outcome: CertificateOutcome) { lock.withLock { stored = outcome } }
}
