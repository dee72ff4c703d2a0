#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls that safe reading and writing need.
enum FileSystem {
    /// Mode and owner of an existing file.
    struct Attributes: Equatable {
        var mode: mode_t
        var owner: uid_t
        var group: gid_t
    }

    /// The text of the current `errno`.
    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// The file's bytes, or `nil` when it does not exist.
    static func readContents(_ path: String) throws(ConfigWriterError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw .cannotRead(path: path, reason: errorText(code))
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw .cannotRead(path: path, reason: "it is a directory")
        }
        // A regular file is read into a buffer of its size, so the bytes a document keeps for its whole life
        // hold no spare capacity.
        var result: [UInt8] = []
        if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 { result.reserveCapacity(Int(info.st_size)) }
        let read = readPieces(fd) { piece in
            result.append(contentsOf: piece)
            return true
        }
        guard read else { throw .cannotRead(path: path, reason: errorText()) }
        return result
    }

    /// Reads `fd` to its end in pieces of up to 64 KiB, handing each to `body` until it returns false. False when
    /// a read failed (`errno` tells why) or `body` stopped.
    private static func readPieces(_ fd: Int32, _ body: (ArraySlice<UInt8>) -> Bool) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            if count == 0 { return true }
            guard body(buffer[0..<count]) else { return false }
        }
    }

    /// Whether the file at `path` holds exactly `expected` (`nil`: the file does not exist). It is compared piece
    /// by piece, so a large file is never held in memory twice; a file that cannot be read does not match.
    static func holds(_ expected: [UInt8]?, at path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return errno == ENOENT && expected == nil }
        defer { close(fd) }
        guard let expected else { return false }
        var offset = 0
        let read = readPieces(fd) { piece in
            guard offset + piece.count <= expected.count, expected[offset..<(offset + piece.count)].elementsEqual(piece) else {
                return false
            }
            offset += piece.count
            return true
        }
        return read && offset == expected.count
    }

    /// Mode and owner of `path`, following symlinks; `nil` when it does not exist.
    static func attributes(_ path: String) -> Attributes? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Attributes(mode: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid)
    }

    /// The path a write to `path` lands on: symlinks followed (also a dangling one), up to 40 levels.
    static func writeTarget(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
        }
        return current
    }

    /// The directory part of `path` (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`.
    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` made absolute against the working directory (no symlinks resolved).
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = string(fromCString: buffer)
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return cwd == "/" ? "/" + relative : cwd + "/" + relative
    }

    /// The text of a NUL-terminated C buffer.
    static func string(fromCString buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }

    /// Flushes a directory's entries to disk.
    static func syncDirectory(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }
}

extension FileSystem {
    /// The device and inode of `path` (symlinks followed); `nil` when it does not exist.
    static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The device and inode of the open file `fd`.
    static func identity(fd: Int32) -> FileIdentity? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The names in `directory` (without `.` and `..`); empty when it cannot be read.
    static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
