/// Lets `--discover` log in on one candidate only (SPEC §7): every candidate runs in parallel up to EHLO (after TLS)
/// and then waits here; once every candidate has arrived or finished, the first one to arrive in preference order
/// (SMTPS, then STARTTLS) goes on to AUTH and the others stop.
actor AuthGate {
    private let candidates: [Int]
    private var waiting: [Int: CheckedContinuation<Bool, Never>] = [:]
    private var finished: Set<Int> = []
    /// The candidate that was let through to AUTH, `nil` before the decision or when none arrived.
    private(set) var chosen: Int?
    private var decided = false

    /// A gate for the candidates `candidates`, in order of preference.
    init(candidates: [Int]) {
        self.candidates = candidates
    }

    /// Called by candidate `index` after EHLO; returns whether it may go on to AUTH.
    func arrive(_ index: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            waiting[index] = continuation
            decideIfEveryoneIsIn()
        }
    }

    /// Called when candidate `index` has finished, whether or not it arrived at the gate.
    func finish(_ index: Int) {
        finished.insert(index)
        decideIfEveryoneIsIn()
    }

    private func decideIfEveryoneIsIn() {
        guard !decided, candidates.allSatisfy({ waiting[$0] != nil || finished.contains($0) }) else { return }
        decided = true
        chosen = candidates.first { waiting[$0] != nil }
        for (index, continuation) in waiting { continuation.resume(returning: index == chosen) }
        waiting = [:]
    }
}
