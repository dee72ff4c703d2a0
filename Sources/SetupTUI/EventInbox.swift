import Foundation

/// A thread-safe queue of events from effects running in the background.
final class EventInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [WizardEvent] = []

    /// Adds an event.
    func post(_ event: WizardEvent) {
        lock.lock()
        events.append(event)
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
}
