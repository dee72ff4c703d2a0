#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Path arithmetic for comparing the host paths a compose file binds with the config's own path.
enum PathNormal {
    /// `path` made absolute against `base` (or the working directory), `~` expanded, `.` and `..` removed, and
    /// symlinks resolved where the path exists.
    static func absolute(_ path: String, relativeTo base: String? = nil) -> String {
        var text = path
        if text == "~" || text.hasPrefix("~/"), let home = getenv("HOME") {
            text = String(cString: home) + text.dropFirst()
        }
        if !text.hasPrefix("/") {
            text = (base ?? workingDirectory()) + "/" + text
        }
        let collapsed = collapse(text)
        guard let resolved = realpath(collapsed, nil) else { return collapsed }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The directory part of an absolute path (`/` for a file at the root).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    private static func collapse(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func workingDirectory() -> String {
        guard let buffer = getcwd(nil, 0) else { return "/" }
        defer { free(buffer) }
        return String(cString: buffer)
    }
}
