#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files of this tool and their names: `.` + the file's name + `.` + kind + `-XXXXXX`, beside it.
///
/// A run killed at the wrong moment leaves them behind; the next holder of the directory's lock removes those of
/// the files it works on (by this pattern only, never anything else). While a run holds the lock no other run of
/// this tool has scratch files there, so the removal never touches a live write.
enum ScratchFiles {
    /// What a scratch file holds.
    enum Kind: String, CaseIterable {
        /// The new content until it is renamed over the file (the name older versions used too).
        case content = "tmp"
        /// A backup until it is renamed to its `.bak-` name.
        case backup = "bak-tmp"
        /// The previous content, kept for a rollback while a unit is written.
        case rollback = "old"
        /// A write journal until it is renamed into place.
        case journal = "journal-tmp"
    }

    /// Creates a new scratch file of `kind` for the file named `name` in `directory`, with `mode`.
    static func create(_ kind: Kind, for name: String, in directory: String, mode: mode_t) throws(ConfigWriterError) -> (fd: Int32, path: String) {
        var template = Array((directory + "/." + name + "." + kind.rawValue + "-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else {
            throw .cannotWrite(path: directory + "/" + name, reason: "cannot create a temporary file in \(directory): \(FileSystem.errorText())")
        }
        let path = FileSystem.string(fromCString: template)
        guard fchmod(fd, mode) == 0 else {
            let reason = FileSystem.errorText()
            close(fd)
            unlink(path)
            throw .cannotWrite(path: directory + "/" + name, reason: "cannot set the mode: \(reason)")
        }
        return (fd, path)
    }

    /// True when `entry` is a scratch file of the file named `name`.
    static func isScratch(_ entry: String, of name: String) -> Bool {
        let prefix = "." + name + "."
        guard entry.hasPrefix(prefix) else { return false }
        let rest = entry.dropFirst(prefix.count)
        return Kind.allCases.contains { kind in
            let kindPrefix = kind.rawValue + "-"
            guard rest.hasPrefix(kindPrefix) else { return false }
            let random = rest.dropFirst(kindPrefix.count)
            return random.count == 6 && random.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// Removes the scratch files of the files named `names` in `directory`; returns how many.
    @discardableResult
    static func removeLeftovers(in directory: String, for names: [String]) -> Int {
        guard !names.isEmpty else { return 0 }
        var removed = 0
        for entry in FileSystem.entries(of: directory) where names.contains(where: { isScratch(entry, of: $0) }) {
            if unlink(directory + "/" + entry) == 0 { removed += 1 }
        }
        return removed
    }
}
