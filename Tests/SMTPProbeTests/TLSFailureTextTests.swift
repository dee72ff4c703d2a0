@testable import SMTPProbe
import XCTest

final class TLSFailureTextTests: XCTestCase {
    private struct RawError: Error, CustomStringConvertible {
        var description: String
    }

    func testBoringSSLDumpsBecomeWords() {
        let dump = "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435703 error:100000f7:SSL routines:"
            + "OPENSSL_internal:WRONG_VERSION_NUMBER at /x/ssl/tls_record.cc:127]))"
        XCTAssertEqual(
            TLSFailureText.describe(RawError(description: dump)),
            "the server did not answer with TLS (plain text or another protocol on this port) (WRONG_VERSION_NUMBER)")
        XCTAssertEqual(
            TLSFailureText.describe(RawError(description: "error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION at x")),
            "no TLS version in common: the server offers none of TLS 1.2 or 1.3 (TLSV1_ALERT_PROTOCOL_VERSION)")
        XCTAssertEqual(
            TLSFailureText.describe(RawError(description: "OPENSSL_internal:SOMETHING_NEW at y")),
            "the TLS handshake failed (SOMETHING_NEW)")
    }

    func testOtherErrorsAreKeptButBounded() {
        XCTAssertEqual(TLSFailureText.describe(RawError(description: "short")), "short")
        XCTAssertEqual(TLSFailureText.describe(RawError(description: String(repeating: "x", count: 300))).count, 121)
    }
}
