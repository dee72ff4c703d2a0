/// Syntax checks for host names and IP address literals.
public enum HostName {
    /// True for a DNS host name (letters, digits, hyphens, dots; labels of 1–63 characters,
    /// at most 253 in all; an optional final dot), a dotted-quad IPv4 address or an IPv6 literal.
    public static func isValid(_ text: String) -> Bool {
        if isIPv4Literal(text) || isIPv6Literal(text) { return true }
        var name = Substring(text)
        if name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count == 4, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { return false }
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            return label.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            }
        }
    }

    /// True for a dotted-quad IPv4 address such as `192.0.2.1`.
    public static func isIPv4Literal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else {
                return false
            }
            return value <= 255 && (part.count == 1 || part.first != "0")
        }
    }

    /// True for an IPv6 address literal without brackets, such as `::1` or `2001:db8::25`.
    public static func isIPv6Literal(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        var groups = Substring(text)
        var maxGroups = 8
        if let lastColon = groups.lastIndex(of: ":"), groups[groups.index(after: lastColon)...].contains(".") {
            guard isIPv4Literal(String(groups[groups.index(after: lastColon)...])) else { return false }
            groups = groups[...lastColon]
            if !groups.hasSuffix("::") { groups = groups.dropLast() }
            maxGroups = 6
        }
        let halves = groups.components(separatedByDoubleColon: ())
        guard halves.count <= 2 else { return false }
        let counts = halves.map { half -> Int? in
            if half.isEmpty { return 0 }
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            let valid = parts.allSatisfy { (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }
            return valid ? parts.count : nil
        }
        guard counts.allSatisfy({ $0 != nil }) else { return false }
        let total = counts.reduce(0) { $0 + ($1 ?? 0) }
        return halves.count == 2 ? total < maxGroups : total == maxGroups
    }

    /// True for `localhost`, `127.0.0.0/8` and `::1`: the hosts where plain-text credentials stay on the machine.
    public static func isLoopback(_ host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") || lower == "::1" || lower == "[::1]" { return true }
        return isIPv4Literal(lower) && lower.hasPrefix("127.")
    }
}

extension Substring {
    fileprivate func components(separatedByDoubleColon _: Void) -> [Substring] {
        var result: [Substring] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            let next = self.index(after: index)
            if self[index] == ":", next < endIndex, self[next] == ":" {
                result.append(self[start..<index])
                start = self.index(after: next)
                index = start
                continue
            }
            index = next
        }
        result.append(self[start...])
        return result
    }
}
