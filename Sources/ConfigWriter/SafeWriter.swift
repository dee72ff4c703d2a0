#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One file of a unit written by `SafeWriter`.
struct PendingFile: Sendable {
    /// The path as the administrator gave it (a symlink is written through).
    var path: String
    /// The content read earlier; `nil` when the file did not exist. A difference on disk means exit 75.
    var expectedBefore: [UInt8]?
    /// The new content.
    var contents: [UInt8]
    /// The mode for a file that does not exist yet.
    var newFileMode: mode_t
}

/// The points between the steps of a safe write, where tests inject faults.
enum WriteStep: String, CaseIterable {
    case temporaryCreated, temporaryWritten, temporarySynced, backupWritten, beforeRename, renamed, directorySynced
}

/// Writes files atomically and as one unit (SPEC §6): temporary file in the same directory, fsync, backup,
/// change check, rename, directory fsync; when a later file fails, the earlier ones are restored.
struct SafeWriter: Sendable {
    /// Called after each step with the file's path; a thrown error simulates a failure at that point.
    var faultInjection: (@Sendable (String, WriteStep) throws(ConfigWriterError) -> Void)?
    /// The time used in backup names.
    var now: time_t = time(nil)

    private struct Committed {
        var file: PendingFile
        var target: String
        var attributes: FileSystem.Attributes?
        var backup: String?
    }

    /// Writes `files` in order; on failure everything written so far is rolled back and the error thrown.
    ///
    /// SIGINT, SIGTERM and SIGHUP are deferred meanwhile: one that arrives stops the write at its next step as a
    /// failure (temporary files removed, earlier files rolled back) and is raised again once the files are consistent.
    func write(_ files: [PendingFile], backup: Bool) throws(ConfigWriterError) -> WriteResult {
        let deferral = InterruptDeferral()
        defer { deferral.finish() }
        var committed: [Committed] = []
        for file in files {
            do {
                _ = try commit(file, backup: backup, interruptible: true) { committed.append($0) }
            } catch {
                try rollback(committed, after: error)
                throw error
            }
        }
        return WriteResult(writtenFiles: committed.map(\.target), backupFiles: committed.compactMap(\.backup))
    }

    /// Runs after each step: stops the write when an interrupt arrived, then gives tests their fault.
    private func inject(_ path: String, _ step: WriteStep, interruptible: Bool) throws(ConfigWriterError) {
        if interruptible, let signal = InterruptDeferral.pendingSignal {
            throw .cannotWrite(path: FileSystem.writeTarget(path), reason: "interrupted by \(InterruptDeferral.name(of: signal))")
        }
        try faultInjection?(path, step)
    }

    /// Writes one file; `renamed` is told about the file as soon as it is in place, so a later failure rolls it back.
    /// A rollback is not `interruptible`: once started, it runs to the end.
    private func commit(
        _ file: PendingFile, backup: Bool, interruptible: Bool, renamed: (Committed) -> Void
    ) throws(ConfigWriterError) -> Committed {
        func inject(_ step: WriteStep) throws(ConfigWriterError) {
            try self.inject(file.path, step, interruptible: interruptible)
        }
        let target = FileSystem.writeTarget(file.path)
        let directory = FileSystem.directory(of: target)
        try checkUnchanged(file, target: target)
        let attributes = FileSystem.attributes(target)
        let mode = attributes?.mode ?? file.newFileMode

        var template = Array((directory + "/." + FileSystem.fileName(of: target) + ".tmp-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw .cannotWrite(path: target, reason: "cannot create a temporary file in \(directory): \(FileSystem.errorText())") }
        let temporary = String(cString: template)
        var backupPath: String?
        var isOpen = true
        func cleanUp() {
            if isOpen { close(fd) }
            unlink(temporary)
            if let backupPath { unlink(backupPath) }
        }
        do throws(ConfigWriterError) {
            try inject(.temporaryCreated)
            guard fchmod(fd, mode) == 0 else { throw ConfigWriterError.cannotWrite(path: target, reason: "cannot set the mode: \(FileSystem.errorText())") }
            if let attributes, attributes.owner != geteuid() || attributes.group != getegid() {
                guard fchown(fd, attributes.owner, attributes.group) == 0 else {
                    throw ConfigWriterError.cannotWrite(
                        path: target, reason: "cannot keep its owner \(attributes.owner):\(attributes.group): \(FileSystem.errorText())")
                }
            }
            guard FileSystem.writeAll(fd, file.contents) else { throw ConfigWriterError.cannotWrite(path: target, reason: FileSystem.errorText()) }
            try inject(.temporaryWritten)
            guard fsync(fd) == 0 else { throw ConfigWriterError.cannotWrite(path: target, reason: "fsync failed: \(FileSystem.errorText())") }
            try inject(.temporarySynced)
            close(fd)
            isOpen = false
            if backup, let previous = file.expectedBefore {
                backupPath = try writeBackup(previous, of: target, mode: mode)
                try inject(.backupWritten)
            }
            try checkUnchanged(file, target: target)
            try inject(.beforeRename)
            guard rename(temporary, target) == 0 else { throw ConfigWriterError.cannotWrite(path: target, reason: FileSystem.errorText()) }
        } catch {
            cleanUp()
            throw error
        }
        let done = Committed(file: file, target: target, attributes: attributes, backup: backupPath)
        renamed(done)
        try inject(.renamed)
        guard FileSystem.syncDirectory(directory) else {
            throw .cannotWrite(path: target, reason: "cannot flush the directory \(directory): \(FileSystem.errorText())")
        }
        try inject(.directorySynced)
        return done
    }

    private func checkUnchanged(_ file: PendingFile, target: String) throws(ConfigWriterError) {
        let current: [UInt8]?
        do {
            current = try FileSystem.readContents(target)
        } catch {
            throw .changedOnDisk(path: file.path)
        }
        guard current == file.expectedBefore else { throw .changedOnDisk(path: file.path) }
    }

    private func writeBackup(_ bytes: [UInt8], of target: String, mode: mode_t) throws(ConfigWriterError) -> String {
        var moment = now
        var parts = tm()
        localtime_r(&moment, &parts)
        var stamp = [CChar](repeating: 0, count: 32)
        strftime(&stamp, stamp.count, "%Y%m%d-%H%M%S", &parts)
        let base = target + ".bak-" + String(cString: stamp)
        for attempt in 1...100 {
            let path = attempt == 1 ? base : base + "-\(attempt)"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw .cannotWrite(path: path, reason: "cannot create the backup: \(FileSystem.errorText())")
            }
            defer { close(fd) }
            guard fchmod(fd, mode) == 0, FileSystem.writeAll(fd, bytes), fsync(fd) == 0 else {
                let reason = FileSystem.errorText()
                unlink(path)
                throw .cannotWrite(path: path, reason: "cannot write the backup: \(reason)")
            }
            return path
        }
        throw .cannotWrite(path: base, reason: "too many backups with the same time stamp")
    }

    /// Restores the files of `committed` to their previous content, newest first, and removes their backups.
    private func rollback(_ committed: [Committed], after error: ConfigWriterError) throws(ConfigWriterError) {
        for done in committed.reversed() {
            if let previous = done.file.expectedBefore {
                let restore = PendingFile(
                    path: done.target, expectedBefore: done.file.contents, contents: previous,
                    newFileMode: done.attributes?.mode ?? done.file.newFileMode)
                do {
                    _ = try SafeWriter(faultInjection: nil, now: now).commit(restore, backup: false, interruptible: false) { _ in }
                } catch {
                    throw .rollbackFailed(path: done.file.path, reason: "\(error)", backup: done.backup)
                }
            } else if unlink(done.target) != 0 {
                throw .rollbackFailed(path: done.file.path, reason: FileSystem.errorText(), backup: nil)
            }
            if let backup = done.backup { unlink(backup) }
        }
    }
}

/// The files a write changed and the backups it made.
public struct WriteResult: Sendable, Equatable {
    /// The files written (symlinks resolved), in the order written.
    public var writtenFiles: [String]
    /// The backups of the previous contents.
    public var backupFiles: [String]
}
