/// Everything that can happen to the wizard: keys, resizes, and results of the effects it asked for.
public enum WizardEvent: Sendable, Equatable {
    /// A key press.
    case key(Key)
    /// The terminal now has this size.
    case resize(columns: Int, rows: Int)
    /// Probe run `run` started a stage.
    case probeStageStarted(run: Int, id: String)
    /// Probe run `run` finished a stage.
    case probeStageFinished(run: Int, StageRow)
    /// Probe run `run` ended.
    case probeFinished(run: Int, ProbeOutcome)
    /// Auto-detection ended.
    case discoveryFinished(DiscoveryOutcome)
    /// The change was computed; its diff is ready for review.
    case planComputed(PlanPreview)
    /// The change cannot be made (the message says why).
    case planFailed(String)
    /// The files were written.
    case writeFinished(WriteOutcome)
    /// Writing failed; nothing was written. `exitCode` is the SPEC §3 status to leave with.
    case writeFailed(message: String, exitCode: Int32)
}

/// What the wizard asks its runtime to do.
public enum WizardEffect: Sendable, Equatable {
    /// Run the probe; report progress and the outcome tagged with `run`.
    case runProbe(ProbeRequest, run: Int)
    /// Run auto-detection for a relay host.
    case runDiscovery(host: String, user: String, secret: ProbeSecret)
    /// Compute the change and its diff.
    case computePlan(WizardChange)
    /// Write the change last computed.
    case write
    /// Leave the wizard with this exit status.
    case quit(Int32)
}
