import Foundation
import SMTPSettings

/// The wizard without a terminal: the same steps as plain line prompts on standard error, answers
/// read line by line from standard input; secrets are read without echo when standard input is a TTY.
/// The diff goes to standard output. End of input cancels (exit 130) without writing.
public struct PlainWizard {
    private var state: WizardState
    private let services: any WizardServices

    /// A prompt-driven wizard for the config described by `summary`.
    public init(summary: ConfigSummary, services: any WizardServices) {
        state = WizardState(summary: summary, columns: 80, rows: 24)
        self.services = services
    }

    private struct Cancelled: Error {}

    /// Runs the prompts; returns the exit status.
    public mutating func run() async -> Int32 {
        do {
            return try await steps()
        } catch {
            say("Cancelled: nothing was written.")
            return 130
        }
    }

    private mutating func steps() async throws -> Int32 {
        let summary = state.summary
        say("bomnipotent-smtp wizard (plain prompts: no terminal)")
        say("Config file: \(summary.configPath)\(summary.exists ? "" : " (not found: it will be created)")")
        if let smtp = summary.smtp {
            say("[smtp]: user \(smtp.user), endpoint \(smtp.endpoint)\(Canvas.planText(smtp)), secret \(Canvas.secretText(smtp.secret))")
        } else {
            say("[smtp]: none")
        }
        say("Skip flag: \(summary.skipVerification.map { String($0) } ?? "not set"); layout: \(summary.layout.rawValue)\(summary.layoutWasDetected ? "" : " (default)")")
        while true {
            let action = try choose("What do you want to do?", StartAction.allCases.map(\.label), default: 0)
            switch StartAction.allCases[action] {
            case .quit: throw Cancelled()
            case .skip:
                state.mode = .skip
                let layout = try ask("Skip-flag layout (legacy or current)", default: state.layout.rawValue) {
                    SkipFlagLayout(rawValue: $0) == nil ? "✗ Answer legacy or current." : nil
                }
                state.layout = SkipFlagLayout(rawValue: layout) ?? state.layout
                if let status = try review() { return status }
            case .test:
                guard summary.smtp != nil else {
                    say("✗ The config has no [smtp] section to test: choose Configure SMTP.")
                    continue
                }
                state.mode = .test
                let outcome = await probe()
                return outcome.ok ? 0 : 1
            case .configure:
                state.mode = .configure
                return try await configure(from: .user)
            }
        }
    }

    private mutating func configure(from first: WizardStep) async throws -> Int32 {
        var step = first
        var testMessageTo: String?
        while true {
            switch step {
            case .user:
                state.user.set(try ask("Login (usually your mail address)", default: state.user.text, check: WizardValidation.user))
                state.prefillTestRecipientFromUser()
                if state.endpoint.text.isEmpty, let provider = KnownProvider.forUser(state.user.text),
                    let domain = Login.mailDomain(of: state.user.text)
                {
                    state.endpoint.set(provider.endpoint)
                    state.security = provider.starttls ? .starttls : .smtps
                    let security = provider.starttls ? "STARTTLS (port 587)" : "SMTPS (port 465)"
                    say("Known provider for \(domain): \(provider.name), \(provider.endpoint) with \(security); the probe will check it.")
                    if let note = provider.note { say(note) }
                }
            case .endpoint:
                state.endpoint.set(try ask("Endpoint (host name, or smtp://host:port)", default: state.endpoint.text, check: WizardValidation.endpoint))
                if case .url(_, let port, _)? = (try? Endpoint(parsing: state.endpoint.text))?.form {
                    state.security = .plain
                    state.localPort.set(String(port ?? 25))
                }
            case .security:
                let options = SecurityChoice.allCases.map(\.label) + ["Auto-detect: try SMTPS 465, STARTTLS 587 and plain 25 at once"]
                let choice = try choose("Security", options, default: state.security.rawValue)
                guard choice < SecurityChoice.allCases.count else {
                    await autoDetect()
                    continue
                }
                state.security = SecurityChoice.allCases[choice]
                if state.security == .plain {
                    state.localPort.set(try ask("Port", default: state.localPort.text, check: WizardValidation.port))
                }
            case .secret:
                let choice = try choose("Where does the server find the secret?", SecretChoice.allCases.map(\.label), default: state.secretChoice.rawValue)
                state.secretChoice = SecretChoice.allCases[choice]
                if state.secretChoice.hasName {
                    state.secretName.set(try ask("Variable name", default: state.secretName.text, check: WizardValidation.variableName))
                }
                if state.secretChoice.hasValue {
                    var keeping = false
                    if state.secretChoice == .inline, case .inline = state.summary.smtp?.secret { keeping = true }
                    if state.secretChoice == .inline {
                        say("Warning: an inline secret can be read by anyone who can read config.toml; prefer a variable.")
                    }
                    state.secretValue.set(try askSecret(keeping: keeping))
                }
            case .probe:
                let outcome = await probe(sendTestTo: testMessageTo)
                testMessageTo = nil
                var options = [outcome.ok ? "Continue" : "Continue anyway", "Retry"]
                if let target = outcome.step, !outcome.ok { options.append("Change \(target.title.lowercased())") }
                options += ["Send test mail", "Cancel"]
                let answer = options[try choose("Next", options, default: 0)]
                if answer == "Retry" { continue }
                if answer == "Send test mail" {
                    state.testRecipient.set(
                        try ask("Send the test message to", default: state.testRecipient.text, check: WizardValidation.recipient))
                    testMessageTo = state.testRecipient.text
                    continue
                }
                if answer == "Cancel" { throw Cancelled() }
                if answer.hasPrefix("Change"), let target = outcome.step {
                    step = target
                    continue
                }
                if let status = try review() { return status }
                continue
            default:
                step = .probe
                continue
            }
            step = WizardStep(rawValue: step.rawValue + 1) ?? .review
        }
    }

    /// Runs auto-detection for the endpoint's host and preselects its recommendation.
    private mutating func autoDetect() async {
        guard let host = state.endpointHost else {
            say("✗ Auto-detect needs a valid endpoint host.")
            return
        }
        say("Auto-detect: trying SMTPS 465, STARTTLS 587 and plain 25 on \(host)…")
        let secret = state.secretChoice == .none ? ProbeSecret.none : state.probeSecret
        let outcome = await services.discover(host: host, user: state.user.text, secret: secret)
        for attempt in outcome.attempts { say("  \(attempt.code == "OK" ? "✓" : "✗") \(attempt.label): \(attempt.code)") }
        if let recommended = outcome.recommended {
            state.security = recommended
            say("Auto-detect recommends \(recommended.label).")
        } else {
            say("Auto-detect found no working connection.")
        }
    }

    private mutating func probe(sendTestTo recipient: String? = nil) async -> ProbeOutcome {
        let request = state.probeRequest(sendTestTo: recipient)
        say("Probing \(request.endpoint) as \(request.user)…")
        let outcome = await services.probe(request) { progress in
            if case .finished(let row) = progress {
                let timing = row.milliseconds.map { " \(Canvas.milliseconds($0))" } ?? ""
                let detail = row.detail.isEmpty ? "" : ": \(row.detail)"
                PlainWizard.say("  \(row.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(row.id)\(timing)\(detail)")
            }
        }
        say("\(outcome.ok ? "✓" : "✗") \(outcome.code): \(outcome.message)")
        if let hint = outcome.hint {
            say("Hint: \(hint)")
        } else if recipient != nil, outcome.ok {
            say("The test message was accepted by the server.")
        }
        for warning in outcome.warnings { say("! \(warning)") }
        return outcome
    }

    /// Shows the diff and asks whether to write; returns the exit status, or `nil` to go back a step.
    private mutating func review() throws -> Int32? {
        let plan: any PlannedChange
        do {
            plan = try services.plan(state.change)
        } catch {
            say("✗ \(error.message)")
            return error.exitCode
        }
        print(plan.preview.diff, terminator: plan.preview.diff.hasSuffix("\n") || plan.preview.diff.isEmpty ? "" : "\n")
        fflush(stdout)
        for note in plan.preview.notes { say("! \(note)") }
        let answer = try ask("Write these changes? (yes/no/back)", default: "no") {
            ["yes", "y", "no", "n", "back", "b"].contains($0.lowercased()) ? nil : "✗ Answer yes, no or back."
        }
        if answer.lowercased().hasPrefix("b") { return nil }
        guard answer.lowercased().hasPrefix("y") else { throw Cancelled() }
        do {
            let outcome = try plan.write()
            for file in outcome.writtenFiles { say("Written: \(file)") }
            for file in outcome.backupFiles { say("Backup: \(file)") }
            if state.mode == .configure {
                say("Next step: restart the server, then run: bomnipotent_client test-email \(state.user.text.contains("@") ? state.user.text : "<address>")")
            }
            return 0
        } catch {
            say("✗ \(error.message)")
            return error.exitCode
        }
    }

    // MARK: Prompts

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func say(_ line: String) { Self.say(line) }

    private func readAnswer() throws -> String {
        guard let line = readLine(strippingNewline: true) else { throw Cancelled() }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    private func ask(_ question: String, default value: String, check: (String) -> String?) throws -> String {
        while true {
            FileHandle.standardError.write(Data((value.isEmpty ? "\(question): " : "\(question) [\(value)]: ").utf8))
            var answer = try readAnswer()
            if answer.isEmpty { answer = value }
            if let error = check(answer) {
                say(error)
                continue
            }
            return answer
        }
    }

    private func choose(_ question: String, _ options: [String], default index: Int) throws -> Int {
        say(question)
        for (number, option) in options.enumerated() { say("  \(number + 1)) \(option)") }
        let answer = try ask("Choice", default: String(index + 1)) { text in
            guard let number = Int(text), (1...options.count).contains(number) else {
                return "✗ Answer a number from 1 to \(options.count)."
            }
            return nil
        }
        return (Int(answer) ?? index + 1) - 1
    }

    private func askSecret(keeping: Bool) throws -> String {
        while true {
            FileHandle.standardError.write(Data((keeping ? "Secret value (not shown; empty keeps the current one): " : "Secret value (not shown): ").utf8))
            let value = try withEchoOff { try readAnswer() }
            if isatty(0) != 0 { say("") }
            if let error = WizardValidation.secretValue(value, keepingExisting: keeping) {
                say(error)
                continue
            }
            return value
        }
    }

    /// Runs `body` with echo off on a terminal; Ctrl-C, SIGTERM or SIGHUP meanwhile restore echo before
    /// the process ends (exit 128 + the signal's number: 130 for Ctrl-C).
    private func withEchoOff<T>(_ body: () throws -> T) throws -> T {
        guard isatty(0) != 0 else { return try body() }
        tcgetattr(0, &echoingTerminal)
        var silent = echoingTerminal
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(0, TCSANOW, &silent)
        let signals = [SIGINT, SIGTERM, SIGHUP]
        let previous = signals.map { number in
            signal(number) { received in
                tcsetattr(0, TCSANOW, &echoingTerminal)
                _exit(128 + received)
            }
        }
        defer {
            tcsetattr(0, TCSANOW, &echoingTerminal)
            for (number, handler) in zip(signals, previous) { signal(number, handler) }
        }
        return try body()
    }
}

/// The terminal settings to restore when a secret prompt is interrupted (read by a signal handler).
private nonisolated(unsafe) var echoingTerminal = termios()
