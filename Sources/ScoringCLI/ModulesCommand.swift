public import ArgumentParser
public import ScoringCore

/// `scoring modules [--kind …]`: lists every registered component.
public struct ModulesCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "modules",
        abstract: "List registered components: key, description, equation, parameters and defaults.")

    @Option(help: "Only this extension point (formula, policy, domain, miner-tiers, …).") public var kind: String?
    @Option(help: "Also register the domain files of this config, as a run of it would.") public var config: String?
    @Flag(help: "Print JSON instead of text.") public var json = false
    public init() {}

    public func run() async throws {
        var registry = try BuiltInModules.registry()
        if let config {
            do {
                registry = try ScoringConfig.load(file: config, registry: registry).registry
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
        let kinds = registry.kinds.map(\.rawValue)
        if let kind, !kinds.contains(kind) {
            let hint = Suggestions.closest(to: kind, in: kinds).map { " Did you mean '\($0)'?" } ?? ""
            throw ValidationError("unknown kind '\(kind)'.\(hint) Valid kinds: \(kinds.joined(separator: ", ")).")
        }
        let descriptors = registry.descriptors(kind.map { ComponentKind(rawValue: $0) })
        if json {
            print(ComponentListing.json(descriptors).jsonString())
        } else {
            print(ComponentListing.text(descriptors, pipelines: kind == nil ? registry.pipelines : []), terminator: "")
        }
    }
}

/// Renders component descriptors for `scoring modules` and the API.
public enum ComponentListing {
    public static func json(_ descriptors: [ComponentDescriptor]) -> ConfigNode {
        ConfigNode(.list(descriptors.map { d in
            var entries: [ConfigEntry] = [
                ConfigEntry(key: "kind", value: .string(d.kind.rawValue)),
                ConfigEntry(key: "key", value: .string(d.key.rawValue)),
            ]
            if let role = d.role { entries.append(ConfigEntry(key: "role", value: .string(role.rawValue))) }
            entries.append(ConfigEntry(key: "summary", value: .string(d.summary)))
            if let e = d.equation { entries.append(ConfigEntry(key: "equation", value: .string(e))) }
            if let r = d.reference { entries.append(ConfigEntry(key: "reference", value: .string(r))) }
            entries.append(ConfigEntry(key: "module", value: .string(d.module)))
            entries.append(ConfigEntry(key: "parameters", value: .list(d.parameters.map { p in
                .map(["name": .string(p.name), "type": .string(p.typeDescription),
                      "default": p.defaultValue ?? .null, "summary": .string(p.summary)])
            })))
            return ConfigNode(.map(entries))
        }))
    }

    public static func text(_ descriptors: [ComponentDescriptor], pipelines: [PipelineEntry]) -> String {
        var out = ""
        var currentKind: ComponentKind?
        for d in descriptors {
            if d.kind != currentKind {
                currentKind = d.kind
                out += "\n\(d.kind.rawValue.uppercased())\n"
            }
            let role = d.role.map { " [\($0)]" } ?? ""
            out += "  \(d.key)\(role) — \(d.summary)  (module \(d.module))\n"
            if let e = d.equation { out += "      \(e)\n" }
            if let r = d.reference { out += "      source: \(r)\n" }
            for p in d.parameters {
                let def = p.defaultValue.map { " = \($0.jsonString(pretty: false))" } ?? " (required)"
                out += "      \(p.name): \(p.typeDescription)\(def) — \(p.summary)\n"
            }
        }
        if !pipelines.isEmpty {
            out += "\nPIPELINES\n"
            for p in pipelines { out += "  \(p.name) — \(p.summary)\n" }
        }
        return out.isEmpty ? "No components registered.\n" : String(out.dropFirst())
    }
}
