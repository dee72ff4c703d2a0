import Foundation

/// Runs the wizard: feeds keys and effect results to `update`, draws `render`, and executes effects
/// through the services until an effect says to quit.
public final class WizardRuntime {
    private var state: WizardState
    private let services: any WizardServices
    private let terminal: any WizardTerminal
    private let inbox = EventInbox()
    private let exitAfterFirstFrame: Bool
    private let runner: EffectRunner

    /// A runtime for the wizard starting from `summary`. With `exitAfterFirstFrame` it returns 0 right after
    /// the first full frame was flushed (for `scripts/bench-wizard`).
    public init(
        summary: ConfigSummary, services: any WizardServices, terminal: any WizardTerminal, exitAfterFirstFrame: Bool = false
    ) {
        let size = terminal.size
        state = WizardState(summary: summary, columns: size.columns, rows: size.rows)
        self.services = services
        runner = EffectRunner(services: services)
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

    /// Runs until the wizard quits; returns the exit status. The terminal is restored before returning; on
    /// SIGTERM, SIGHUP and SIGINT the `TerminalGuard` the caller holds restores it.
    public func run() -> Int32 {
        defer { terminal.restore() }
        terminal.draw(render(state))
        if exitAfterFirstFrame { return 0 }
        while true {
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
        var queue = events
        while !queue.isEmpty {
            let event = queue.removeFirst()
            for effect in update(&state, event) {
                switch runner.start(effect) {
                case .quit(let status): return status
                case .done(let results): queue += results
                case .background(let work):
                    let inbox = self.inbox
                    Task.detached { await work { inbox.post($0) } }
                }
            }
        }
        return nil
    }
}

/// Hands a value to another thread that alone uses it from then on.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
