import ConfigWriter
import Foundation
import SMTPSettings
import XCTest

@testable import SetupTUI

/// A terminal that replays events and keeps every frame drawn.
final class ScriptedTerminal: WizardTerminal {
    var events: [WizardEvent]
    var frames: [ScreenBuffer] = []
    var restoreCount = 0
    private var idlePolls = 0

    init(_ events: [WizardEvent]) { self.events = events }

    var size: (columns: Int, rows: Int) { (80, 24) }

    func draw(_ buffer: ScreenBuffer) { frames.append(buffer) }

    func nextEvent() -> WizardEvent? {
        if events.isEmpty {
            idlePolls += 1
            precondition(idlePolls < 2000, "the script ended before the wizard quit")
            usleep(2_000)
            return nil
        }
        if case .key(.enter) = events[0], frames.last?.lines.contains(where: { $0.contains("Running…") || $0.contains("Computing") }) == true {
            usleep(2_000)
            return nil
        }
        return events.removeFirst()
    }

    func restore() { restoreCount += 1 }
}

/// Services that answer at once and count what they were asked to do.
final class RecordingServices: WizardServices, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var probes: [WizardProbeRequest] = []
    private(set) var plans: [WizardChange] = []
    private(set) var writes = 0

    func probe(_ request: WizardProbeRequest, progress: @escaping @Sendable (ProbeProgressEvent) -> Void) async -> ProbeOutcome {
        lock.withLock { probes.append(request) }
        for row in Fixtures.okOutcome.stages { progress(.finished(row)) }
        return Fixtures.okOutcome
    }

    func discover(host: String, settings: SMTPSettings, secret: SecretWrite?) async -> DiscoveryOutcome {
        DiscoveryOutcome(attempts: [], recommended: nil)
    }

    struct Plan: PlannedChange {
        let services: RecordingServices
        var preview: PlanPreview { PlanPreview(diff: Fixtures.diff, notes: []) }
        func write() throws(WizardServiceError) -> WriteOutcome {
            services.lock.withLock { services.writes += 1 }
            return WriteOutcome(writtenFiles: ["/srv/bomnipotent/config.toml"], backupFiles: [])
        }
    }

    func plan(_ change: WizardChange) throws(WizardServiceError) -> any PlannedChange {
        lock.withLock { plans.append(change) }
        return Plan(services: self)
    }

    func reload() throws(WizardServiceError) {}
}

final class WizardRuntimeTests: XCTestCase {
    private var toProbe: [WizardEvent] {
        var events: [WizardEvent] = [.key(.enter)]
        events += typing("admin@example.org")
        events += [.key(.enter)]
        events += typing("smtp.example.org")
        events += [.key(.enter), .key(.enter), .key(.down), .key(.down), .key(.tab), .key(.tab)]
        events += typing(secretMarker)
        return events + [.key(.enter)]
    }

    func testCancelHalfwayWritesNothingAndRestores() {
        let services = RecordingServices()
        let terminal = ScriptedTerminal(Array(toProbe.dropLast()) + [.key(.ctrlC)])
        let runtime = WizardRuntime(summary: Fixtures.emptySummary, services: services, terminal: terminal)
        XCTAssertEqual(runtime.run(), 130)
        XCTAssertEqual(services.plans, [])
        XCTAssertEqual(services.writes, 0)
        XCTAssertEqual(terminal.restoreCount, 1)
        XCTAssertFalse(terminal.frames.contains { $0.lines.joined().contains(secretMarker) })
    }

    func testFullRunProbesPlansAndWritesOnce() {
        let services = RecordingServices()
        let terminal = ScriptedTerminal(toProbe + [.key(.enter), .key(.enter), .key(.enter)])
        let runtime = WizardRuntime(summary: Fixtures.emptySummary, services: services, terminal: terminal)
        XCTAssertEqual(runtime.run(), 0)
        XCTAssertEqual(services.probes.map(\.secret), [.dotenv(name: "SMTP_SECRET", value: secretMarker)])
        XCTAssertEqual(services.plans.count, 1)
        XCTAssertEqual(services.writes, 1)
        XCTAssertEqual(terminal.frames.last?.lines[3], "  ✓ Written:")
        XCTAssertEqual(terminal.restoreCount, 1)
    }

    func testExitAfterFirstFrame() {
        let terminal = ScriptedTerminal([])
        let runtime = WizardRuntime(summary: Fixtures.emptySummary, services: RecordingServices(), terminal: terminal, exitAfterFirstFrame: true)
        XCTAssertEqual(runtime.run(), 0)
        XCTAssertEqual(terminal.frames.count, 1)
        XCTAssertEqual(terminal.frames[0].lines[9], "What do you want to do?".padded)
    }
}

extension String {
    fileprivate var padded: String { "  " + self }
}
