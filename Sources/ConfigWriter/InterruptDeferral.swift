#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signal that arrived while interrupts were deferred, 0 for none. Only the signal handler writes it.
nonisolated(unsafe) private var deferredSignal: sig_atomic_t = 0

/// Holds back SIGINT, SIGTERM and SIGHUP while files are written (SPEC §6).
///
/// Without it, Ctrl-C between the steps of a safe write would leave a `.config.toml.tmp-*` file behind, or a
/// config.toml that names `${VAR}` without the `.env` line that goes with it. While deferred, a signal only
/// records itself; `SafeWriter` stops at its next step before a rename, cleans up and rolls back, and `finish()`
/// then restores the previous handlers and raises the signal again, so the process ends (or the caller's own
/// handler runs) only once the files are either all old or all new.
struct InterruptDeferral {
    /// The signals that end a process at a terminal or under a service manager.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private var previous: [(Int32, sigaction)] = []

    /// Installs the recording handler for every signal in `signals` (with `SA_RESTART`, so that other threads'
    /// system calls are not cut short by a signal that only needs recording).
    init() {
        deferredSignal = 0
        for signal in InterruptDeferral.signals {
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            #if canImport(Darwin)
            action.__sigaction_u.__sa_handler = { deferredSignal = $0 }
            #else
            action.__sigaction_handler.sa_handler = { deferredSignal = $0 }
            #endif
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { previous.append((signal, old)) }
        }
    }

    /// The signal received while deferred and not yet raised again, or `nil`.
    static var pendingSignal: Int32? {
        deferredSignal == 0 ? nil : Int32(deferredSignal)
    }

    /// `SIGINT`, `SIGTERM` or `SIGHUP` for messages.
    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT (Ctrl-C)"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }

    /// Puts the previous handlers back and raises a signal that arrived in between.
    func finish() {
        for (signal, action) in previous.reversed() {
            var old = action
            sigaction(signal, &old, nil)
        }
        if let signal = InterruptDeferral.pendingSignal {
            deferredSignal = 0
            raise(signal)
        }
    }
}
