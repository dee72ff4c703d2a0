import ConfigWriter
import SMTPSettings

/// Progress of one probe run, as the runtime reports it to the state machine.
public enum ProbeProgressEvent: Sendable, Equatable {
    /// A stage started.
    case started(id: String)
    /// A stage finished.
    case finished(StageRow)
}

/// Why a change cannot be planned or written: the text to show and the SPEC §3 exit status.
public struct WizardServiceError: Error, Sendable, Equatable {
    /// What went wrong, in words (never a secret).
    public var message: String
    /// The exit status if the wizard ends because of it.
    public var exitCode: Int32

    /// Creates an error.
    public init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }
}

/// A change computed and ready to write.
public protocol PlannedChange: Sendable {
    /// The diff and notes to review.
    var preview: PlanPreview { get }
    /// Writes the change (config.toml and `.env` as one unit).
    func write() throws(WizardServiceError) -> WriteOutcome
}

/// What the wizard's effects do in the world: the probe, discovery, planning and writing.
/// `LiveWizardServices` implements it with SMTPProbe and ConfigWriter.
public protocol WizardServices: Sendable {
    /// Runs the probe, reporting each stage through `progress`.
    func probe(_ request: WizardProbeRequest, progress: @escaping @Sendable (ProbeProgressEvent) -> Void) async -> ProbeOutcome
    /// Tries SMTPS 465, STARTTLS 587 and plain 25 on `host` at once, with the login and secret of `settings` and
    /// `secret` (resolved as for the probe).
    func discover(host: String, settings: SMTPSettings, secret: SecretWrite?) async -> DiscoveryOutcome
    /// Computes the change and its diff.
    func plan(_ change: WizardChange) throws(WizardServiceError) -> any PlannedChange
    /// Reads config.toml and `.env` again (after they changed on disk); later plans start from what they hold now.
    func reload() throws(WizardServiceError)
}
