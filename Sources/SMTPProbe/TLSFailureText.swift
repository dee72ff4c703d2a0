/// Plain words for a TLS library error, instead of its raw dump (`error:100000f7:SSL routines:…`).
enum TLSFailureText {
    /// What went wrong, in words, with BoringSSL's reason code in parentheses when there is one.
    static func describe(_ error: Error) -> String {
        let raw = String(describing: error)
        guard let code = reasonCode(in: raw) else {
            return raw.count > 120 ? String(raw.prefix(120)) + "…" : raw
        }
        return "\(words(for: code)) (\(code))"
    }

    /// The upper-case reason token that follows `OPENSSL_internal:` in a BoringSSL error, e.g. `WRONG_VERSION_NUMBER`.
    static func reasonCode(in raw: String) -> String? {
        guard let marker = raw.firstRange(of: "OPENSSL_internal:") else { return nil }
        let token = raw[marker.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
        return token.isEmpty ? nil : String(token)
    }

    private static func words(for code: String) -> String {
        switch code {
        case "WRONG_VERSION_NUMBER", "HTTP_REQUEST", "HTTPS_PROXY_REQUEST":
            return "the server did not answer with TLS (plain text or another protocol on this port)"
        case "TLSV1_ALERT_PROTOCOL_VERSION", "UNSUPPORTED_PROTOCOL", "UNKNOWN_PROTOCOL":
            return "no TLS version in common: the server offers none of TLS 1.2 or 1.3"
        case "SSLV3_ALERT_HANDSHAKE_FAILURE", "NO_SHARED_CIPHER", "NO_CIPHERS_AVAILABLE", "NO_SHARED_GROUP":
            return "the server refused the handshake: no cipher suite or key exchange in common"
        case "CERTIFICATE_VERIFY_FAILED":
            return "the server's certificate could not be verified"
        case "TLSV1_ALERT_UNRECOGNIZED_NAME":
            return "the server does not know the host name sent in the handshake (SNI)"
        case "TLSV1_ALERT_INTERNAL_ERROR":
            return "the server reported an internal TLS error"
        default:
            return "the TLS handshake failed"
        }
    }
}
