import SMTPSettings

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The intent file that makes config.toml and `.env` one unit across a crash (SPEC §6).
///
/// `SafeWriter` writes it, beside the first file as `.config.toml.write-journal`, once every new content is in a
/// synced temporary file and every file that will be replaced has a rollback copy (a hard link to its current
/// inode, or a synced copy); it removes it once all renames are done. A journal found later therefore means a run
/// died between the first rename and the end, without reporting success: the next holder of the lock puts every
/// file that already has its new content back from its rollback copy, so the pair is the old one again, and says
/// so (`WRITE_INTERRUPTED`). Files are told apart by inode, so a file that another program replaced meanwhile is
/// recognised and left alone (and named in the warning).
struct WriteJournal: Codable, Equatable {
    /// Marks a journal of this tool.
    static let currentFormat = "bomnipotent-smtp write journal 1"
    /// The suffix of journal names: `.` + the first file's name + this.
    static let suffix = ".write-journal"

    /// One file of the unit.
    struct Entry: Codable, Equatable {
        /// The file written (absolute, symlinks resolved).
        var target: String
        /// The temporary file holding the new content until it is renamed.
        var temporary: String
        /// The identity of the new content's inode.
        var newIdentity: FileIdentity
        /// The rollback copy of the previous content; `nil` when the file did not exist.
        var rollbackCopy: String?
        /// The identities the previous content may have: the original inode and the rollback copy's.
        var previousIdentities: [FileIdentity]
    }

    var format = WriteJournal.currentFormat
    /// The process that wrote it.
    var pid: Int32
    /// When it was written (seconds since 1970).
    var started: Int
    var files: [Entry]

    /// The journal path for a unit whose first file is `target`.
    static func path(forFirst target: String) -> String {
        FileSystem.directory(of: target) + "/." + FileSystem.fileName(of: target) + suffix
    }

    /// The journals of this tool in `directory`.
    static func journals(in directory: String) -> [String] {
        FileSystem.entries(of: directory).filter { $0.hasPrefix(".") && $0.hasSuffix(suffix) && $0.count > suffix.count + 1 }
            .map { directory + "/" + $0 }
    }

    /// Writes the journal for a unit whose first file is `target` to a temporary name, syncs it and renames it into
    /// place; returns its path.
    func write(forFirst target: String) throws(ConfigWriterError) -> String {
        let path = WriteJournal.path(forFirst: target)
        let data: Data
        do {
            data = try JSONEncoder().encode(self)
        } catch {
            throw .cannotWrite(path: path, reason: "cannot encode the write journal: \(error)")
        }
        let directory = FileSystem.directory(of: path)
        let (fd, temporary) = try ScratchFiles.create(.journal, for: FileSystem.fileName(of: target), in: directory, mode: 0o600)
        guard FileSystem.writeAll(fd, [UInt8](data)), fsync(fd) == 0 else {
            let reason = FileSystem.errorText()
            close(fd)
            unlink(temporary)
            throw .cannotWrite(path: path, reason: "cannot write the write journal: \(reason)")
        }
        close(fd)
        guard rename(temporary, path) == 0, FileSystem.syncDirectory(directory) else {
            let reason = FileSystem.errorText()
            unlink(temporary)
            unlink(path)
            throw .cannotWrite(path: path, reason: "cannot put the write journal in place: \(reason)")
        }
        return path
    }

    /// Removes the journal, then the scratch files it names, once the unit is complete or rolled back.
    ///
    /// The journal goes first: a run killed between the two leaves only scratch files, which the next run removes,
    /// never a journal whose rollback copies are already gone.
    func remove(at path: String) {
        unlink(path)
        _ = FileSystem.syncDirectory(FileSystem.directory(of: path))
        WriteTestHooks.stepReached()
        for entry in files {
            unlink(entry.temporary)
            if let copy = entry.rollbackCopy { unlink(copy) }
        }
    }

    /// Rolls back every interrupted unit whose journal is in `directory` (journals of this process are live, not
    /// interrupted, and stay); returns a `WRITE_INTERRUPTED` warning for each.
    static func recoverAll(in directory: String) throws(ConfigWriterError) -> [SettingsWarning] {
        var warnings: [SettingsWarning] = []
        for path in journals(in: directory) {
            guard let bytes = try? FileSystem.readContents(path),
                let journal = try? JSONDecoder().decode(WriteJournal.self, from: Data(bytes)),
                journal.format == currentFormat, journal.pid != getpid()
            else { continue }
            warnings.append(try journal.rollBack(at: path))
        }
        return warnings
    }

    /// Puts every file that has its new content back to the previous one, then removes the journal.
    private func rollBack(at path: String) throws(ConfigWriterError) -> SettingsWarning {
        let others = Set(files.map { FileSystem.directory(of: $0.target) }).subtracting([FileSystem.directory(of: path)])
        let held = try LockRegistry.shared.acquire(Array(others), cleaning: [])
        defer { LockRegistry.shared.release(held) }
        var restored: [String] = []
        var foreign: [String] = []
        for entry in files.reversed() {
            let current = FileSystem.identity(entry.target)
            if current == entry.newIdentity {
                let undone: Bool
                if let copy = entry.rollbackCopy { undone = rename(copy, entry.target) == 0 } else { undone = unlink(entry.target) == 0 }
                guard undone, FileSystem.syncDirectory(FileSystem.directory(of: entry.target)) else {
                    throw .interruptedWriteNotRecovered(journal: path, reason: "cannot restore \(entry.target): \(FileSystem.errorText())")
                }
                restored.append(entry.target)
            } else if current.map({ !entry.previousIdentities.contains($0) }) ?? (entry.rollbackCopy != nil) {
                foreign.append(entry.target)
            }
        }
        remove(at: path)
        let names = files.map(\.target).joined(separator: " and ")
        var message = "An earlier run (PID \(pid)) was interrupted while writing \(names) together: "
        message += restored.isEmpty
            ? "it had not replaced any of them yet, so they are as before that run."
            : "\(restored.reversed().joined(separator: " and ")) put back as before that run, so the files match again."
        if !foreign.isEmpty {
            message += " \(foreign.joined(separator: " and ")) changed since by another program and was left as it is: check that it matches the other file."
        }
        return SettingsWarning(code: .WRITE_INTERRUPTED, message: message)
    }
}

/// A file's device and inode, which tell its contents apart across renames.
struct FileIdentity: Codable, Equatable, Hashable {
    var device: UInt64
    var inode: UInt64
}
