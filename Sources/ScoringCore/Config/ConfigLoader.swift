public import Foundation
import Yams

/// Reads YAML config files into ``ConfigNode`` trees, resolving `extends:` and `--set` overrides.
///
/// - `extends: base.yaml` (or a list of files) names configs this one builds on, relative to the
///   file that names them; they are merged first, in order, and this file's keys win.
/// - `--set a.b.c=value` overrides one key after everything else; the value is parsed as YAML
///   (`--set simulation.epochs=20`, `--set 'simulation.formulas.consensus=consensus-median'`).
///
/// A file that would expand past ``limits`` through YAML aliases is refused before its tree is built
/// (see ``ConfigLimits``).
public struct ConfigLoader: Sendable {
    /// Caps on nodes and alias expansions per file.
    public var limits: ConfigLimits

    public init(limits: ConfigLimits = .default) {
        self.limits = limits
    }

    /// Loads `path`, following `extends:` chains (cycles are an error), then applies `overrides`.
    public func load(file path: String, overrides: [String] = []) throws(ConfigError) -> ConfigNode {
        var node = try loadFile(path, chain: [])
        for assignment in overrides {
            node = try apply(override: assignment, to: node)
        }
        return node
    }

    /// Parses YAML text (also JSON, which is YAML) into a node tree; `name` is used in locations.
    public func parse(yaml text: String, name: String) throws(ConfigError) -> ConfigNode {
        let composed: Node?
        try AliasGuard.refuseComplexKeys(text, file: name)
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.translate(error, file: name)
        } catch {
            throw ConfigError(.syntax, at: SourceLocation(file: name, line: 0, column: 0), "\(error)")
        }
        guard let composed else { return ConfigNode(.map([]), location: SourceLocation(file: name, line: 1, column: 1)) }
        try AliasGuard.measure(composed, file: name, limits: limits)
        return try convert(composed, file: name)
    }

    // MARK: - Files and extends

    private func loadFile(_ path: String, chain: [String]) throws(ConfigError) -> ConfigNode {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if chain.contains(url.path) {
            throw ConfigError(.invalidValue, at: SourceLocation(file: path, line: 0, column: 0),
                              "'extends' forms a cycle: \((chain + [url.path]).joined(separator: " -> "))")
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(.io, at: nil, "cannot read config file '\(path)': \(Self.reason(error))")
        }
        var node = try parse(yaml: text, name: path)
        guard let extends = node["extends"] else { return node }
        node["extends"] = nil
        let bases: [ConfigNode]
        switch extends.value {
        case .string: bases = [extends]
        case .list(let l): bases = l
        default:
            throw ConfigError(.wrongType, at: extends.location, path: "extends",
                              "'extends' must be a file name or a list of file names, found \(extends.value.typeName)")
        }
        var merged: ConfigNode?
        for base in bases {
            guard let name = base.stringValue else {
                throw ConfigError(.wrongType, at: base.location, path: "extends",
                                  "'extends' entries must be file names, found \(base.value.typeName)")
            }
            let basePath = name.hasPrefix("/") ? name : url.deletingLastPathComponent().appendingPathComponent(name).path
            let baseNode: ConfigNode
            do {
                baseNode = try loadFile(basePath, chain: chain + [url.path])
            } catch where error.kind == .io && error.location == nil {
                throw ConfigError(.io, at: base.location, path: "extends", error.message)
            }
            merged = merged.map { $0.merged(with: baseNode) } ?? baseNode
        }
        return merged.map { $0.merged(with: node) } ?? node
    }

    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }

    // MARK: - Overrides

    /// Applies one `path.to.key=value` assignment.
    public func apply(override assignment: String, to node: ConfigNode) throws(ConfigError) -> ConfigNode {
        let location = SourceLocation.commandLine(assignment)
        guard let eq = assignment.firstIndex(of: "=") else {
            throw ConfigError(.syntax, at: location, "an override must look like 'path.to.key=value'")
        }
        let path = assignment[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty, !path.contains(where: \.isEmpty) else {
            throw ConfigError(.syntax, at: location, "an override needs a dotted key path before '='")
        }
        var value = try parse(yaml: String(assignment[assignment.index(after: eq)...]), name: location.file)
        value = Self.relocate(value, to: location)
        if case .map(let m) = value.value, m.isEmpty, assignment.hasSuffix("=") { value = ConfigNode(.string(""), location: location) }
        return try Self.set(value, at: path[...], in: node, location: location)
    }

    private static func set(_ value: ConfigNode, at path: ArraySlice<String>, in node: ConfigNode,
                            location: SourceLocation) throws(ConfigError) -> ConfigNode {
        guard let key = path.first else { return value }
        var node = node
        if node.isNull { node = ConfigNode(.map([]), location: location) }
        if case .list(var list) = node.value, let index = Int(key) {
            guard list.indices.contains(index) else {
                throw ConfigError(.outOfRange, at: location, "index \(index) is outside the list (it has \(list.count) elements)")
            }
            list[index] = try set(value, at: path.dropFirst(), in: list[index], location: location)
            node.value = .list(list)
            return node
        }
        guard node.entries != nil else {
            throw ConfigError(.wrongType, at: location,
                              "cannot set '\(key)' inside \(node.value.typeName) (written at \(node.location?.description ?? "?"))")
        }
        let child = node[key] ?? ConfigNode(.null, location: location)
        node[key] = try set(value, at: path.dropFirst(), in: child, location: location)
        return node
    }

    private static func relocate(_ node: ConfigNode, to location: SourceLocation) -> ConfigNode {
        switch node.value {
        case .list(let l): ConfigNode(.list(l.map { relocate($0, to: location) }), location: location)
        case .map(let m):
            ConfigNode(.map(m.map { ConfigEntry(key: $0.key, keyLocation: location, value: relocate($0.value, to: location)) }),
                       location: location)
        default: ConfigNode(node.value, location: location)
        }
    }

    // MARK: - Yams conversion

    private func convert(_ node: Node, file: String) throws(ConfigError) -> ConfigNode {
        let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        switch node {
        case .scalar(let scalar):
            return ConfigNode(Self.scalarValue(node, scalar), location: location)
        case .sequence(let seq):
            var items: [ConfigNode] = []
            for item in seq { items.append(try convert(item, file: file)) }
            return ConfigNode(.list(items), location: location)
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            for (k, v) in mapping {
                let keyLocation = k.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
                guard let key = k.scalar?.string else {
                    throw ConfigError(.wrongType, at: keyLocation, "mapping keys must be plain strings")
                }
                if entries.contains(where: { $0.key == key }) {
                    throw ConfigError(.syntax, at: keyLocation, "duplicate key '\(key)'")
                }
                entries.append(ConfigEntry(key: key, keyLocation: keyLocation, value: try convert(v, file: file)))
            }
            return ConfigNode(.map(entries), location: location)
        case .alias:
            throw ConfigError(.syntax, at: location, "YAML aliases are not supported in configs")
        }
    }

    private static func scalarValue(_ node: Node, _ scalar: Node.Scalar) -> ConfigValue {
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal
            || scalar.style == .folded {
            return .string(scalar.string)
        }
        if node.null != nil { return .null }
        if let b = node.bool { return .bool(b) }
        if let i = node.int { return .int(i) }
        if let d = node.float { return .double(d) }
        return .string(scalar.string)
    }

    private static func translate(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return ConfigError(.syntax, at: SourceLocation(file: file, line: mark.line, column: mark.column),
                               "invalid YAML: \(text)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(.syntax, at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                               "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigError(.syntax, at: SourceLocation(file: file, line: 0, column: 0), "invalid YAML: \(error)")
        }
    }
}
