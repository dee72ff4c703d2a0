import SetupService

/// Carries out the state machine's effects through the services and turns their results into events, for
/// both views: the full-screen runtime posts them to its inbox, the plain prompts feed them back at once.
final class EffectRunner {
    /// What the effect asks to be done in the background, or at once.
    enum Work {
        /// Runs for a while (network); its events arrive through `post`.
        case background(@Sendable (_ post: @escaping @Sendable (WizardEvent) -> Void) async -> Void)
        /// Done already; these are its events.
        case done([WizardEvent])
        /// Leave the wizard with this status.
        case quit(Int32)
    }

    private let services: any WizardServices
    /// The change last computed, which `.write` writes.
    private var planned: (any PlannedChange)?

    init(services: any WizardServices) {
        self.services = services
    }

    /// Starts `effect`: plans and writes happen at once (they touch only local files), the probe and discovery
    /// are handed back to run in the background.
    func start(_ effect: WizardEffect) -> Work {
        let services = self.services
        switch effect {
        case .runProbe(let request, let run):
            return .background { post in
                let outcome = await services.probe(request) { progress in
                    switch progress {
                    case .started(let id): post(.probeStageStarted(run: run, id: id))
                    case .finished(let row): post(.probeStageFinished(run: run, row))
                    }
                }
                post(.probeFinished(run: run, outcome))
            }
        case .runDiscovery(let host, let settings, let secret):
            return .background { post in
                post(.discoveryFinished(await services.discover(host: host, settings: settings, secret: secret)))
            }
        case .computePlan(let change): return .done([plan(change)])
        case .replan(let change):
            do {
                try services.reload()
            } catch {
                planned = nil
                return .done([.planFailed(error.message)])
            }
            return .done([plan(change)])
        case .write:
            guard let planned else {
                return .done([.writeFailed(message: "There is no computed change to write.", exitCode: ExitStatus.cannotCreate.rawValue)])
            }
            self.planned = nil
            do {
                return .done([.writeFinished(try planned.write())])
            } catch {
                return .done([.writeFailed(message: error.message, exitCode: error.exitCode)])
            }
        case .quit(let status): return .quit(status)
        }
    }

    private func plan(_ change: WizardChange) -> WizardEvent {
        do {
            let plan = try services.plan(change)
            planned = plan
            return .planComputed(plan.preview)
        } catch {
            planned = nil
            return .planFailed(error.message)
        }
    }
}
