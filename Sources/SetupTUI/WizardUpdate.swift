import SMTPSettings

/// The wizard's state machine: applies one event to the state and returns what the runtime must do.
public func update(_ state: inout WizardState, _ event: WizardEvent) -> [WizardEffect] {
    switch event {
    case .key(let key): return handleKey(&state, key)
    case .resize(let columns, let rows):
        state.columns = columns
        state.rows = rows
        return []
    case .probeStageStarted(let run, let id):
        guard run == state.probe.run, let index = state.probe.stages.firstIndex(where: { $0.id == id }) else { return [] }
        state.probe.stages[index].status = .running
        return []
    case .probeStageFinished(let run, let row):
        guard run == state.probe.run, let index = state.probe.stages.firstIndex(where: { $0.id == row.id }) else {
            return []
        }
        state.probe.stages[index] = row
        return []
    case .probeFinished(let run, let outcome):
        guard run == state.probe.run else { return [] }
        state.probe.running = false
        state.probe.outcome = outcome
        state.probe.stages = outcome.stages
        state.status = nil
        state.focusIndex = 0
        state.buttonIndex = 0
        return []
    case .discoveryFinished(let outcome):
        guard state.discoveryRunning else { return [] }
        state.discoveryRunning = false
        state.discovery = outcome
        if let recommended = outcome.recommended, state.step == .security {
            state.security = recommended
            state.status = "Auto-detect recommends \(recommended.label)."
        } else if state.step == .security {
            state.status = "Auto-detect found no working connection; see the attempts above."
        }
        return []
    case .planComputed(let preview):
        guard state.review == .computing else { return [] }
        state.review = .ready(preview)
        state.buttonIndex = 0
        return []
    case .planFailed(let message):
        guard state.review == .computing else { return [] }
        state.review = .failed(message)
        state.buttonIndex = 0
        return []
    case .writeFinished(let outcome):
        state.written = outcome
        state.step = .done
        state.focusIndex = 0
        state.buttonIndex = 0
        state.status = nil
        return []
    case .writeFailed(let message, let exitCode):
        state.review = .failed(message)
        state.failureExitCode = exitCode
        state.buttonIndex = 0
        return []
    }
}

private func handleKey(_ state: inout WizardState, _ key: Key) -> [WizardEffect] {
    if key == .ctrlC { return [.quit(state.step == .done ? 0 : 130)] }
    if state.tooSmall { return [] }
    if state.showingHelp {
        state.showingHelp = false
        return []
    }
    let focus = state.focus
    let inTextField = focus?.isTextField ?? false
    if key == .f1 || (key == .character("?") && !inTextField) {
        state.showingHelp = true
        return []
    }
    switch key {
    case .escape: return goBack(&state)
    case .tab: moveFocus(&state, by: 1)
    case .backTab: moveFocus(&state, by: -1)
    case .enter: return activate(&state)
    default:
        guard let focus else { return reviewScroll(&state, key) }
        return handleFocusedKey(&state, focus, key)
    }
    return []
}

private func moveFocus(_ state: inout WizardState, by delta: Int) {
    let count = state.focusItems.count
    guard count > 0 else { return }
    state.focusIndex = ((state.focusIndex + delta) % count + count) % count
}

private func handleFocusedKey(_ state: inout WizardState, _ focus: FocusItem, _ key: Key) -> [WizardEffect] {
    switch focus {
    case .startActions:
        if let next = cycle(state.startAction, key) {
            state.startAction = next
            state.errors = [:]
        } else if key == .down || key == .up {
            moveFocus(&state, by: key == .down ? 1 : -1)
        }
    case .layout:
        switch key {
        case .left, .right, .character(" "): state.layout = state.layout == .legacy ? .current : .legacy
        case .up: moveFocus(&state, by: -1)
        case .down: moveFocus(&state, by: 1)
        default: break
        }
    case .security:
        if let next = cycle(state.security, key) {
            state.security = next
        } else if key == .down || key == .up {
            moveFocus(&state, by: key == .down ? 1 : -1)
        }
    case .secretChoice:
        if let next = cycle(state.secretChoice, key) {
            state.secretChoice = next
            state.errors = [:]
        } else if key == .down || key == .up {
            moveFocus(&state, by: key == .down ? 1 : -1)
        }
    case .relayService:
        let count = KnownProvider.relayServices.count + 1
        switch key {
        case .left, .right, .character(" "):
            state.relayService = (state.relayService + (key == .left ? count - 1 : 1)) % count
            if state.relayService > 0 {
                let provider = KnownProvider.relayServices[state.relayService - 1]
                state.endpoint.set(provider.endpoint)
                state.security = provider.starttls ? .starttls : .smtps
                state.errors[.endpoint] = nil
                forgetDiscovery(&state)
            }
        case .up: moveFocus(&state, by: -1)
        case .down: moveFocus(&state, by: 1)
        default: break
        }
    case .autoDetect:
        if key == .up { moveFocus(&state, by: -1) }
        if key == .down { moveFocus(&state, by: 1) }
    case .buttons:
        let count = state.buttons.count
        switch key {
        case .left where count > 0: state.buttonIndex = (state.buttonIndex + count - 1) % count
        case .right where count > 0: state.buttonIndex = (state.buttonIndex + 1) % count
        case .down where state.step == .probe: moveFocus(&state, by: 1)
        default: return reviewScroll(&state, key)
        }
    case .user, .endpoint, .localPort, .secretName, .secretValue, .testRecipient:
        if key == .up || key == .down {
            moveFocus(&state, by: key == .down ? 1 : -1)
            return []
        }
        edit(&state, focus) { field in _ = field.handle(key) }
    }
    return []
}

private func reviewScroll(_ state: inout WizardState, _ key: Key) -> [WizardEffect] {
    guard state.step == .review, case .ready(let preview) = state.review else { return [] }
    let lines = preview.diff.split(separator: "\n", omittingEmptySubsequences: false).count
    let page = max(1, WizardLayout.reviewDiffRows(state))
    let maximum = max(0, lines - page)
    switch key {
    case .up: state.reviewScroll = max(0, state.reviewScroll - 1)
    case .down: state.reviewScroll = min(maximum, state.reviewScroll + 1)
    case .pageUp: state.reviewScroll = max(0, state.reviewScroll - page)
    case .pageDown: state.reviewScroll = min(maximum, state.reviewScroll + page)
    default: break
    }
    return []
}

private func edit(_ state: inout WizardState, _ focus: FocusItem, _ body: (inout TextField) -> Void) {
    switch focus {
    case .user: body(&state.user)
    case .endpoint: body(&state.endpoint)
    case .localPort: body(&state.localPort)
    case .secretName: body(&state.secretName)
    case .secretValue: body(&state.secretValue)
    case .testRecipient: body(&state.testRecipient)
    default: return
    }
    state.errors[focus] = nil
    if focus == .endpoint { forgetDiscovery(&state) }
}

/// Auto-detection results belong to the endpoint they were found for: a new endpoint drops them
/// (and the answer of a run still under way).
private func forgetDiscovery(_ state: inout WizardState) {
    state.discovery = nil
    state.discoveryRunning = false
}

private func cycle<T: CaseIterable & Equatable>(_ value: T, _ key: Key) -> T? where T.AllCases == [T] {
    let all = T.allCases
    guard let index = all.firstIndex(of: value) else { return nil }
    switch key {
    case .up where index > 0: return all[index - 1]
    case .down where index < all.count - 1: return all[index + 1]
    default: return nil
    }
}

private func goBack(_ state: inout WizardState) -> [WizardEffect] {
    state.errors = [:]
    state.status = nil
    if state.step == .probe, state.probe.running {
        state.probe.running = false
        state.probe.run += 1
    }
    switch state.step {
    case .start: return [.quit(130)]
    case .done: return [.quit(0)]
    case .review where state.mode == .skip, .probe where state.mode == .test:
        show(&state, .start)
    case .review:
        if case .writing = state.review { return [] }
        show(&state, .probe)
    default:
        if let previous = WizardStep(rawValue: state.step.rawValue - 1) { show(&state, previous) }
    }
    return []
}

private func show(_ state: inout WizardState, _ step: WizardStep) {
    state.step = step
    state.focusIndex = 0
    state.buttonIndex = 0
    state.reviewScroll = 0
}

private func activate(_ state: inout WizardState) -> [WizardEffect] {
    if state.focus == .autoDetect { return startDiscovery(&state) }
    if state.focus == .buttons || (state.step == .probe && state.focus == .testRecipient) {
        if let button = state.focus == .testRecipient ? .sendTest : state.selectedButton { return press(&state, button) }
        return []
    }
    return next(&state)
}

private func startDiscovery(_ state: inout WizardState) -> [WizardEffect] {
    guard !state.discoveryRunning, let host = state.endpointHost else {
        state.errors[.autoDetect] = "✗ Auto-detect needs a valid endpoint host (go back one step)."
        return []
    }
    state.discoveryRunning = true
    state.discovery = nil
    state.status = "Auto-detect: trying SMTPS 465, STARTTLS 587 and plain 25 on \(host)…"
    let secret = state.secretChoice == .none ? ProbeSecret.none : state.probeSecret
    return [.runDiscovery(host: host, user: state.user.text, secret: secret)]
}

private func next(_ state: inout WizardState) -> [WizardEffect] {
    state.errors = [:]
    state.status = nil
    switch state.step {
    case .start:
        switch state.startAction {
        case .configure:
            state.mode = .configure
            show(&state, .user)
        case .skip:
            state.mode = .skip
            return computePlan(&state)
        case .test:
            guard state.summary.smtp != nil else {
                state.errors[.startActions] = "✗ The config has no [smtp] section to test: choose Configure SMTP."
                return []
            }
            state.mode = .test
            return startProbe(&state, sendTestTo: nil)
        case .quit: return [.quit(130)]
        }
    case .user:
        if let error = WizardValidation.user(state.user.text) {
            state.errors[.user] = error
            return []
        }
        state.prefillTestRecipientFromUser()
        if state.endpoint.text.isEmpty, let provider = KnownProvider.forUser(state.user.text) {
            state.endpoint.set(provider.endpoint)
            state.security = provider.starttls ? .starttls : .smtps
            state.status = "Endpoint and security prefilled for \(provider.name); the probe will check them."
        }
        show(&state, .endpoint)
    case .endpoint:
        if let error = WizardValidation.endpoint(state.endpoint.text) {
            state.errors[.endpoint] = error
            return []
        }
        if case .url(_, let port, _)? = (try? Endpoint(parsing: state.endpoint.text))?.form {
            state.security = .plain
            state.localPort.set(String(port ?? 25))
        }
        show(&state, .security)
    case .security:
        if state.security == .plain, let error = WizardValidation.port(state.localPort.text) {
            state.errors[.localPort] = error
            state.focusIndex = 1
            return []
        }
        show(&state, .secret)
    case .secret:
        if state.secretChoice.hasName, let error = WizardValidation.variableName(state.secretName.text) {
            state.errors[.secretName] = error
            state.focusIndex = state.focusItems.firstIndex(of: .secretName) ?? 0
            return []
        }
        let keeping = state.secretChoice == .inline && {
            if case .inline = state.summary.smtp?.secret { return true }
            return false
        }()
        if state.secretChoice.hasValue,
            let error = WizardValidation.secretValue(state.secretValue.text, keepingExisting: keeping)
        {
            state.errors[.secretValue] = error
            state.focusIndex = state.focusItems.firstIndex(of: .secretValue) ?? 0
            return []
        }
        return startProbe(&state, sendTestTo: nil)
    case .probe:
        guard let button = state.selectedButton else { return [] }
        return press(&state, button)
    case .review:
        if let button = state.selectedButton { return press(&state, button) }
    case .done:
        return [.quit(0)]
    }
    return []
}

private func startProbe(_ state: inout WizardState, sendTestTo: String?) -> [WizardEffect] {
    show(&state, .probe)
    state.probe.run += 1
    state.probe.running = true
    state.probe.outcome = nil
    state.probe.sentTest = sendTestTo != nil
    state.probe.stages = StageRow.stageIDs.map { StageRow(id: $0) }
    return [.runProbe(state.probeRequest(sendTestTo: sendTestTo), run: state.probe.run)]
}

private func computePlan(_ state: inout WizardState) -> [WizardEffect] {
    show(&state, .review)
    state.review = .computing
    return [.computePlan(state.change)]
}

private func press(_ state: inout WizardState, _ button: WizardButton) -> [WizardEffect] {
    switch button {
    case .next, .continueAnyway: return computePlan(&state)
    case .retry: return startProbe(&state, sendTestTo: nil)
    case .change(let step):
        state.mode = .configure
        show(&state, step)
        return []
    case .sendTest:
        if let error = WizardValidation.recipient(state.testRecipient.text) {
            state.errors[.testRecipient] = error
            state.focusIndex = state.focusItems.firstIndex(of: .testRecipient) ?? 0
            return []
        }
        return startProbe(&state, sendTestTo: state.testRecipient.text)
    case .write:
        guard case .ready(let preview) = state.review else { return [] }
        state.review = .writing(preview)
        return [.write]
    case .back: return goBack(&state)
    case .cancel: return [.quit(state.failureExitCode ?? 130)]
    case .quit:
        if state.step == .done { return [.quit(0)] }
        if state.mode == .test, let outcome = state.probe.outcome { return [.quit(outcome.ok ? 0 : 1)] }
        return [.quit(130)]
    }
}
