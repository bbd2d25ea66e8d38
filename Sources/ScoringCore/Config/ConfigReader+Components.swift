extension ConfigReader {
    /// Reads a component slot and makes the component.
    ///
    /// A slot is written as `key` or `{type: key, options: {...}}`; a missing slot selects
    /// `defaultKey` with default options. The resolved slot (`type` plus every option with its
    /// default) is recorded for `scoring config show`.
    /// - Throws: ``ConfigError`` located at the slot: unknown component (with the valid keys and a
    ///   suggestion), wrong role, unknown option, wrong type or out-of-range option.
    public func component<C>(_ key: String, kind: ComponentKind, role: FormulaRole? = nil,
                             default defaultKey: ComponentKey?, in registry: ScoringRegistry,
                             as type: C.Type = C.self) throws(ConfigError) -> C {
        let slot = try componentSelection(key, default: defaultKey)
        return try makeComponent(slot, key: key, kind: kind, role: role, in: registry, as: type)
    }

    /// Reads a list of component selections (`[key, {type: key, options: …}, …]`).
    public func components<C>(_ key: String, kind: ComponentKind, default defaultKeys: [ComponentKey],
                              in registry: ScoringRegistry, as type: C.Type = C.self) throws(ConfigError) -> [C] {
        let node = raw(key)
        let items: [ConfigNode]
        if let node, !node.isNull {
            guard let e = node.elements else {
                throw ConfigError(.wrongType, at: node.location, path: path(of: key),
                                  "'\(path(of: key))' must be a list of \(kind) keys, found \(node.value.typeName)")
            }
            items = e
        } else {
            items = defaultKeys.map { ConfigNode(.string($0.rawValue), location: .defaultValue) }
        }
        var out: [C] = []
        var resolved: [ConfigNode] = []
        for (i, item) in items.enumerated() {
            let slot = try Self.selection(item, path: "\(path(of: key))[\(i)]")
            let (component, node) = try makeResolved(slot, path: "\(path(of: key))[\(i)]", kind: kind, role: nil,
                                                     in: registry, as: type)
            out.append(component)
            resolved.append(node)
        }
        recordResolved(key, ConfigNode(.list(resolved)))
        return out
    }

    /// A parsed slot: the component key and its options node.
    public struct ComponentSelection: Sendable {
        public var key: ComponentKey
        public var keyLocation: SourceLocation?
        public var options: ConfigNode?
    }

    /// Reads the slot without making anything.
    public func componentSelection(_ key: String, default defaultKey: ComponentKey?) throws(ConfigError) -> ComponentSelection {
        guard let node = raw(key), !node.isNull else {
            guard let defaultKey else {
                throw ConfigError(.missingKey, at: location(of: key), path: path(of: key), "missing required key '\(path(of: key))'")
            }
            return ComponentSelection(key: defaultKey, keyLocation: .defaultValue, options: nil)
        }
        return try Self.selection(node, path: path(of: key))
    }

    static func selection(_ node: ConfigNode, path: String) throws(ConfigError) -> ComponentSelection {
        if let s = node.stringValue { return ComponentSelection(key: ComponentKey(s), keyLocation: node.location, options: nil) }
        let r = try ConfigReader(node, path: path)
        let type = try r.string("type")
        let options = r.raw("options")
        try r.finish()
        return ComponentSelection(key: ComponentKey(type), keyLocation: r.location(of: "type"), options: options)
    }

    private func makeComponent<C>(_ slot: ComponentSelection, key: String, kind: ComponentKind, role: FormulaRole?,
                                  in registry: ScoringRegistry, as type: C.Type) throws(ConfigError) -> C {
        let (component, node) = try makeResolved(slot, path: path(of: key), kind: kind, role: role, in: registry, as: type)
        recordResolved(key, node)
        return component
    }

    private func makeResolved<C>(_ slot: ComponentSelection, path: String, kind: ComponentKind, role: FormulaRole?,
                                 in registry: ScoringRegistry, as type: C.Type) throws(ConfigError) -> (C, ConfigNode) {
        let entry: ScoringRegistry.Entry
        do {
            entry = try registry.entry(kind, slot.key, role: role)
        } catch {
            let what = role.map { "\($0) formula" } ?? kind.rawValue
            throw ConfigError(.unknownComponent, at: slot.keyLocation, path: path,
                              error.kind == .wrongRole ? "\(error.message) (for '\(path)')" : "unknown \(what) '\(slot.key)' for '\(path)'",
                              choices: error.available.map(\.rawValue), suggestion: error.suggestion?.rawValue)
        }
        let values = try ParameterValues.resolve(specs: entry.descriptor.parameters, options: slot.options,
                                                 registry: registry, path: path, componentName: slot.key.rawValue)
        let made: any Sendable
        do {
            made = try entry.make(values)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(.invalidValue, at: slot.options?.location ?? slot.keyLocation, path: path,
                              "'\(slot.key)' refused its options: \(error)")
        }
        guard let component = made as? C else {
            throw ConfigError(.unknownComponent, at: slot.keyLocation, path: path,
                              "'\(slot.key)' cannot be used for '\(path)' (it is not a \(C.self))",
                              choices: (role.map { registry.formulaKeys(role: $0) } ?? registry.keys(kind)).map(\.rawValue))
        }
        var options: [ConfigEntry] = []
        for spec in entry.descriptor.parameters {
            if let v = values.values[spec.name] { options.append(ConfigEntry(key: spec.name, value: v)) }
        }
        var resolved: [ConfigEntry] = [ConfigEntry(key: "type", value: ConfigNode(.string(slot.key.rawValue)))]
        if !options.isEmpty { resolved.append(ConfigEntry(key: "options", value: ConfigNode(.map(options)))) }
        return (component, ConfigNode(.map(resolved)))
    }
}
