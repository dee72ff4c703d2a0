import NIOCore
import NIOSSL
import SMTPSettings
import X509

/// Builds the TLS client handlers: minimum TLS 1.2, SNI for host names (none for IP literals), and the
/// chain checked by ``CertificateChecker`` against the system roots plus the `--ca-file` anchors
/// (BoringSSL's own trust store stays empty: the custom verification callback replaces it).
struct TLSSetup: Sendable {
    let host: String
    let extraRoots: [Certificate]
    let recorder = CertificateRecorder()
    private let verifyingContext: NIOSSLContext

    init(host: String, extraRoots: [Certificate]) throws {
        self.host = host
        self.extraRoots = extraRoots
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates([])
        verifyingContext = try NIOSSLContext(configuration: configuration)
    }

    /// The name sent as SNI: the host, unless it is an IP address literal.
    var serverName: String? {
        HostName.isIPv4Literal(host) || HostName.isIPv6Literal(host) ? nil : host
    }

    /// A handler that verifies the server the way the mail server would.
    func verifyingHandler() throws -> NIOSSLClientHandler {
        let host = self.host
        let extraRoots = self.extraRoots
        let recorder = self.recorder
        return try NIOSSLClientHandler(context: verifyingContext, serverHostname: serverName) { certificates, promise in
            let chain = certificates.compactMap { try? Certificate(derEncoded: $0.toDERBytes()) }
            Task {
                let outcome = await CertificateChecker.check(chain: chain, host: host, extraRoots: extraRoots)
                recorder.record(outcome)
                promise.succeed(outcome.problem == nil ? .certificateVerified : .failed)
            }
        }
    }

    /// A handler that accepts any certificate: only used to find out whether a port speaks TLS at all.
    static func sniffingHandler(serverName: String?) throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLClientHandler(context: NIOSSLContext(configuration: configuration), serverHostname: serverName)
    }
}
