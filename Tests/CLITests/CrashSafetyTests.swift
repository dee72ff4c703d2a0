import Foundation
import XCTest

/// SIGKILL during `apply --secret-dotenv` on a multi-MB config (SPEC §6): after the next run (or `show`) the pair
/// is the old one or the new one, never mixed; a backup under its final name is always complete; the next run
/// leaves no temporary file, journal or lock file behind.
final class CrashSafetyTests: XCTestCase {
    private var directory: URL!
    private var config: String { directory.appendingPathComponent("config.toml").path }
    private var envFile: String { directory.appendingPathComponent(".env").path }

    /// About 2 MB, mostly long comment lines (cheap to parse in a debug build, so the test stays within tens of
    /// seconds), and a last key.
    private static let oldConfig: String = {
        var text = "# BOMnipotent\n[smtp]\nuser = \"old@example.org\"\nendpoint = \"smtp.example.org\"\nsecret = \"${SMTP_SECRET}\"\n\n[padding]\n"
        let line = "# " + String(repeating: "a long comment line to make the file large ", count: 23) + "\n"
        for _ in 0..<2_000 { text += line }
        return text + "last_key = \"last value\"\n"
    }()

    private static let oldEnv = "SMTP_SECRET=\"\(secretMarker)-old\"\n"
    private static let newUser = "new@example.org"
    private static let newSecret = "\(secretMarker)-new"

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func reset() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        try Data(Self.oldConfig.utf8).write(to: URL(fileURLWithPath: config))
        try Data(Self.oldEnv.utf8).write(to: URL(fileURLWithPath: envFile))
    }

    private var applyArguments: [String] {
        ["apply", "--config", config, "--user", Self.newUser, "--endpoint", "smtp.example.org", "--secret-dotenv", "SMTP_SECRET"]
    }

    private struct Outcome {
        var killedMidRun = false
        var journalLeft = false
        var scratchLeft = false
        var newPair = false
        var recoveryReported = false
    }

    /// Checks the files after a run that may have been killed, runs `show` where a journal is left, then the next `apply`.
    private func check(after run: (result: CommandResult, killedBySignal: Bool), label: String) throws -> Outcome {
        var outcome = Outcome()
        outcome.killedMidRun = run.killedBySignal
        if !run.killedBySignal { XCTAssertEqual(run.result.status, 0, "\(label): \(run.result.stderr)") }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        outcome.journalLeft = names.contains(".config.toml.write-journal")
        outcome.scratchLeft = names.contains { $0.hasPrefix(".") && $0 != ".env" && !$0.hasPrefix(".env.bak-") }
        for name in names where name.hasPrefix("config.toml.bak-") {
            XCTAssertEqual(try readText(directory.appendingPathComponent(name).path), Self.oldConfig, "\(label): \(name) is complete")
        }
        for name in names where name.hasPrefix(".env.bak-") {
            XCTAssertEqual(try readText(directory.appendingPathComponent(name).path), Self.oldEnv, "\(label): \(name) is complete")
        }

        if outcome.journalLeft {
            let show = try CommandRunner.run(["show", "--config", config])
            XCTAssertEqual(show.status, 0, "\(label): \(show.stderr)")
            XCTAssertFalse(show.stderr.contains(secretMarker) || show.stdout.contains(secretMarker), label)
            outcome.recoveryReported = show.stderr.contains("  WRITE_INTERRUPTED: An earlier run (PID ")
            XCTAssertTrue(outcome.recoveryReported, "\(label): show reports the interrupted pair\n\(show.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".config.toml.write-journal").path), label)
        }
        let configText = try readText(config)
        let pair = (configUser(configText), envSecret(try readText(envFile)))
        outcome.newPair = pair.0 == Self.newUser
        if outcome.newPair {
            XCTAssertEqual(pair.1, Self.newSecret, "\(label): new config with the old secret")
            XCTAssertTrue(configText.hasSuffix("last_key = \"last value\"\n"), "\(label): config complete")
        } else {
            XCTAssertEqual(configText, Self.oldConfig, "\(label): old config")
            XCTAssertEqual(pair.1, "\(secretMarker)-old", "\(label): old config with the new secret")
        }

        let next = try CommandRunner.run(applyArguments, stdin: Self.newSecret + "\n")
        XCTAssertEqual(next.status, 0, "\(label): \(next.stderr)")
        XCTAssertEqual(try toolScratchFiles(in: directory), [], "\(label): left after the next run")
        XCTAssertEqual(configUser(try readText(config)), Self.newUser, label)
        XCTAssertEqual(envSecret(try readText(envFile)), Self.newSecret, label)
        return outcome
    }

    /// SIGKILL at each step of the write in turn (the run kills itself there), then at seeded random moments.
    func testKillAtEveryStepAndAtRandomMomentsLeavesOldOrNewPair() throws {
        var outcomes: [Outcome] = []
        var step = 1
        var completed = false
        let started = Date()
        while !completed, step <= 40 {
            try reset()
            let run = try ToolProcess(applyArguments, stdin: Self.newSecret + "\n",
                environment: ["BOMNIPOTENT_SMTP_TEST_ONLY_KILL_AT_STEP": "\(step)"]).finish()
            let outcome = try check(after: run, label: "kill at step \(step)")
            completed = !outcome.killedMidRun
            outcomes.append(outcome)
            step += 1
        }
        XCTAssertTrue(completed, "a run with more steps than it has completes")
        let steps = step - 2
        XCTAssertGreaterThanOrEqual(steps, 10)

        try reset()
        let timing = Date()
        _ = try ToolProcess(applyArguments, stdin: Self.newSecret + "\n").finish()
        let runTime = Date().timeIntervalSince(timing)
        var generator = SeededGenerator(seed: 0x5AFE)
        let rounds = 6
        for round in 0..<rounds {
            try reset()
            let process = try ToolProcess(applyArguments, stdin: Self.newSecret + "\n")
            usleep(useconds_t(Double.random(in: 0.2...1.1, using: &generator) * runTime * 1_000_000))
            kill(process.pid, SIGKILL)
            outcomes.append(try check(after: process.finish(), label: "random kill \(round)"))
        }
        let killed = outcomes.filter(\.killedMidRun)
        print("""
            kill test: \(steps) step kills + \(rounds) timed kills (full run \(String(format: "%.2f", runTime)) s), \
            \(killed.count) landed mid-run, \(killed.filter(\.journalLeft).count) with a journal (pair rolled back by show), \
            \(killed.filter(\.scratchLeft).count) left scratch files (removed by the next run); \
            outcomes: \(outcomes.filter(\.newPair).count) new pair, \(outcomes.filter { !$0.newPair }.count) old pair, 0 mixed; \
            \(String(format: "%.0f", Date().timeIntervalSince(started))) s
            """)
        XCTAssertGreaterThan(killed.filter(\.journalLeft).count, 0, "some kills hit the window between the renames")
    }
}

/// A small deterministic generator (SplitMix64), so the timed kills land at the same fractions on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
