import Foundation

/// A thread-safe queue of events from effects running in the background, plus a received signal.
final class EventInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [WizardEvent] = []
    private var signal: Int32?

    /// Adds an event.
    func post(_ event: WizardEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    /// Records a termination signal.
    func terminate(signal number: Int32) {
        lock.lock()
        signal = signal ?? number
        lock.unlock()
    }

    /// Takes all events posted so far.
    func drain() -> [WizardEvent] {
        lock.lock()
        defer { lock.unlock() }
        let taken = events
        events = []
        return taken
    }

    /// The termination signal received, if any.
    var receivedSignal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signal
    }
}
