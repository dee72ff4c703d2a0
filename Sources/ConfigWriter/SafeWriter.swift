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
    /// True when the previous content holds a secret (any `.env`, a config with an inline secret): its backup then
    /// gets mode 0600 whatever the file's mode (SPEC §6).
    var backupHoldsSecret = false
}

/// The points between the steps of a safe write, where tests inject faults.
enum WriteStep: String, CaseIterable {
    case temporaryCreated, temporaryWritten, temporarySynced, backupWritten, journalWritten, beforeRename, renamed, directorySynced
}

/// Writes files atomically and as one unit (SPEC §6).
///
/// Under the lock of every directory involved (`ConfigLock`): for each file, the change check, a temporary file in
/// the same directory (mode and owner of the original), fsync, and the backup (itself written to a temporary name
/// and renamed, so a backup under its final name is always complete); then a rollback copy of each file that will be
/// replaced and, for more than one file, the write journal (`WriteJournal`); then for each file the change check
/// again, comparing the whole content, immediately before its rename, and a directory fsync; finally the journal
/// and the rollback copies are removed. A failure at any point restores the files already renamed from their
/// rollback copies and removes everything this run created; a crash is rolled back by the next run.
struct SafeWriter: Sendable {
    /// Called after each step with the file's path; a thrown error simulates a failure at that point.
    var faultInjection: (@Sendable (String, WriteStep) throws(ConfigWriterError) -> Void)?
    /// The time used in backup names.
    var now: time_t = time(nil)

    /// A file whose new content is ready in its temporary file.
    private struct Prepared {
        var file: PendingFile
        var target: String
        var attributes: FileSystem.Attributes?
        var temporary: String
        var newIdentity: FileIdentity?
        var backup: String?
        var rollbackCopy: String?
        var previousIdentities: [FileIdentity] = []
        var renamed = false

        var journalEntry: WriteJournal.Entry {
            WriteJournal.Entry(
                target: FileSystem.absolute(target), temporary: FileSystem.absolute(temporary),
                newIdentity: newIdentity ?? FileIdentity(device: 0, inode: 0), rollbackCopy: rollbackCopy.map(FileSystem.absolute),
                previousIdentities: previousIdentities)
        }
    }

    /// Writes `files` in order; on failure everything written so far is rolled back and the error thrown.
    ///
    /// SIGINT, SIGTERM and SIGHUP are deferred meanwhile: one that arrives stops the write at its next step as a
    /// failure (temporary files removed, earlier files rolled back) and is raised again once the files are consistent.
    func write(_ files: [PendingFile], backup: Bool) throws(ConfigWriterError) -> WriteResult {
        let targets = files.map { FileSystem.writeTarget($0.path) }
        let held = try LockRegistry.shared.acquire(
            targets.map(FileSystem.directory(of:)), cleaning: targets.map(FileSystem.fileName(of:)))
        defer { LockRegistry.shared.release(held) }
        let deferral = InterruptDeferral()
        defer { deferral.finish() }
        var prepared: [Prepared] = []
        var journal: (WriteJournal, String)?
        do {
            for (file, target) in zip(files, targets) {
                prepared.append(try prepare(file, target: target, backup: backup))
            }
            for index in prepared.indices { try makeRollbackCopy(&prepared[index]) }
            if prepared.count > 1 {
                let record = WriteJournal(pid: getpid(), started: Int(now), files: prepared.map(\.journalEntry))
                let path = try record.write(forFirst: prepared[0].target)
                journal = (record, path)
                try inject(prepared[0].file.path, .journalWritten)
            }
            WriteTestHooks.pauseBeforeCommit()
            for index in prepared.indices { try commit(&prepared[index]) }
        } catch {
            try undo(prepared, journal: journal?.1)
            throw error
        }
        if let journal {
            journal.0.remove(at: journal.1)
        } else {
            for done in prepared { if let copy = done.rollbackCopy { unlink(copy) } }
        }
        let secretBackups = prepared.filter(\.file.backupHoldsSecret).compactMap(\.backup)
        return WriteResult(
            writtenFiles: prepared.map(\.target), backupFiles: prepared.compactMap(\.backup), secretBackupFiles: secretBackups)
    }

    /// Runs after each step: stops the write when an interrupt arrived, then gives tests their fault.
    private func inject(_ path: String, _ step: WriteStep) throws(ConfigWriterError) {
        if let signal = InterruptDeferral.pendingSignal {
            throw .cannotWrite(path: FileSystem.writeTarget(path), reason: "interrupted by \(InterruptDeferral.name(of: signal))")
        }
        WriteTestHooks.stepReached()
        try faultInjection?(path, step)
    }

    /// Checks the file, writes its new content to a synced temporary file and makes its backup.
    private func prepare(_ file: PendingFile, target: String, backup: Bool) throws(ConfigWriterError) -> Prepared {
        try checkUnchanged(file, target: target)
        let attributes = FileSystem.attributes(target)
        let directory = FileSystem.directory(of: target)
        let (fd, temporary) = try ScratchFiles.create(
            .content, for: FileSystem.fileName(of: target), in: directory, mode: attributes?.mode ?? file.newFileMode)
        var done = Prepared(file: file, target: target, attributes: attributes, temporary: temporary)
        var isOpen = true
        do throws(ConfigWriterError) {
            try inject(file.path, .temporaryCreated)
            try Self.keepOwner(fd, attributes, of: target)
            guard FileSystem.writeAll(fd, file.contents) else { throw ConfigWriterError.cannotWrite(path: target, reason: FileSystem.errorText()) }
            try inject(file.path, .temporaryWritten)
            guard fsync(fd) == 0 else { throw ConfigWriterError.cannotWrite(path: target, reason: "fsync failed: \(FileSystem.errorText())") }
            try inject(file.path, .temporarySynced)
            done.newIdentity = FileSystem.identity(fd: fd)
            close(fd)
            isOpen = false
            if backup, let previous = file.expectedBefore {
                done.backup = try writeBackup(previous, of: target, attributes: attributes, holdsSecret: file.backupHoldsSecret)
                try inject(file.path, .backupWritten)
            }
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            if let made = done.backup { unlink(made) }
            throw error
        }
        return done
    }

    /// Keeps the previous content reachable for a rollback: a hard link to the file, or a synced copy where the file
    /// system has no hard links.
    private func makeRollbackCopy(_ done: inout Prepared) throws(ConfigWriterError) {
        guard let previous = done.file.expectedBefore, let original = FileSystem.identity(done.target) else { return }
        let directory = FileSystem.directory(of: done.target)
        let (fd, path) = try ScratchFiles.create(.rollback, for: FileSystem.fileName(of: done.target), in: directory, mode: 0o600)
        close(fd)
        unlink(path)
        done.previousIdentities = [original]
        if link(done.target, path) == 0 {
            done.rollbackCopy = path
            return
        }
        let copy = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, done.attributes?.mode ?? 0o600)
        guard copy >= 0 else { throw .cannotWrite(path: done.target, reason: "cannot keep a copy for a rollback: \(FileSystem.errorText())") }
        done.rollbackCopy = path
        defer { close(copy) }
        try Self.keepOwner(copy, done.attributes, of: done.target)
        guard fchmod(copy, done.attributes?.mode ?? 0o600) == 0, FileSystem.writeAll(copy, previous), fsync(copy) == 0 else {
            throw .cannotWrite(path: done.target, reason: "cannot keep a copy for a rollback: \(FileSystem.errorText())")
        }
        if let identity = FileSystem.identity(fd: copy) { done.previousIdentities.append(identity) }
    }

    /// The final change check and the rename of one prepared file.
    private func commit(_ done: inout Prepared) throws(ConfigWriterError) {
        try checkUnchanged(done.file, target: done.target)
        try inject(done.file.path, .beforeRename)
        guard rename(done.temporary, done.target) == 0 else { throw .cannotWrite(path: done.target, reason: FileSystem.errorText()) }
        done.renamed = true
        try inject(done.file.path, .renamed)
        let directory = FileSystem.directory(of: done.target)
        guard FileSystem.syncDirectory(directory) else {
            throw .cannotWrite(path: done.target, reason: "cannot flush the directory \(directory): \(FileSystem.errorText())")
        }
        try inject(done.file.path, .directorySynced)
    }

    /// Puts back the files already renamed, newest first, and removes what this run created. When a file cannot be
    /// put back, the journal stays, so the next run tries again.
    private func undo(_ prepared: [Prepared], journal: String?) throws(ConfigWriterError) {
        var failure: ConfigWriterError?
        for done in prepared.reversed() {
            if done.renamed {
                let restored: Bool
                if let copy = done.rollbackCopy {
                    restored = rename(copy, done.target) == 0
                } else {
                    restored = unlink(done.target) == 0
                }
                if restored {
                    _ = FileSystem.syncDirectory(FileSystem.directory(of: done.target))
                } else if failure == nil {
                    failure = .rollbackFailed(path: done.file.path, reason: FileSystem.errorText(), backup: done.backup)
                }
            } else {
                unlink(done.temporary)
                if let copy = done.rollbackCopy { unlink(copy) }
            }
            if failure == nil, let made = done.backup { unlink(made) }
        }
        if let failure { throw failure }
        if let journal {
            unlink(journal)
            _ = FileSystem.syncDirectory(FileSystem.directory(of: journal))
        }
    }

    private func checkUnchanged(_ file: PendingFile, target: String) throws(ConfigWriterError) {
        guard FileSystem.holds(file.expectedBefore, at: target) else { throw .changedOnDisk(path: file.path) }
    }

    /// Gives the open file `fd` the owner of the file it replaces or copies.
    private static func keepOwner(_ fd: Int32, _ attributes: FileSystem.Attributes?, of target: String) throws(ConfigWriterError) {
        guard let attributes, attributes.owner != geteuid() || attributes.group != getegid() else { return }
        guard fchown(fd, attributes.owner, attributes.group) == 0 else {
            throw .cannotWrite(path: target, reason: "cannot keep its owner \(attributes.owner):\(attributes.group): \(FileSystem.errorText())")
        }
    }

    /// Writes `bytes` as `target.bak-YYYYMMDD-HHMMSS` (or `-2`, `-3`, … for a name already taken): first to a
    /// temporary name, synced, then linked or renamed to the free backup name. Mode and owner are the original's;
    /// a backup that holds a secret gets mode 0600.
    private func writeBackup(
        _ bytes: [UInt8], of target: String, attributes: FileSystem.Attributes?, holdsSecret: Bool
    ) throws(ConfigWriterError) -> String {
        var moment = now
        var parts = tm()
        localtime_r(&moment, &parts)
        var stamp = [CChar](repeating: 0, count: 32)
        strftime(&stamp, stamp.count, "%Y%m%d-%H%M%S", &parts)
        let base = target + ".bak-" + FileSystem.string(fromCString: stamp)
        let mode: mode_t = holdsSecret ? 0o600 : attributes?.mode ?? 0o600
        let (fd, temporary) = try ScratchFiles.create(.backup, for: FileSystem.fileName(of: target), in: FileSystem.directory(of: target), mode: mode)
        do throws(ConfigWriterError) {
            try Self.keepOwner(fd, attributes, of: target)
            guard FileSystem.writeAll(fd, bytes), fsync(fd) == 0 else {
                throw ConfigWriterError.cannotWrite(path: base, reason: "cannot write the backup: \(FileSystem.errorText())")
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        for attempt in 1...100 {
            let path = attempt == 1 ? base : base + "-\(attempt)"
            if link(temporary, path) == 0 {
                unlink(temporary)
                return path
            }
            if errno == EEXIST { continue }
            var info = stat()
            if lstat(path, &info) == 0 { continue }
            guard rename(temporary, path) == 0 else { break }
            return path
        }
        let reason = FileSystem.errorText()
        unlink(temporary)
        throw .cannotWrite(path: base, reason: "cannot put the backup in place: \(reason)")
    }
}

/// The files a write changed and the backups it made.
public struct WriteResult: Sendable, Equatable {
    /// The files written (symlinks resolved), in the order written.
    public var writtenFiles: [String]
    /// The backups of the previous contents.
    public var backupFiles: [String]
    /// The backups among `backupFiles` that hold a secret (mode 0600).
    public var secretBackupFiles: [String] = []
}
