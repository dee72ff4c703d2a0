import Dispatch
import Foundation

/// Runs the wizard: feeds keys and effect results to `update`, draws `render`, and executes effects
/// through the services until an effect says to quit.
public final class WizardRuntime {
    private var state: WizardState
    private let services: any WizardServices
    private let terminal: any WizardTerminal
    private let inbox = EventInbox()
    private let exitAfterFirstFrame: Bool
    private var planned: (any PlannedChange)?
    private var signalSources: [any DispatchSourceSignal] = []

    /// A runtime for the wizard starting from `summary`. With `exitAfterFirstFrame` it returns 0 right after
    /// the first full frame was flushed (for `scripts/bench-wizard`).
    public init(
        summary: ConfigSummary, services: any WizardServices, terminal: any WizardTerminal, exitAfterFirstFrame: Bool = false
    ) {
        let size = terminal.size
        state = WizardState(summary: summary, columns: size.columns, rows: size.rows)
        self.services = services
        self.terminal = terminal
        self.exitAfterFirstFrame = exitAfterFirstFrame
    }

    /// Runs the wizard on a thread of its own (the key loop blocks while it waits for keys), so that
    /// the probe's tasks keep every thread of the concurrency pool.
    public func runOnOwnThread() async -> Int32 {
        let runtime = UncheckedBox(self)
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: runtime.value.run()) }
            thread.start()
        }
    }

    /// Runs until the wizard quits; returns the exit status. The terminal is restored before returning,
    /// also on SIGTERM, SIGHUP and SIGINT (exit 128 + signal number).
    public func run() -> Int32 {
        installSignalHandlers()
        defer {
            terminal.restore()
            signalSources.forEach { $0.cancel() }
        }
        terminal.draw(render(state))
        if exitAfterFirstFrame { return 0 }
        while true {
            if let number = inbox.receivedSignal { return 128 + number }
            let results = inbox.drain()
            if !results.isEmpty {
                if let status = apply(results) { return status }
                terminal.draw(render(state))
            }
            if let event = terminal.nextEvent() {
                if let status = apply([event]) { return status }
                terminal.draw(render(state))
            }
        }
    }

    /// Feeds events to the state machine and executes the effects; returns the exit status on quit.
    private func apply(_ events: [WizardEvent]) -> Int32? {
        for event in events {
            for effect in update(&state, event) {
                if case .quit(let status) = effect { return status }
                execute(effect)
            }
        }
        return nil
    }

    private func execute(_ effect: WizardEffect) {
        let inbox = self.inbox
        let services = self.services
        switch effect {
        case .runProbe(let request, let run):
            Task.detached {
                let outcome = await services.probe(request) { progress in
                    switch progress {
                    case .started(let id): inbox.post(.probeStageStarted(run: run, id: id))
                    case .finished(let row): inbox.post(.probeStageFinished(run: run, row))
                    }
                }
                inbox.post(.probeFinished(run: run, outcome))
            }
        case .runDiscovery(let host, let user, let secret):
            Task.detached {
                inbox.post(.discoveryFinished(await services.discover(host: host, user: user, secret: secret)))
            }
        case .computePlan(let change):
            do {
                let plan = try services.plan(change)
                planned = plan
                inbox.post(.planComputed(plan.preview))
            } catch {
                planned = nil
                inbox.post(.planFailed(error.message))
            }
        case .write:
            guard let planned else {
                inbox.post(.writeFailed(message: "There is no computed change to write.", exitCode: 73))
                return
            }
            do {
                inbox.post(.writeFinished(try planned.write()))
            } catch {
                inbox.post(.writeFailed(message: error.message, exitCode: error.exitCode))
            }
            self.planned = nil
        case .quit:
            break
        }
    }

    private func installSignalHandlers() {
        for number in [SIGTERM, SIGHUP, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let inbox = self.inbox
            source.setEventHandler { inbox.terminate(signal: number) }
            source.resume()
            signalSources.append(source)
        }
    }
}

/// Hands a value to another thread that alone uses it from then on.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
