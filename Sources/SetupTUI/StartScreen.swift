import ConfigWriter
import SMTPSettings

/// One row of the Start screen's account of the file: a label (or none) and its text.
struct StartLine: Equatable {
    /// The label in the left column, empty on a continuation row.
    var label: String
    /// The text from the field column on.
    var text: String
    /// How the text is drawn.
    var kind: Kind

    /// What the row says, for its style.
    enum Kind: Equatable {
        case plain, dim, refusal, misread, repair
    }
}

extension WizardLayout {
    /// The rows the Start screen keeps below the account of the file: for the action list with the layout selector,
    /// or for the layout question (with its blank line above and an error below).
    static func startActionRows(_ state: WizardState) -> Int { state.layoutQuestion == nil ? 9 : 11 }

    /// The Start screen's account of the file, what it holds and where the server runs, fitted into the rows above
    /// the actions: the config and `.env` paths, the deployment, `[smtp]`, the skip flag with the layout and how it
    /// was decided, then what the server would refuse or misread and the repairs offered. Problems that do not fit
    /// end in a line saying how many more there are.
    static func startLines(_ state: WizardState) -> [StartLine] {
        let summary = state.summary
        let width = state.columns - fieldColumn - 1
        var lines: [StartLine] = []
        func add(_ label: String, _ text: String, _ kind: StartLine.Kind = .plain, maxRows: Int = 1) {
            let wrapped = TextWrap.lines(text, width: width)
            var rows = Array(wrapped.prefix(maxRows))
            if wrapped.count > maxRows, let last = rows.popLast() { rows.append(TextWrap.truncate(last + " …", width: width)) }
            for (index, row) in rows.enumerated() { lines.append(StartLine(label: index == 0 ? label : "", text: row, kind: kind)) }
        }
        add("Config file", TextWrap.truncateLeft(summary.configPath, width: width))
        if !summary.exists { add("", "not found: it will be created", .dim) }
        add(".env file", TextWrap.truncateLeft(summary.envFilePath, width: width))
        if let deployment = deploymentText(summary) {
            add("Deployment", deployment.service, maxRows: 2)
            if let bind = deployment.bind {
                let room = width - DisplayWidth.of(bind.form) - 10
                add("", "binds \(TextWrap.truncateLeft(bind.source, width: room)) as \(bind.form)")
            }
        }
        if let smtp = summary.smtp {
            add("[smtp]", "user      \(smtp.user)   secret \(Canvas.secretText(smtp.secret))")
            add("", "endpoint  \(smtp.endpoint)\(Canvas.planText(smtp))")
        } else {
            add("[smtp]", "none", .dim)
        }
        add("Skip flag", "\(skipFlagText(summary.skipVerification)) · layout \(layoutText(state))", maxRows: 3)
        let room = max(0, state.rows - 2 - top - startActionRows(state) - lines.count)
        return lines + problemLines(summary, width: width, room: room)
    }

    /// What the server would refuse or misread, one row each, and the repairs line; at most `room` rows.
    private static func problemLines(_ summary: ConfigSummary, width: Int, room: Int) -> [StartLine] {
        var repairs: StartLine?
        let fixes = summary.repairs.filter(\.changesFile)
        if !fixes.isEmpty {
            let count = fixes.count == 1 ? "1 repair" : "\(fixes.count) repairs"
            let them = fixes.count == 1 ? "it" : "them"
            repairs = StartLine(
                label: "Repairs", text: TextWrap.truncate("\(count) in the reviewed diff (Review can leave \(them) out)", width: width),
                kind: .repair)
        }
        let available = room - (repairs == nil ? 0 : 1)
        guard available >= 0 else { return [] }
        func problemRows(maxRows: Int) -> [StartLine] {
            summary.problems.flatMap { problem -> [StartLine] in
                let refused = problem.code.serverRefusesFile
                let text = "\(refused ? "✗" : "!") \(problem.code.rawValue): \(problem.message)"
                let wrapped = TextWrap.lines(text, width: width - 2)
                var shown = Array(wrapped.prefix(maxRows))
                if wrapped.count > maxRows, let last = shown.popLast() { shown.append(TextWrap.truncate(last + " …", width: width - 2)) }
                return shown.enumerated().map { index, row in
                    StartLine(label: "", text: index == 0 ? row : "  " + row, kind: refused ? .refusal : .misread)
                }
            }
        }
        var rows = problemRows(maxRows: 2)
        if rows.count > available { rows = problemRows(maxRows: 1) }
        if let first = rows.indices.first { rows[first].label = "Problems" }
        if rows.count > available {
            let kept = max(0, available - 1)
            let more = rows.count - kept
            rows = Array(rows.prefix(kept))
            if available > 0 {
                rows.append(StartLine(label: kept == 0 ? "Problems" : "", text: "… \(more) more: bomnipotent-smtp show lists them", kind: .misread))
            }
        }
        return rows + (repairs.map { [$0] } ?? [])
    }

    private static func skipFlagText(_ flag: Bool?) -> String {
        switch flag {
        case nil: return "not set"
        case true?: return "true (users are not verified by mail)"
        case false?: return "false"
        }
    }

    /// The layout to write and how it was decided (by the file, `--schema`, the image tag, the administrator), or
    /// that it is unknown and will be asked.
    static func layoutText(_ state: WizardState) -> String {
        let summary = state.summary
        guard let layout = state.layout else {
            return "unknown: neither the file nor the deployment shows the server version; asked when needed"
        }
        guard layout == summary.layout else {
            let decided = summary.layout.map { "; \($0.rawValue) because \(summary.layoutReason)" } ?? ""
            return "\(layout.rawValue) (chosen below\(decided))"
        }
        var text = "\(layout.rawValue): \(summary.layoutReason)"
        if let server = summary.serverLayout, server != layout {
            text += "; but the compose image's server reads \(server.rawValue)"
        }
        return text
    }

    /// The deployment: the compose file, the service and its image tag, and the host path bound to the config path
    /// with the form of the bind (`nil` when none binds it); `nil` for a standalone server.
    static func deploymentText(_ summary: ConfigSummary) -> (service: String, bind: (source: String, form: String)?)? {
        switch summary.deployment {
        case .standalone: return nil
        case .composeWithoutServer(let path):
            return ("\(fileName(path)): no service runs the server (next steps as standalone)", nil)
        case .compose(let compose):
            let image: String
            if let official = compose.image {
                image = official.pinnedByDigest ? "image pinned by digest" : "image tag \(official.tag ?? "latest")"
            } else {
                image = compose.service.image.map { "image \($0)" } ?? "no image"
            }
            var service = "\(fileName(compose.project.path)), service \(compose.service.name), \(image)"
            guard let configBind = compose.configBind else {
                service += "; no bind of the config directory found"
                return (service, nil)
            }
            let form = configBind.isDirectory ? "a directory" : "a single file: recreate the container after changes"
            var source = configBind.mount.source
            let project = compose.project.directory
            if source == project || source.hasPrefix(project == "/" ? "/" : project + "/") {
                source = "." + source.dropFirst(project == "/" ? 0 : project.count)
            }
            return (service, (source, form + (configBind.mount.readOnly ? ", read-only" : "")))
        }
    }

    /// The deployment as one sentence, for the plain prompts.
    static func deploymentSentence(_ summary: ConfigSummary) -> String? {
        guard let text = deploymentText(summary) else { return nil }
        guard let bind = text.bind else { return text.service }
        return "\(text.service); binds \(bind.source) as \(bind.form)"
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

extension Canvas {
    mutating func drawStart() {
        var row = WizardLayout.top
        for line in WizardLayout.startLines(state) {
            let style: CellStyle
            switch line.kind {
            case .plain: style = .plain
            case .dim: style = Self.dimStyle
            case .refusal: style = Self.errorStyle
            case .misread, .repair: style = Self.warningStyle
            }
            if !line.label.isEmpty { buffer.write(line.label, row: row, column: 2, style: Self.labelStyle) }
            buffer.write(line.text, row: row, column: WizardLayout.fieldColumn, style: style)
            row += 1
        }
        row += 1
        if let question = state.layoutQuestion {
            drawLayoutQuestion(question, row: row)
            return
        }
        buffer.write("What do you want to do?", row: row, column: 2, style: Self.labelStyle)
        row = choices(StartAction.allCases.map(\.label), selected: state.startAction.rawValue, item: .startActions, row: row + 1)
        row += 1
        let focused = state.focus == .layout && !state.showingHelp
        if focused { buffer.write("›", row: row, column: 0, style: Self.focusStyle) }
        buffer.write("Skip-flag layout", row: row, column: 2, style: focused ? Self.focusStyle : Self.labelStyle)
        let choice = "◀ \(state.layout?.rawValue ?? "not chosen") ▶"
        let end = buffer.write(choice, row: row, column: 20, style: focused ? Self.selectedStyle : .plain)
        let detail: String
        switch state.layout {
        case .legacy?: detail = "skip_user_verification at the root (server < 0.7)"
        case .current?: detail = "[user] skip_verification (server ≥ 0.7)"
        case nil: detail = "←/→: legacy (server < 0.7) or current (≥ 0.7)"
        }
        buffer.write(" " + detail, row: row, column: end, style: Self.dimStyle)
    }

    /// The question for an unknown layout, in place of the actions: both answers by server version, none selected.
    mutating func drawLayoutQuestion(_ question: LayoutQuestion, row start: Int) {
        var row = start
        buffer.write(LayoutQuestion.title, row: row, column: 2, style: Self.labelStyle)
        row = paragraph(LayoutQuestion.reason, row: row + 1, style: Self.dimStyle, maxLines: 2)
        let focused = state.focus == .layoutQuestion && !state.showingHelp
        for layout in SkipFlagLayout.allCases {
            let selected = question.selected == layout
            if focused, selected { buffer.write("›", row: row, column: 0, style: Self.focusStyle) }
            buffer.write(selected ? "●" : "○", row: row, column: 2, style: selected ? Self.focusStyle : .plain)
            let style = focused && selected ? Self.selectedStyle : (selected ? Self.labelStyle : .plain)
            buffer.write(LayoutQuestion.label(layout), row: row, column: 4, style: style)
            row = paragraph(LayoutQuestion.detail(layout), row: row + 1, column: 6, style: Self.dimStyle, maxLines: 2)
        }
        if let error = state.errors[.layoutQuestion] { paragraph(error, row: row, column: 4, style: Self.errorStyle, maxLines: 2) }
    }
}
