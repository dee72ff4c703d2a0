import Yams

/// Reads a compose file with a real YAML parser (Yams) into a ``ComposeProject``.
///
/// Only what the deployment check needs is read: each service's image, names, volumes, environment and env files.
/// YAML anchors, aliases and `<<` merge keys work as in compose.
enum ComposeParser {
    /// Parses `text`, the compose file at the absolute `path`; `environment` is the shell environment and
    /// `projectEnv` the project `.env` values, used for interpolation (the shell wins, as in compose).
    static func parse(
        _ text: String, path: String, environment: [String: String], projectEnv: [String: String]
    ) throws(ConfigWriterError) -> ComposeProject {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .composeSyntax(path: path, reason: reason(error))
        } catch {
            throw .composeSyntax(path: path, reason: "not YAML")
        }
        var project = ComposeProject(
            path: path, directory: PathNormal.directory(of: path), services: [],
            interpolationValues: projectEnv.merging(environment) { _, shell in shell }, shellVariableNames: Set(environment.keys))
        guard let root else { return project }
        guard let top = root.mapping else { throw .composeSyntax(path: path, reason: "the file is not a mapping of keys") }
        guard let services = value(top, "services") else { return project }
        guard let serviceMap = services.mapping else {
            throw .composeSyntax(path: path, reason: "`services` is not a mapping (line \(services.mark?.line ?? 0))")
        }
        for (key, node) in serviceMap {
            guard let name = key.string, let service = node.mapping else { continue }
            project.services.append(readService(name: name, line: key.mark?.line ?? 0, service, project: project))
        }
        return project
    }

    private static func readService(name: String, line: Int, _ service: Node.Mapping, project: ComposeProject) -> ComposeService {
        var otherNames: [String] = []
        if let containerName = value(service, "container_name")?.string { otherNames.append(project.interpolated(containerName)) }
        if let networks = value(service, "networks")?.mapping {
            for (_, network) in networks {
                guard let aliases = network.mapping.flatMap({ value($0, "aliases") })?.sequence else { continue }
                otherNames += aliases.compactMap(\.string).map(project.interpolated)
            }
        }
        let environmentNode = value(service, "environment")
        return ComposeService(
            name: name,
            image: value(service, "image")?.string,
            otherNames: otherNames,
            mounts: value(service, "volumes")?.sequence.map { $0.compactMap { mount($0, project: project) } } ?? [],
            environment: environmentNode.map(environmentEntries) ?? [],
            environmentIsList: environmentNode?.sequence != nil,
            envFiles: value(service, "env_file").map { envFiles($0, project: project) } ?? [],
            line: line)
    }

    private static func mount(_ node: Node, project: ComposeProject) -> ComposeMount? {
        if let short = node.string {
            let parts = project.interpolated(short).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { return nil }
            let modes = parts.count > 2 ? parts[2].split(separator: ",").map(String.init) : []
            return makeMount(source: parts[0], target: parts[1], type: nil, readOnly: modes.contains("ro"), project: project)
        }
        guard let long = node.mapping, let target = value(long, "target")?.string else { return nil }
        let source = value(long, "source")?.string ?? ""
        let readOnly = value(long, "read_only")?.bool ?? false
        return makeMount(
            source: project.interpolated(source), target: project.interpolated(target),
            type: value(long, "type")?.string, readOnly: readOnly, project: project)
    }

    private static func makeMount(source: String, target: String, type: String?, readOnly: Bool, project: ComposeProject) -> ComposeMount {
        let looksLikePath = source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~")
        let isBind = type.map { $0 == "bind" } ?? looksLikePath
        return ComposeMount(
            source: isBind ? PathNormal.absolute(source, relativeTo: project.directory) : source,
            target: target, isBind: isBind, readOnly: readOnly)
    }

    private static func environmentEntries(_ node: Node) -> [ComposeEnvironmentEntry] {
        if let mapping = node.mapping {
            return mapping.compactMap { key, value in
                guard let name = key.string else { return nil }
                let text: String? = value.null != nil ? nil : value.scalar?.string
                return ComposeEnvironmentEntry(name: name, value: text, line: key.mark?.line ?? 0)
            }
        }
        return (node.sequence ?? []).compactMap { item in
            guard let text = item.string else { return nil }
            let line = item.mark?.line ?? 0
            guard let equals = text.firstIndex(of: "=") else { return ComposeEnvironmentEntry(name: text, value: nil, line: line) }
            return ComposeEnvironmentEntry(
                name: String(text[..<equals]), value: String(text[text.index(after: equals)...]), line: line)
        }
    }

    private static func envFiles(_ node: Node, project: ComposeProject) -> [ComposeEnvFile] {
        let items = node.sequence.map(Array.init) ?? [node]
        return items.compactMap { item in
            if let path = item.string {
                return ComposeEnvFile(path: PathNormal.absolute(project.interpolated(path), relativeTo: project.directory), required: true)
            }
            guard let mapping = item.mapping, let path = value(mapping, "path")?.string else { return nil }
            return ComposeEnvFile(
                path: PathNormal.absolute(project.interpolated(path), relativeTo: project.directory),
                required: value(mapping, "required")?.bool ?? true)
        }
    }

    /// The value of `key` in `mapping`, also through `<<` merge keys.
    private static func value(_ mapping: Node.Mapping, _ key: String) -> Node? {
        if let direct = mapping[key] { return direct }
        guard let merged = mapping["<<"] else { return nil }
        let sources = merged.sequence.map(Array.init) ?? [merged]
        for source in sources {
            if let inner = source.mapping, let found = value(inner, key) { return found }
        }
        return nil
    }

    private static func reason(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return "not valid YAML"
        }
    }
}
