@testable import ConfigWriter
import Foundation
import SMTPSettings
import XCTest

/// Backups, leftover temporary files, the write journal and the lock, file by file (SPEC §6).
final class WriteRecoveryTests: XCTestCase {
    private var fixture: ConfigFixture!

    override func setUpWithError() throws {
        fixture = try ConfigFixture(self, config: "[smtp]\nuser = \"old@example.org\"\nendpoint = \"old.example.org\"\nsecret = \"${SMTP_SECRET}\"\n",
            env: "SMTP_SECRET=\"old-secret\"\n")
    }

    private func mode(_ name: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: fixture.directory + "/" + name)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    private func plan(user: String = "new@example.org", secret: SecretWrite = .dotenv(name: "SMTP_SECRET", value: "new-secret")) throws -> ChangePlan {
        try fixture.load().plan(.smtp(user, "new.example.org", secret: secret))
    }

    /// A `.env` backup and a backup of a config with an inline secret get mode 0600; other backups keep the mode.
    func testSecretBackupsGetMode0600AndOthersKeepTheirs() throws {
        try fixture.write(".env", "SMTP_SECRET=\"old-secret\"\n", mode: 0o644)
        try fixture.write("config.toml", "[smtp]\nuser = \"old@example.org\"\nendpoint = \"old.example.org\"\nsecret = \"${SMTP_SECRET}\"\n", mode: 0o640)
        let result = try plan().write(backup: true)
        let names = result.backupFiles.map(FileSystem.fileName(of:))
        XCTAssertEqual(names.count, 2)
        XCTAssertEqual(try names.map(mode), [0o640, 0o600], "\(names)")
        XCTAssertEqual(result.secretBackupFiles, [result.backupFiles[1]])
        XCTAssertEqual(try mode(".env"), 0o644, "the .env itself keeps its mode")

        try fixture.write("config.toml", "[smtp]\nuser = \"old@example.org\"\nendpoint = \"old.example.org\"\nsecret = \"inline-old\"\n", mode: 0o644)
        let moved = try plan(user: "third@example.org").write(backup: true)
        let configBackup = try XCTUnwrap(moved.backupFiles.first)
        XCTAssertEqual(try mode(FileSystem.fileName(of: configBackup)), 0o600)
        XCTAssertEqual(moved.secretBackupFiles, moved.backupFiles)
        XCTAssertEqual(try fixture.read(FileSystem.fileName(of: configBackup)), "[smtp]\nuser = \"old@example.org\"\nendpoint = \"old.example.org\"\nsecret = \"inline-old\"\n")
        XCTAssertEqual(try fixture.listing().filter { $0.hasPrefix(".") && $0 != ".env" && !$0.hasPrefix(".env.bak-") }, [], "no scratch file left")
    }

    func testBackupsKeepTheOwner() throws {
        try XCTSkipUnless(geteuid() == 0, "changing a file's owner needs root")
        XCTAssertEqual(chown(fixture.configPath, 1234, 4321), 0)
        XCTAssertEqual(chown(fixture.envPath, 1235, 4322), 0)
        let result = try plan().write(backup: true)
        let owners = result.backupFiles.compactMap(FileSystem.attributes).map { [$0.owner, $0.group] }
        XCTAssertEqual(owners, [[1234, 4321], [1235, 4322]])
        XCTAssertEqual(FileSystem.attributes(fixture.envPath).map { [$0.owner, $0.group] }, [1235, 4322])
    }

    /// The plan's warnings after the write say only what happened: no backup claim without a backup.
    func testBackupWarningOnlyWhenABackupWasWritten() throws {
        try fixture.write("config.toml", "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"inline-old\"\n")
        let removing = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .remove))
        XCTAssertEqual(removing.warnings.map(\.code), [.BACKUP_HOLDS_SECRET])
        let unbacked = try removing.write(backup: false)
        XCTAssertEqual(removing.warnings(after: unbacked), [])

        try fixture.write("config.toml", "[smtp]\nuser = \"a@example.org\"\nendpoint = \"h.example.org\"\nsecret = \"inline-old\"\n")
        let again = try fixture.load().plan(.smtp("a@example.org", "h.example.org", secret: .remove))
        let backed = try again.write(backup: true)
        let backup = try XCTUnwrap(backed.backupFiles.first)
        XCTAssertEqual(again.warnings(after: backed), [SettingsWarning(
            code: .BACKUP_HOLDS_SECRET,
            message: "config.toml held the secret inline until now: its backup \(backup) (mode 0600) keeps that value. Delete it once the new settings work.")])
    }

    func testInlineSecretWithAVariableIsWarned() throws {
        let typed = try plan(secret: .inline("${OTHER}"))
        XCTAssertTrue(typed.warnings.map(\.code).contains(.INLINE_SECRET_HAS_VARIABLE), "\(typed.warnings.map(\.code))")
        let plain = try plan(secret: .inline("no-variable"))
        XCTAssertFalse(plain.warnings.map(\.code).contains(.INLINE_SECRET_HAS_VARIABLE))
    }

    /// Leftover scratch files of the files written are removed by the next write; nothing else is touched.
    func testLeftoverTemporaryFilesAreRemovedByTheNextWrite() throws {
        let ours = [".config.toml.tmp-abc123", ".config.toml.bak-tmp-XyZ789", ".config.toml.old-a1b2c3", ".config.toml.journal-tmp-Q1w2E3", "..env.tmp-q1w2e3"]
        let others = [".config.toml.tmp-toolong1", ".other.tmp-abc123", "notes.tmp-abc123", ".config.toml.swp", ".env.local"]
        for name in ours + others { try fixture.write(name, "leftover\n") }
        _ = try plan().write(backup: false)
        XCTAssertEqual(try fixture.listing(), ([".env", "config.toml"] + others).sorted())
    }

    /// A journal left by a run that died after renaming config.toml, before `.env`: loading rolls config.toml
    /// back from its rollback copy, says so, and removes the journal and the scratch files.
    func testInterruptedPairIsRolledBackOnLoad() throws {
        let directory = fixture.directory
        let oldConfig = try fixture.read("config.toml")
        let copy = directory + "/.config.toml.old-AbC123"
        XCTAssertEqual(link(fixture.configPath, copy), 0)
        let original = try XCTUnwrap(FileSystem.identity(fixture.configPath))
        try fixture.write(".config.toml.tmp-NeW456", "[smtp]\nuser = \"new@example.org\"\n")
        let newIdentity = try XCTUnwrap(FileSystem.identity(directory + "/.config.toml.tmp-NeW456"))
        XCTAssertEqual(rename(directory + "/.config.toml.tmp-NeW456", fixture.configPath), 0)
        try fixture.write("..env.tmp-EnV789", "SMTP_SECRET=\"new-secret\"\n")
        let envCopy = directory + "/..env.old-EnV000"
        XCTAssertEqual(link(fixture.envPath, envCopy), 0)
        let journal = WriteJournal(pid: 999_999_999, started: 0, files: [
            .init(target: fixture.configPath, temporary: directory + "/.config.toml.tmp-NeW456", newIdentity: newIdentity,
                rollbackCopy: copy, previousIdentities: [original]),
            .init(target: fixture.envPath, temporary: directory + "/..env.tmp-EnV789",
                newIdentity: try XCTUnwrap(FileSystem.identity(directory + "/..env.tmp-EnV789")),
                rollbackCopy: envCopy, previousIdentities: [try XCTUnwrap(FileSystem.identity(fixture.envPath))]),
        ])
        _ = try journal.write(forFirst: fixture.configPath)

        let state = try fixture.load()
        XCTAssertEqual(state.warnings.first, SettingsWarning(
            code: .WRITE_INTERRUPTED,
            message: "An earlier run (PID 999999999) was interrupted while writing \(fixture.configPath) and \(fixture.envPath) together: \(fixture.configPath) put back as before that run, so the files match again."))
        XCTAssertEqual(try fixture.read("config.toml"), oldConfig)
        XCTAssertEqual(try fixture.read(".env"), "SMTP_SECRET=\"old-secret\"\n")
        XCTAssertEqual(try fixture.listing(), [".env", "config.toml"])
        XCTAssertFalse(try fixture.load().warnings.map(\.code).contains(.WRITE_INTERRUPTED), "said once")
    }

    /// A file that another program replaced after the crash is left alone and named.
    func testInterruptedPairLeavesAForeignChangeAndNamesIt() throws {
        let directory = fixture.directory
        let copy = directory + "/.config.toml.old-AbC123"
        XCTAssertEqual(link(fixture.configPath, copy), 0)
        let original = try XCTUnwrap(FileSystem.identity(fixture.configPath))
        let journal = WriteJournal(pid: 999_999_999, started: 0, files: [
            .init(target: fixture.configPath, temporary: directory + "/.config.toml.tmp-NeW456", newIdentity: FileIdentity(device: 0, inode: 1),
                rollbackCopy: copy, previousIdentities: [original]),
        ])
        _ = try journal.write(forFirst: fixture.configPath)
        try? FileManager.default.removeItem(atPath: fixture.configPath)
        try fixture.write("config.toml", "# edited by hand\n")
        let warning = try XCTUnwrap(try fixture.load().warnings.first)
        XCTAssertEqual(warning.code, .WRITE_INTERRUPTED)
        XCTAssertTrue(warning.message.hasSuffix(
            "it had not replaced any of them yet, so they are as before that run. \(fixture.configPath) changed since by another program and was left as it is: check that it matches the other file."),
            warning.message)
        XCTAssertEqual(try fixture.read("config.toml"), "# edited by hand\n")
    }

    /// The lock is re-entrant within a process (apply holds it, the write takes it again) and leaves no file.
    func testLockIsReentrantAndLeavesNoFile() throws {
        let change = try plan()
        try ConfigLock.withExclusiveAccess(configPath: fixture.configPath) { () throws(ConfigWriterError) in
            _ = try change.write(backup: false)
        }
        XCTAssertEqual(try fixture.listing(), [".env", "config.toml"])
        XCTAssertTrue(try fixture.read("config.toml").contains("new@example.org"))
    }

    func testLockedErrorNamesTheHolder() {
        let error = ConfigWriterError.locked(directory: "/srv/cfg", holderPID: 4242, holderName: "bomnipotent-smtp", waitedSeconds: 10)
        XCTAssertEqual(error.kind, .changedOnDisk)
        XCTAssertEqual(error.description,
            "Another run (PID 4242, bomnipotent-smtp) is changing the files in /srv/cfg and still held its lock after 10 s; nothing was written. Run the command again once it has finished.")
        XCTAssertEqual(ConfigWriterError.locked(directory: "/d", holderPID: nil, holderName: nil, waitedSeconds: 0.5).description,
            "Another run is changing the files in /d and still held its lock after 0.5 s; nothing was written. Run the command again once it has finished.")
    }
}
