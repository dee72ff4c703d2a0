import Foundation
import NIOCore
import SMTPSettings

/// Turns the endpoint host into socket addresses, with a timeout around the blocking system resolver.
enum HostResolver {
    /// The addresses of `host`, IPv4 and IPv6, in the system resolver's order.
    ///
    /// Names under the reserved top-level domain `invalid` fail at once without a query, as RFC 6761 §6.4 asks.
    static func resolve(host: String, port: Int, timeout: Double) async throws(ProbeError) -> [SocketAddress] {
        if HostName.isIPv4Literal(host) || HostName.isIPv6Literal(host) {
            do {
                return [try SocketAddress(ipAddress: host, port: port)]
            } catch {
                throw .dnsFailed("\(host) is not a usable IP address")
            }
        }
        let lower = host.lowercased()
        if lower == "invalid" || lower.hasSuffix(".invalid") || lower.hasSuffix(".invalid.") {
            throw .dnsFailed("the top-level domain .invalid never resolves (RFC 6761)")
        }
        let result: Result<[SocketAddress], ProbeError> = await withCheckedContinuation { continuation in
            let once = OnceFlag()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if once.claim() { continuation.resume(returning: .failure(.dnsFailed("no answer within \(ReportFormat.seconds(timeout))"))) }
            }
            DispatchQueue.global().async {
                let result = lookup(host: host, port: port)
                if once.claim() { continuation.resume(returning: result) }
            }
        }
        return try result.get()
    }

    private static func lookup(host: String, port: Int) -> Result<[SocketAddress], ProbeError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(.dnsFailed(String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let raw = info.pointee.ai_addr {
                switch info.pointee.ai_family {
                case AF_INET:
                    let address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
                    addresses.append(SocketAddress(address, host: host))
                case AF_INET6:
                    let address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
                    addresses.append(SocketAddress(address, host: host))
                default:
                    break
                }
            }
            cursor = info.pointee.ai_next
        }
        if addresses.isEmpty { return .failure(.dnsFailed("no IPv4 or IPv6 address")) }
        var unique: [SocketAddress] = []
        for address in addresses where !unique.contains(address) { unique.append(address) }
        return .success(unique)
    }
}

/// A flag that can be claimed once, from any thread.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    /// True for the first caller only.
    func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}
