import SMTPSettings
import SetupService

/// The wizard's state machine: applies one event to the state and returns what the runtime must do.
public func update(_ state: inout WizardState, _ event: WizardEvent) -> [WizardEffect] {
    switch event {
    case .key(let key): return handleKey(&state, key)
    case .paste(let text):
        guard !state.tooSmall, !state.showingHelp, let focus = state.focus, focus.isTextField else { return [] }
        edit(&state, focus) { $0.insert(text) }
        return []
    case .setText(let item, let text):
        edit(&state, item) { $0.set(text) }
        return []
    case .select(let item, let index):
        select(&state, item, index)
        return []
    case .submit: return next(&state)
    case .detect: return startDiscovery(&state)
    case .press(let button): return press(&state, button)
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
        state.outcomeScroll = 0
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
        guard state.step == .security else { return [] }
        if let recommended = outcome.recommended {
            state.endpoint.set(recommended.endpoint)
            state.starttls = recommended.starttls ? true : (state.starttls == nil ? nil : false)
            state.selectSecurityFromSettings()
            state.status = "Auto-detect recommends \(state.security.label): endpoint \(recommended.endpoint)."
        } else {
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
    if state.detailsScroll != nil { return detailsKey(&state, key) }
    let focus = state.focus
    let inTextField = focus?.isTextField ?? false
    if key == .f1 || (key == .character("?") && !inTextField) {
        state.showingHelp = true
        return []
    }
    if state.step == .probe, !inTextField, key == .character("d"), state.probe.outcome?.details.isEmpty == false {
        state.detailsScroll = 0
        return []
    }
    if state.step == .probe, key == .pageUp || key == .pageDown {
        scrollOutcome(&state, key)
        return []
    }
    if state.step == .done, [.pageUp, .pageDown, .up, .down].contains(key) {
        scrollDone(&state, key)
        return []
    }
    switch key {
    case .escape: return goBack(&state)
    case .tab: moveFocus(&state, by: 1)
    case .backTab: moveFocus(&state, by: -1)
    case .enter: return activate(&state)
    case .ctrlP where state.step == .endpoint:
        state.takeSuggestedProvider()
        forgetDiscovery(&state)
        if let provider = state.suggestedProvider { state.status = "Endpoint and security of \(provider.name) taken." }
    default:
        guard let focus else { return reviewScroll(&state, key) }
        return handleFocusedKey(&state, focus, key)
    }
    return []
}

/// Keys while the probe's details view is open: scrolling, and `d`, Esc or Enter to close it.
private func detailsKey(_ state: inout WizardState, _ key: Key) -> [WizardEffect] {
    let lines = WizardLayout.detailLines(state).count
    let page = WizardLayout.detailRows(state)
    let maximum = max(0, lines - page)
    let current = state.detailsScroll ?? 0
    switch key {
    case .up: state.detailsScroll = max(0, current - 1)
    case .down: state.detailsScroll = min(maximum, current + 1)
    case .pageUp: state.detailsScroll = max(0, current - page)
    case .pageDown: state.detailsScroll = min(maximum, current + page)
    case .character("d"), .escape, .enter, .character("q"): state.detailsScroll = nil
    default: break
    }
    return []
}

private func scrollOutcome(_ state: inout WizardState, _ key: Key) {
    let page = max(1, WizardLayout.outcomeRows(state))
    let maximum = max(0, WizardLayout.outcomeLines(state).count - page)
    state.outcomeScroll = key == .pageUp ? max(0, state.outcomeScroll - page) : min(maximum, state.outcomeScroll + page)
}

private func scrollDone(_ state: inout WizardState, _ key: Key) {
    let page = WizardLayout.doneRows(state)
    let maximum = max(0, WizardLayout.doneLines(state).count - page)
    switch key {
    case .up: state.doneScroll = max(0, state.doneScroll - 1)
    case .down: state.doneScroll = min(maximum, state.doneScroll + 1)
    case .pageUp: state.doneScroll = max(0, state.doneScroll - page)
    default: state.doneScroll = min(maximum, state.doneScroll + page)
    }
}

private func moveFocus(_ state: inout WizardState, by delta: Int) {
    let count = state.focusItems.count
    guard count > 0 else { return }
    state.focusIndex = ((state.focusIndex + delta) % count + count) % count
}

/// Picks option `index` of a choice list, as the arrow keys or a plain prompt's answer do.
private func select(_ state: inout WizardState, _ item: FocusItem, _ index: Int) {
    switch item {
    case .startActions:
        guard StartAction.allCases.indices.contains(index) else { return }
        state.startAction = StartAction.allCases[index]
        state.errors = [:]
    case .layout:
        guard SkipFlagLayout.allCases.indices.contains(index) else { return }
        state.layout = SkipFlagLayout.allCases[index]
    case .layoutQuestion:
        guard SkipFlagLayout.allCases.indices.contains(index), state.layoutQuestion != nil else { return }
        state.layoutQuestion?.selected = SkipFlagLayout.allCases[index]
        state.errors[.layoutQuestion] = nil
    case .security:
        guard SecurityChoice.allCases.indices.contains(index) else { return }
        let choice = SecurityChoice.allCases[index]
        guard choice != state.security else { return }
        if !(choice.isURL && state.security.isURL) { state.port.set(SecurityChoice.portText(state.settings, choice: choice)) }
        state.security = choice
        state.errors[.port] = nil
    case .secretChoice:
        guard SecretChoice.allCases.indices.contains(index) else { return }
        state.secretChoice = SecretChoice.allCases[index]
        state.errors = [:]
    case .relayService:
        let count = KnownProvider.relayServices.count + 1
        guard (0..<count).contains(index) else { return }
        state.relayService = index
        guard index > 0 else { return }
        let provider = KnownProvider.relayServices[index - 1]
        state.endpoint.set(provider.endpoint)
        state.endpointPrefill = nil
        state.starttls = provider.starttls ? true : (state.starttls == nil ? nil : false)
        state.errors[.endpoint] = nil
        state.selectSecurityFromSettings()
        forgetDiscovery(&state)
    default: return
    }
}

private func handleFocusedKey(_ state: inout WizardState, _ focus: FocusItem, _ key: Key) -> [WizardEffect] {
    switch focus {
    case .startActions, .security, .secretChoice:
        let (selected, count) = listPosition(state, focus)
        switch key {
        case .up where selected > 0: select(&state, focus, selected - 1)
        case .down where selected < count - 1: select(&state, focus, selected + 1)
        case .up, .down: moveFocus(&state, by: key == .down ? 1 : -1)
        default: break
        }
    case .layout:
        switch key {
        case .left, .right, .character(" "):
            if let layout = state.layout {
                state.layout = layout == .legacy ? .current : .legacy
            } else {
                state.layout = key == .left ? .legacy : .current
            }
        case .up: moveFocus(&state, by: -1)
        case .down: moveFocus(&state, by: 1)
        default: break
        }
    case .layoutQuestion:
        let options = SkipFlagLayout.allCases
        let current = state.layoutQuestion?.selected.flatMap { options.firstIndex(of: $0) }
        switch key {
        case .up: select(&state, .layoutQuestion, max(0, (current ?? 1) - 1))
        case .down: select(&state, .layoutQuestion, min(options.count - 1, current.map { $0 + 1 } ?? 0))
        default: break
        }
    case .relayService:
        let count = KnownProvider.relayServices.count + 1
        switch key {
        case .left, .right, .character(" "):
            select(&state, .relayService, (state.relayService + (key == .left ? count - 1 : 1)) % count)
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
    case .user, .endpoint, .port, .secretName, .secretValue, .testRecipient:
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
    case .port: body(&state.port)
    case .secretName: body(&state.secretName)
    case .secretValue: body(&state.secretValue)
    case .testRecipient: body(&state.testRecipient)
    default: return
    }
    state.errors[focus] = nil
    if focus == .endpoint {
        forgetDiscovery(&state)
        state.relayService = 0
    }
}

/// Auto-detection results belong to the endpoint they were found for: a new endpoint drops them
/// (and the answer of a run still under way).
private func forgetDiscovery(_ state: inout WizardState) {
    state.discovery = nil
    state.discoveryRunning = false
}

/// The selected option of a choice list and how many options it has.
private func listPosition(_ state: WizardState, _ item: FocusItem) -> (selected: Int, count: Int) {
    switch item {
    case .startActions: return (state.startAction.rawValue, StartAction.allCases.count)
    case .security: return (state.security.rawValue, SecurityChoice.allCases.count)
    case .secretChoice: return (state.secretChoice.rawValue, SecretChoice.allCases.count)
    default: return (0, 0)
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
    case .start where state.layoutQuestion != nil:
        state.layoutQuestion = nil
        state.focusIndex = 0
    case .start: return [.quit(ExitStatus.cancelled.rawValue)]
    case .done: return [.quit(ExitStatus.success.rawValue)]
    case .review where state.mode == .repair:
        state.mode = .test
        show(&state, .probe)
    case .review where state.mode == .skip, .probe where state.mode == .test:
        show(&state, .start)
    case .review:
        if case .writing = state.review { return [] }
        show(&state, .probe)
    case .secret:
        show(&state, .security)
        state.selectSecurityFromSettings()
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
    state.outcomeScroll = 0
    state.detailsScroll = nil
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
    return [.runDiscovery(host: host, settings: state.settings, secret: state.secretPlan)]
}

private func next(_ state: inout WizardState) -> [WizardEffect] {
    state.errors = [:]
    state.status = nil
    switch state.step {
    case .start:
        if let question = state.layoutQuestion {
            guard let answer = question.selected else {
                state.errors[.layoutQuestion] = "✗ Choose the version your server runs (↑/↓): nothing is preselected."
                return []
            }
            state.layout = answer
            state.layoutQuestion = nil
            state.focusIndex = 0
        } else if state.layout == nil, state.actionNeedsLayout {
            state.layoutQuestion = LayoutQuestion()
            state.focusIndex = 0
            return []
        }
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
        case .quit: return [.quit(ExitStatus.success.rawValue)]
        }
    case .user:
        guard state.validateStep() else { return [] }
        state.prefillTestRecipientFromUser()
        state.followLoginWithEndpoint()
        if let provider = state.suggestedProvider, state.endpoint.text == provider.endpoint {
            state.status = "Endpoint and security prefilled for \(provider.name); the probe will check them."
        }
        show(&state, .endpoint)
    case .endpoint:
        guard state.validateStep() else { return [] }
        state.selectSecurityFromSettings()
        show(&state, .security)
    case .security:
        guard state.validateStep() else { return [] }
        state.applySelectedSecurity()
        show(&state, .secret)
    case .secret:
        guard state.validateStep() else { return [] }
        return startProbe(&state, sendTestTo: nil)
    case .probe:
        guard let button = state.selectedButton else { return [] }
        return press(&state, button)
    case .review:
        if let button = state.selectedButton { return press(&state, button) }
    case .done:
        return [.quit(ExitStatus.success.rawValue)]
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
    state.failureExitCode = nil
    return [.computePlan(state.change)]
}

private func press(_ state: inout WizardState, _ button: WizardButton) -> [WizardEffect] {
    guard state.buttons.contains(button) || (button == .sendTest && state.step == .probe) else { return [] }
    switch button {
    case .next:
        state.continuedAfterFailure = nil
        return computePlan(&state)
    case .continueAnyway:
        state.continuedAfterFailure = state.probe.outcome
        return computePlan(&state)
    case .retry: return startProbe(&state, sendTestTo: nil)
    case .change(let step):
        state.mode = .configure
        show(&state, step)
        if step == .security { state.selectSecurityFromSettings() }
        return []
    case .sendTest:
        if let error = state.validationError(for: .testRecipient) {
            state.errors[.testRecipient] = error
            state.focusIndex = state.focusItems.firstIndex(of: .testRecipient) ?? 0
            return []
        }
        return startProbe(&state, sendTestTo: state.testRecipient.text)
    case .write:
        guard case .ready(let preview) = state.review else { return [] }
        state.review = .writing(preview)
        return [.write]
    case .reread:
        state.review = .computing
        state.failureExitCode = nil
        state.buttonIndex = 0
        return [.replan(state.change)]
    case .repair:
        state.mode = .repair
        return computePlan(&state)
    case .withoutRepairs, .withRepairs:
        state.applyRepairs = button == .withRepairs
        return computePlan(&state)
    case .back: return goBack(&state)
    case .cancel: return [.quit(state.failureExitCode ?? ExitStatus.cancelled.rawValue)]
    case .quit:
        if state.step == .done { return [.quit(ExitStatus.success.rawValue)] }
        if state.mode == .test, let outcome = state.probe.outcome { return [.quit((outcome.ok ? ExitStatus.success : .probeFailed).rawValue)] }
        return [.quit(ExitStatus.cancelled.rawValue)]
    }
}
