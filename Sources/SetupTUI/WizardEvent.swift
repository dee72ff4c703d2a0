import ConfigWriter
import SMTPSettings

/// Everything that can happen to the wizard: keys, resizes, and results of the effects it asked for.
public enum WizardEvent: Sendable, Equatable {
    /// A key press.
    case key(Key)
    /// Text pasted at once (bracketed paste): it goes into the focused text field whole, never pressing Enter.
    case paste(String)
    /// An answer typed for a text field (the plain prompts).
    case setText(FocusItem, String)
    /// An option picked in a choice list (the plain prompts): the index into its options.
    case select(FocusItem, Int)
    /// The current step's answers are complete: validate them and go on, as Enter on a field does.
    case submit
    /// Run auto-detection, as the Auto-detect action does.
    case detect
    /// A button pressed.
    case press(WizardButton)
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
    case runProbe(WizardProbeRequest, run: Int)
    /// Run auto-detection for a relay host with the login and secret of `settings` and `secret`.
    case runDiscovery(host: String, settings: SMTPSettings, secret: SecretWrite?)
    /// Compute the change and its diff.
    case computePlan(WizardChange)
    /// Read config.toml and `.env` again, then compute the same change on what they hold now.
    case replan(WizardChange)
    /// Write the change last computed.
    case write
    /// Leave the wizard with this exit status.
    case quit(Int32)
}
