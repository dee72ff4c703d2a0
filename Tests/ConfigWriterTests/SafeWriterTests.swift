@testable import ConfigWriter
import Foundation
import XCTest

/// How often the test's own SIGTERM handler ran.
nonisolated(unsafe) private var testHandlerCalls: Int32 = 0
/// `testHandlerCalls` right after the test raised SIGTERM, -1 before.
nonisolated(unsafe) private var handlerCallsAtRaise: Int32 = -1

/// `@unchecked Sendable`: the fault-injection closures are `@Sendable` and call this test's file helpers; each test runs on one thread.
final class SafeWriterTests: XCTestCase, @unchecked Sendable {
    private var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("safewriter-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func path(_ name: String) -> String { directory + "/" + name }

    private func create(_ name: String, _ text: String, mode: Int = 0o640) throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: path(name), contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
    }

    private func contents(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    private func mode(_ name: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path(name))[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    private func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    private func pending(_ name: String, before: String?, after: String, mode: mode_t = 0o644) -> PendingFile {
        PendingFile(path: path(name), expectedBefore: before.map { Array($0.utf8) }, contents: Array(after.utf8), newFileMode: mode)
    }

    func testReplacesKeepingModeAndMakesBackup() throws {
        try create("config.toml", "old\n", mode: 0o640)
        var writer = SafeWriter()
        writer.now = 1_700_000_000
        let result = try writer.write([pending("config.toml", before: "old\n", after: "new\n")], backup: true)
        XCTAssertEqual(try contents("config.toml"), "new\n")
        XCTAssertEqual(try mode("config.toml"), 0o640)
        XCTAssertEqual(result.writtenFiles, [path("config.toml")])
        XCTAssertEqual(result.backupFiles.count, 1)
        let backupName = try XCTUnwrap(result.backupFiles.first.map { FileSystem.fileName(of: $0) })
        XCTAssertTrue(backupName.range(of: #"^config\.toml\.bak-\d{8}-\d{6}$"#, options: .regularExpression) != nil, backupName)
        XCTAssertEqual(try contents(backupName), "old\n")
        XCTAssertEqual(try mode(backupName), 0o640)
        XCTAssertEqual(try listing(), [backupName, "config.toml"].sorted())
        let second = try writer.write([pending("config.toml", before: "new\n", after: "newer\n")], backup: true)
        XCTAssertEqual(second.backupFiles.map { FileSystem.fileName(of: $0) }, [backupName + "-2"])
    }

    func testNewFilesGetTheirModeWhateverTheUmask() throws {
        let old = umask(0)
        defer { umask(old) }
        _ = try SafeWriter().write(
            [pending("config.toml", before: nil, after: "a\n", mode: 0o644), pending(".env", before: nil, after: "S=\"x\"\n", mode: 0o600)],
            backup: true)
        XCTAssertEqual(try mode("config.toml"), 0o644)
        XCTAssertEqual(try mode(".env"), 0o600)
        XCTAssertEqual(try listing(), [".env", "config.toml"])
    }

    func testChangeBetweenReadAndRenameStopsWithoutWriting() throws {
        try create("config.toml", "old\n")
        var writer = SafeWriter()
        writer.faultInjection = { [self] _, step throws(ConfigWriterError) in
            if step == .temporarySynced { try? create("config.toml", "edited by someone else\n") }
        }
        XCTAssertThrowsError(try writer.write([pending("config.toml", before: "old\n", after: "new\n")], backup: true)) {
            XCTAssertEqual($0 as? ConfigWriterError, .changedOnDisk(path: path("config.toml")))
        }
        XCTAssertEqual(try contents("config.toml"), "edited by someone else\n")
        XCTAssertEqual(try listing(), ["config.toml"])
        XCTAssertThrowsError(try SafeWriter().write([pending("config.toml", before: "old\n", after: "new\n")], backup: false)) {
            XCTAssertEqual(($0 as? ConfigWriterError)?.kind, .changedOnDisk)
        }
        XCTAssertThrowsError(try SafeWriter().write([pending("fresh.toml", before: "was there\n", after: "new\n")], backup: false)) {
            XCTAssertEqual($0 as? ConfigWriterError, .changedOnDisk(path: path("fresh.toml")))
        }
    }

    /// The change check compares the file piece by piece: a change in the last byte of a file larger than one
    /// piece, one byte more or less, a directory or a missing file is a change; the same bytes are not.
    func testChangeCheckComparesEveryByteOfALargeFile() throws {
        let before = (0..<200_000).map { _ in "config line\n" }.joined()
        try create("config.toml", before)
        let bytes = Array(before.utf8)
        XCTAssertTrue(FileSystem.holds(bytes, at: path("config.toml")))
        XCTAssertFalse(FileSystem.holds(Array(bytes.dropLast()) + [UInt8(ascii: "x")], at: path("config.toml")))
        XCTAssertFalse(FileSystem.holds(Array(bytes.dropLast()), at: path("config.toml")))
        XCTAssertFalse(FileSystem.holds(bytes + [0x0A], at: path("config.toml")))
        XCTAssertFalse(FileSystem.holds(nil, at: path("config.toml")))
        XCTAssertTrue(FileSystem.holds(nil, at: path("absent.toml")))
        XCTAssertFalse(FileSystem.holds([], at: path("absent.toml")))
        XCTAssertFalse(FileSystem.holds([], at: directory))
        try create("empty.toml", "")
        XCTAssertTrue(FileSystem.holds([], at: path("empty.toml")))
        var writer = SafeWriter()
        writer.faultInjection = { [self] _, step throws(ConfigWriterError) in
            if step == .temporarySynced { try? create("config.toml", String(before.dropLast()) + "x") }
        }
        XCTAssertThrowsError(try writer.write([pending("config.toml", before: before, after: "new\n")], backup: false)) {
            XCTAssertEqual($0 as? ConfigWriterError, .changedOnDisk(path: path("config.toml")))
        }
    }

    /// A failure injected after any step of either file leaves both originals intact and no stray file behind.
    /// (The journal step belongs to the unit and is reported for its first file only.)
    func testFaultAtEveryStepLeavesOriginals() throws {
        for failing in ["config.toml", ".env"] {
            for step in WriteStep.allCases where !(failing == ".env" && step == .journalWritten) {
                try create("config.toml", "old config\n", mode: 0o644)
                try create(".env", "A=1\n", mode: 0o600)
                var writer = SafeWriter()
                writer.faultInjection = { [self] file, current throws(ConfigWriterError) in
                    if file == path(failing), current == step { throw .cannotWrite(path: file, reason: "injected") }
                }
                let files = [pending("config.toml", before: "old config\n", after: "new config\n"), pending(".env", before: "A=1\n", after: "A=2\n")]
                XCTAssertThrowsError(try writer.write(files, backup: true), "\(failing) \(step)") {
                    XCTAssertEqual($0 as? ConfigWriterError, .cannotWrite(path: path(failing), reason: "injected"))
                }
                XCTAssertEqual(try contents("config.toml"), "old config\n", "\(failing) \(step)")
                XCTAssertEqual(try contents(".env"), "A=1\n", "\(failing) \(step)")
                XCTAssertEqual(try mode("config.toml"), 0o644)
                XCTAssertEqual(try listing(), [".env", "config.toml"], "\(failing) \(step)")
            }
        }
    }

    /// SIGTERM raised after any step of either file: the write stops at the next step as a failure with both
    /// originals intact and no temporary file left (after the very last step it completes), and the signal reaches
    /// the process's own handler only once the files are consistent.
    func testInterruptAtAnyStepLeavesOriginalsAndIsRaisedAfterwards() throws {
        testHandlerCalls = 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in testHandlerCalls += 1 }
        var previous = sigaction()
        XCTAssertEqual(sigaction(SIGTERM, &action, &previous), 0)
        defer { sigaction(SIGTERM, &previous, nil) }
        for interrupted in ["config.toml", ".env"] {
            for step in WriteStep.allCases where !(interrupted == ".env" && step == .journalWritten) {
                try create("config.toml", "old config\n", mode: 0o644)
                try create(".env", "A=1\n", mode: 0o600)
                testHandlerCalls = 0
                handlerCallsAtRaise = -1
                var writer = SafeWriter()
                writer.faultInjection = { [self] file, current throws(ConfigWriterError) in
                    if file == path(interrupted), current == step {
                        raise(SIGTERM)
                        handlerCallsAtRaise = testHandlerCalls
                    }
                }
                let files = [pending("config.toml", before: "old config\n", after: "new config\n"), pending(".env", before: "A=1\n", after: "A=2\n")]
                let isLastStep = interrupted == ".env" && step == WriteStep.allCases.last
                do {
                    let result = try writer.write(files, backup: true)
                    XCTAssertTrue(isLastStep, "\(interrupted) \(step): an interrupt before the last step must stop the write")
                    XCTAssertEqual(result.writtenFiles, [path("config.toml"), path(".env")])
                } catch {
                    XCTAssertFalse(isLastStep, "once both files are in place the write completes")
                    guard case .cannotWrite(_, let reason) = error else { return XCTFail("\(interrupted) \(step): \(error)") }
                    XCTAssertEqual(reason, "interrupted by SIGTERM", "\(interrupted) \(step)")
                }
                XCTAssertEqual(handlerCallsAtRaise, 0, "the signal is held back while writing (\(interrupted) \(step))")
                XCTAssertEqual(testHandlerCalls, 1, "the signal is raised again afterwards (\(interrupted) \(step))")
                XCTAssertEqual(try contents("config.toml"), isLastStep ? "new config\n" : "old config\n", "\(interrupted) \(step)")
                XCTAssertEqual(try contents(".env"), isLastStep ? "A=2\n" : "A=1\n", "\(interrupted) \(step)")
                XCTAssertEqual(try listing().filter { !$0.contains(".bak-") }, [".env", "config.toml"], "no temporary file left (\(interrupted) \(step))")
                XCTAssertEqual(try listing().filter { $0.contains(".bak-") }.count, isLastStep ? 2 : 0, "\(interrupted) \(step)")
                for name in try listing() where name.contains(".bak-") { try FileManager.default.removeItem(atPath: path(name)) }
            }
        }
        var current = sigaction()
        XCTAssertEqual(sigaction(SIGTERM, nil, &current), 0)
        XCTAssertTrue(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self),
            "the previous handler is back after the write")
    }

    func testFailingEnvWriteRollsBackANewConfig() throws {
        let files = [pending("config.toml", before: nil, after: "new\n"), PendingFile(
            path: path("missing-dir/.env"), expectedBefore: nil, contents: Array("A=1\n".utf8), newFileMode: 0o600)]
        XCTAssertThrowsError(try SafeWriter().write(files, backup: true)) { error in
            guard case .cannotWrite(let failed, let reason)? = error as? ConfigWriterError else { return XCTFail("\(error)") }
            XCTAssertEqual(failed, path("missing-dir/.env"))
            XCTAssertTrue(reason.hasPrefix("cannot create a temporary file in \(path("missing-dir"))"), reason)
        }
        XCTAssertEqual(try listing(), [])
    }

    func testSymlinkIsWrittenThrough() throws {
        try FileManager.default.createDirectory(atPath: path("real"), withIntermediateDirectories: true)
        try create("real/config.toml", "old\n", mode: 0o600)
        try FileManager.default.createSymbolicLink(atPath: path("config.toml"), withDestinationPath: "real/config.toml")
        let result = try SafeWriter().write([pending("config.toml", before: "old\n", after: "new\n")], backup: false)
        XCTAssertEqual(result.writtenFiles, [path("real/config.toml")])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("config.toml")), "real/config.toml")
        XCTAssertEqual(try contents("real/config.toml"), "new\n")
        XCTAssertEqual(try mode("real/config.toml"), 0o600)
    }

    func testOwnerIsKept() throws {
        try XCTSkipUnless(geteuid() == 0, "changing a file's owner needs root")
        try create("config.toml", "old\n")
        XCTAssertEqual(chown(path("config.toml"), 1234, 4321), 0)
        _ = try SafeWriter().write([pending("config.toml", before: "old\n", after: "new\n")], backup: true)
        let attributes = try XCTUnwrap(FileSystem.attributes(path("config.toml")))
        XCTAssertEqual(attributes.owner, 1234)
        XCTAssertEqual(attributes.group, 4321)
    }

    func testUnwritableDirectoryGives73AndNoChange() throws {
        try XCTSkipIf(geteuid() == 0, "root writes into read-only directories")
        try create("config.toml", "old\n")
        XCTAssertEqual(chmod(directory, 0o555), 0)
        defer { chmod(directory, 0o755) }
        XCTAssertThrowsError(try SafeWriter().write([pending("config.toml", before: "old\n", after: "new\n")], backup: true)) {
            XCTAssertEqual(($0 as? ConfigWriterError)?.kind, .cannotWrite)
        }
        XCTAssertEqual(try contents("config.toml"), "old\n")
    }
}
