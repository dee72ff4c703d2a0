import SMTPSettings
import SetupService

/// The wizard without a full screen: the same state machine, steps, choices and checks as the curses view,
/// asked as line prompts. Each answer becomes the event the curses view would send (`setText`, `select`,
/// `press`, `submit`), and the effects run through the same `EffectRunner`. End of input cancels (exit 130)
/// without writing.
public struct PlainWizard {
    private var state: WizardState
    private let runner: EffectRunner
    private let console: any PlainConsole

    /// A prompt-driven wizard for the config described by `summary`.
    public init(summary: ConfigSummary, services: any WizardServices, console: any PlainConsole = StandardConsole()) {
        state = WizardState(summary: summary, columns: 80, rows: 24)
        runner = EffectRunner(services: services)
        self.console = console
    }

    /// The state as the prompts left it (for tests).
    var currentState: WizardState { state }

    /// Why the prompts stopped early.
    private enum Stop: Error {
        /// The end of input: cancel without writing.
        case endOfInput
        /// The state machine quit with this status.
        case quit(Int32)
    }

    /// Runs the prompts; returns the exit status.
    public mutating func run() async -> Int32 {
        introduce()
        do throws(Stop) {
            while true { try await prompt() }
        } catch {
            switch error {
            case .endOfInput:
                console.say("Cancelled: nothing was written.")
                return ExitStatus.cancelled.rawValue
            case .quit(let status): return status
            }
        }
    }

    private func introduce() {
        let summary = state.summary
        console.say("bomnipotent-smtp wizard (plain prompts)")
        console.say("Config file: \(summary.configPath)\(summary.exists ? "" : " (not found: it will be created)")")
        console.say(".env file: \(summary.envFilePath)")
        if let smtp = summary.smtp {
            console.say("[smtp]: user \(smtp.user), endpoint \(smtp.endpoint)\(Canvas.planText(smtp)), secret \(Canvas.secretText(smtp.secret))")
        } else {
            console.say("[smtp]: none")
        }
        let flag = summary.skipVerification.map { String($0) } ?? "not set"
        console.say("Skip flag: \(flag); layout \(WizardLayout.layoutText(state))")
        if let deployment = WizardLayout.deploymentSentence(summary) { console.say("Deployment: \(deployment)") }
        for problem in summary.problems {
            let refused = problem.code.serverRefusesFile
            console.say("\(refused ? "✗" : "!") \(problem.code.rawValue): \(problem.message)")
        }
        let repairs = summary.repairs.filter(\.changesFile)
        if !repairs.isEmpty {
            console.say("Repairs offered in the reviewed diff (the review can leave them out):")
            for repair in repairs { console.say("  - \(repair.summary)") }
        }
    }

    /// Asks what the current step needs and feeds the answers to the state machine.
    private mutating func prompt() async throws(Stop) {
        switch state.step {
        case .start:
            try choose("What do you want to do?", item: .startActions, StartAction.allCases.map(\.label), selected: state.startAction.rawValue)
            if state.startAction == .skip, let layout = state.layout {
                try choose("Skip-flag layout", item: .layout, SkipFlagLayout.allCases.map(\.rawValue),
                    selected: SkipFlagLayout.allCases.firstIndex(of: layout) ?? 0)
            }
            try await send(.submit)
            if state.layoutQuestion != nil { try await askLayout() }
            if state.step == .start {
                for item in state.focusItems { if let error = state.errors[item] { console.say(error) } }
            }
        case .user, .endpoint, .security, .secret:
            try await askFields()
            try await submit()
        case .probe: try await probeStep()
        case .review: try await reviewStep()
        case .done:
            doneStep()
            try await send(.press(.quit))
        }
    }

    /// The question for an unknown layout: both answers explained by server version, no default.
    private mutating func askLayout() async throws(Stop) {
        console.say(LayoutQuestion.title)
        console.say(LayoutQuestion.reason)
        for (number, layout) in SkipFlagLayout.allCases.enumerated() {
            console.say("  \(number + 1)) \(LayoutQuestion.label(layout)): \(LayoutQuestion.detail(layout))")
        }
        while true {
            console.ask("Choice (nothing is preselected): ")
            let answer = try line()
            if let number = Int(answer), SkipFlagLayout.allCases.indices.contains(number - 1) {
                try await send(.select(.layoutQuestion, number - 1))
                return try await send(.submit)
            }
            console.say("✗ Answer 1 or 2: nothing is preselected.")
        }
    }

    /// Sends `.submit`; a step that stays put shows its errors (the next round asks again).
    private mutating func submit() async throws(Stop) {
        let step = state.step
        try await send(.submit)
        if state.step == step {
            for item in state.focusItems { if let error = state.errors[item] { console.say(error) } }
        }
    }

    /// The current step's fields in Tab order, each checked as it is answered.
    private mutating func askFields() async throws(Stop) {
        var index = 0
        while index < state.focusItems.count {
            let item = state.focusItems[index]
            index += 1
            switch item {
            case .user: try ask("Login (usually your mail address)", item: .user, current: state.user.text)
            case .endpoint:
                if let provider = state.suggestedProvider, let domain = Login.mailDomain(of: state.user.text) {
                    let security = provider.starttls ? "STARTTLS (port 587)" : "SMTPS (port 465)"
                    console.say("Known provider for \(domain): \(provider.name), \(provider.endpoint) with \(security); the probe will check it.")
                    if let note = provider.note { console.say(note) }
                }
                try chooseRelayService()
                try ask("Endpoint (host name, or smtp://host:port)", item: .endpoint, current: state.endpoint.text)
            case .security:
                let options = SecurityChoice.allCases.map(\.label) + ["Auto-detect: try SMTPS 465, STARTTLS 587 and plain 25 at once"]
                let answer = try choice("Security", options, selected: state.security.rawValue)
                if answer == SecurityChoice.allCases.count {
                    try await detect()
                    index -= 1
                    continue
                }
                try await send(.select(.security, answer))
            case .port: try ask("Port", item: .port, current: state.port.text)
            case .secretChoice:
                try choose("Where does the server find the secret?", item: .secretChoice, SecretChoice.allCases.map(\.label),
                    selected: state.secretChoice.rawValue)
                if state.secretChoice == .inline {
                    console.say("Warning: an inline secret can be read by anyone who can read config.toml; prefer a variable.")
                }
            case .secretName: try ask("Variable name", item: .secretName, current: state.secretName.text)
            case .secretValue: try askSecret()
            case .relayService, .autoDetect, .startActions, .layout, .layoutQuestion, .testRecipient, .buttons: continue
            }
        }
    }

    /// The relay services as a list (SPEC §10), as the curses view's ←/→ choice: picking one fills in its endpoint
    /// and security, which the endpoint question then offers as its default.
    private mutating func chooseRelayService() throws(Stop) {
        let options = ["None (a mail provider or your own server)"]
            + KnownProvider.relayServices.map { "\($0.name): \($0.endpoint)" }
        try choose("Relay service", item: .relayService, options, selected: state.relayService)
        guard state.relayService > 0 else { return }
        let relay = KnownProvider.relayServices[state.relayService - 1]
        if let note = relay.note { console.say(note) }
    }

    private mutating func detect() async throws(Stop) {
        guard let host = state.endpointHost else { return }
        console.say("Auto-detect: trying SMTPS 465, STARTTLS 587 and plain 25 on \(host)…")
        try await send(.detect)
        if let error = state.errors[.autoDetect] { console.say(error) }
        for attempt in state.discovery?.attempts ?? [] {
            console.say("  \(attempt.ok ? "✓" : "✗") \(attempt.label): \(attempt.code.rawValue)")
        }
        if let status = state.status { console.say(status) }
    }

    private mutating func probeStep() async throws(Stop) {
        guard let outcome = state.probe.outcome else { return }
        console.say("\(outcome.ok ? "✓" : "✗") \(outcome.code.rawValue): \(outcome.message)")
        if let hint = outcome.hint {
            console.say("Hint: \(hint)")
        } else if state.probe.sentTest, outcome.ok {
            console.say("The test message was accepted by the server.")
        }
        for warning in outcome.warnings { console.say("! \(warning.code.rawValue): \(warning.message)") }
        let buttons = state.buttons
        let extra = ["Show the details (TLS, extensions, the server's replies)", "Cancel"]
        let answer: Int
        do throws(Stop) {
            answer = try choice("Next", buttons.map(\.label) + extra, selected: state.buttonIndex)
        } catch .endOfInput where state.mode == .test {
            return try await send(.press(.quit))
        } catch {
            throw error
        }
        if answer == buttons.count {
            for line in outcome.details { console.say(line) }
            return
        }
        guard answer < buttons.count else { throw .endOfInput }
        if buttons[answer] == .sendTest {
            try ask("Send the test message to", item: .testRecipient, current: state.testRecipient.text)
        }
        try await send(.press(buttons[answer]))
    }

    private mutating func reviewStep() async throws(Stop) {
        switch state.review {
        case .ready(let preview):
            let diff = preview.diff
            console.output(diff.hasSuffix("\n") || diff.isEmpty ? diff : diff + "\n")
            if diff.isEmpty { console.say("No changes: the file already holds these settings.") }
            for note in state.reviewNotes { console.say("! \(note)") }
        case .failed(let message):
            console.say("✗ \(message)")
        case .idle, .computing, .writing: return
        }
        let buttons = state.buttons
        let answer = try choice("Write these changes?", buttons.map(\.label), selected: state.buttonIndex)
        try await send(.press(buttons[answer]))
    }

    private func doneStep() {
        let written = state.written ?? WriteOutcome(writtenFiles: [], backupFiles: [])
        if written.writtenFiles.isEmpty { console.say("Nothing needed to change.") }
        for file in written.writtenFiles { console.say("Written: \(file)") }
        for file in written.backupFiles { console.say("Backup: \(file)") }
        for repair in written.repairs { console.say("Repaired: \(repair)") }
        for warning in written.warnings { console.say("! \(warning)") }
        if state.mode == .skip { console.say("Next step: " + state.skipNextStepLines.joined(separator: "\n")) }
        guard state.mode == .configure || state.mode == .repair else { return }
        console.say("Next step: " + state.nextStepLines.joined(separator: "\n"))
    }

    // MARK: Events and effects

    /// Feeds `event` to the state machine and carries out every effect, the probe's progress printed as it comes.
    private mutating func send(_ event: WizardEvent) async throws(Stop) {
        var queue = [event]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in update(&state, next) {
                if case .runProbe(let request, _) = effect {
                    let plan = (try? request.settings.plan()).map { " (\($0.host):\($0.port), \(Canvas.securityText($0.security)))" } ?? ""
                    console.say("Probing \(request.settings.endpoint)\(plan) as \(request.settings.user)…")
                }
                switch runner.start(effect) {
                case .quit(let status): throw .quit(status)
                case .done(let events): queue += events
                case .background(let work):
                    let collected = EventInbox()
                    let console = self.console
                    await work { event in
                        if case .probeStageFinished(_, let row) = event { console.say(Self.stageLine(row)) }
                        collected.post(event)
                    }
                    queue += collected.drain()
                }
            }
        }
    }

    private static func stageLine(_ row: StageRow) -> String {
        let timing = row.milliseconds.map { " \(Canvas.milliseconds($0))" } ?? ""
        let detail = row.detail.isEmpty ? "" : ": \(row.detail)"
        return "  \(row.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(row.id)\(timing)\(detail)"
    }

    // MARK: Prompts

    private func line() throws(Stop) -> String {
        guard let answer = console.readAnswer() else { throw .endOfInput }
        return answer
    }

    /// Asks for a text field (Enter keeps `current`) until the field's own check accepts it.
    private mutating func ask(_ question: String, item: FocusItem, current: String) throws(Stop) {
        while true {
            console.ask(current.isEmpty ? "\(question): " : "\(question) [\(current)]: ")
            let answer = try line()
            _ = update(&state, .setText(item, answer.isEmpty ? current : answer))
            guard let error = state.validationError(for: item) else { return }
            console.say(error)
        }
    }

    private mutating func askSecret() throws(Stop) {
        while true {
            let question = state.keepsInlineSecret ? "Secret value (not shown; empty keeps the current one): " : "Secret value (not shown): "
            guard let answer = console.askSecret(question) else { throw .endOfInput }
            _ = update(&state, .setText(.secretValue, answer))
            guard let error = state.validationError(for: .secretValue) else { return }
            console.say(error)
        }
    }

    /// Asks for one of `options` by number; returns its index.
    private func choice(_ question: String, _ options: [String], selected: Int) throws(Stop) -> Int {
        console.say(question)
        for (number, option) in options.enumerated() { console.say("  \(number + 1)) \(option)") }
        while true {
            console.ask("Choice [\(selected + 1)]: ")
            let answer = try line()
            if answer.isEmpty { return selected }
            if let number = Int(answer), (1...options.count).contains(number) { return number - 1 }
            console.say("✗ Answer a number from 1 to \(options.count).")
        }
    }

    /// Asks for one option of a choice list and selects it.
    private mutating func choose(_ question: String, item: FocusItem, _ options: [String], selected: Int) throws(Stop) {
        let answer = try choice(question, options, selected: selected)
        _ = update(&state, .select(item, answer))
    }
}
