/// A component's resolved parameters: every declared parameter with its given or default value.
///
/// Values were checked against the ``ParameterSpec``s before the component is made, so the typed
/// accessors only fail for names the component did not declare (a programming error, reported
/// as a ``ConfigError`` rather than a crash).
public struct ParameterValues: Sendable {
    public let specs: [ParameterSpec]
    public let values: [String: ConfigNode]
    /// The registry the component is being made from, for components built out of other components.
    public let registry: ScoringRegistry
    /// Where the component was selected in a config, when it was.
    public let location: SourceLocation?
    /// Dotted config path of the component's slot.
    public let path: String

    public init(specs: [ParameterSpec], values: [String: ConfigNode], registry: ScoringRegistry,
                location: SourceLocation? = nil, path: String = "") {
        self.specs = specs
        self.values = values
        self.registry = registry
        self.location = location
        self.path = path
    }

    /// Defaults only, as when a component is selected without options.
    public static func defaults(for specs: [ParameterSpec], registry: ScoringRegistry = ScoringRegistry()) -> ParameterValues {
        var values: [String: ConfigNode] = [:]
        for s in specs { if let d = s.defaultValue { values[s.name] = d } }
        return ParameterValues(specs: specs, values: values, registry: registry)
    }

    public func node(_ name: String) throws(ConfigError) -> ConfigNode {
        guard let v = values[name] else {
            throw ConfigError(.missingKey, at: location, path: path, "parameter '\(name)' is not set",
                              choices: specs.map(\.name))
        }
        return v
    }

    public func double(_ name: String) throws(ConfigError) -> Double {
        let v = try node(name)
        guard let d = v.doubleValue else { throw wrong(name, v, "a number") }
        return d
    }

    public func int(_ name: String) throws(ConfigError) -> Int {
        let v = try node(name)
        guard let i = v.intValue else { throw wrong(name, v, "an integer") }
        return i
    }

    public func bool(_ name: String) throws(ConfigError) -> Bool {
        let v = try node(name)
        guard let b = v.boolValue else { throw wrong(name, v, "true or false") }
        return b
    }

    public func string(_ name: String) throws(ConfigError) -> String {
        let v = try node(name)
        guard let s = v.stringValue else { throw wrong(name, v, "a string") }
        return s
    }

    public func doubles(_ name: String) throws(ConfigError) -> [Double] {
        let v = try node(name)
        guard let e = v.elements else { throw wrong(name, v, "a list of numbers") }
        var out: [Double] = []
        for x in e {
            guard let d = x.doubleValue else { throw wrong(name, x, "a number") }
            out.append(d)
        }
        return out
    }

    /// A reader over a structured parameter, for components that take tables or nested options.
    public func reader(_ name: String) throws(ConfigError) -> ConfigReader {
        try ConfigReader(try node(name), path: path.isEmpty ? name : "\(path).options.\(name)")
    }

    /// A copy with one value replaced (validated like a config value).
    public func setting(_ name: String, to value: ConfigNode) throws(ConfigError) -> ParameterValues {
        var options = values.map { ConfigEntry(key: $0.key, value: $0.value) }
        options.removeAll { $0.key == name }
        options.append(ConfigEntry(key: name, value: value))
        return try ParameterValues.resolve(specs: specs, options: ConfigNode(.map(options)), registry: registry,
                                           path: path, componentName: path)
    }

    private func wrong(_ name: String, _ v: ConfigNode, _ expected: String) -> ConfigError {
        ConfigError(.wrongType, at: v.location ?? location, path: "\(path).\(name)",
                    "parameter '\(name)' must be \(expected), found \(v.value.typeName)")
    }

    /// Checks `options` (a mapping or null) against `specs` and fills in defaults.
    ///
    /// - Throws: ``ConfigError`` for an unknown parameter (listing the valid ones), a wrong type,
    ///   a value out of range or a missing required parameter.
    public static func resolve(specs: [ParameterSpec], options: ConfigNode?, registry: ScoringRegistry,
                               path: String, componentName: String) throws(ConfigError) -> ParameterValues {
        var values: [String: ConfigNode] = [:]
        let entries: [ConfigEntry]
        if let options, !options.isNull {
            guard let e = options.entries else {
                throw ConfigError(.wrongType, at: options.location, path: "\(path).options",
                                  "options of '\(componentName)' must be a mapping, found \(options.value.typeName)")
            }
            entries = e
        } else {
            entries = []
        }
        let names = specs.map(\.name)
        for entry in entries {
            guard let spec = specs.first(where: { $0.name == entry.key }) else {
                throw ConfigError(.unknownKey, at: entry.keyLocation ?? entry.value.location, path: "\(path).options.\(entry.key)",
                                  names.isEmpty ? "'\(componentName)' takes no parameters, found '\(entry.key)'"
                                                : "unknown parameter '\(entry.key)' for '\(componentName)'",
                                  choices: names, suggestion: Suggestions.closest(to: entry.key, in: names))
            }
            try check(entry.value, against: spec, path: "\(path).options.\(entry.key)")
            values[spec.name] = entry.value
        }
        for spec in specs where values[spec.name] == nil {
            guard let d = spec.defaultValue else {
                throw ConfigError(.missingKey, at: options?.location, path: "\(path).options.\(spec.name)",
                                  "'\(componentName)' needs parameter '\(spec.name)' (\(spec.typeDescription))")
            }
            values[spec.name] = d
        }
        return ParameterValues(specs: specs, values: values, registry: registry, location: options?.location, path: path)
    }

    private static func check(_ v: ConfigNode, against spec: ParameterSpec, path: String) throws(ConfigError) {
        func fail(_ message: String, _ kind: ConfigError.Kind = .wrongType) -> ConfigError {
            ConfigError(kind, at: v.location, path: path, message)
        }
        switch spec.kind {
        case .number(let range):
            guard let d = v.doubleValue, d.isFinite else { throw fail("'\(spec.name)' must be a finite number, found \(v.value.typeName)") }
            if let range, !range.contains(d) { throw fail("'\(spec.name)' must be in \(ConfigReader.describe(range)), found \(d)", .outOfRange) }
        case .integer(let range):
            guard let i = v.intValue else { throw fail("'\(spec.name)' must be an integer, found \(v.value.typeName)") }
            if let range, !range.contains(i) { throw fail("'\(spec.name)' must be in \(ConfigReader.describe(range)), found \(i)", .outOfRange) }
        case .bool:
            guard v.boolValue != nil else { throw fail("'\(spec.name)' must be true or false, found \(v.value.typeName)") }
        case .string(let choices):
            guard let s = v.stringValue else { throw fail("'\(spec.name)' must be a string, found \(v.value.typeName)") }
            if let choices, !choices.contains(s) {
                throw ConfigError(.invalidValue, at: v.location, path: path, "'\(s)' is not a valid value for '\(spec.name)'",
                                  choices: choices, suggestion: Suggestions.closest(to: s, in: choices))
            }
        case .numbers(let range):
            guard let elements = v.elements else { throw fail("'\(spec.name)' must be a list of numbers, found \(v.value.typeName)") }
            for e in elements {
                guard let d = e.doubleValue, d.isFinite else {
                    throw ConfigError(.wrongType, at: e.location ?? v.location, path: path, "'\(spec.name)' must contain only finite numbers")
                }
                if let range, !range.contains(d) {
                    throw ConfigError(.outOfRange, at: e.location ?? v.location, path: path,
                                      "every value of '\(spec.name)' must be in \(ConfigReader.describe(range)), found \(d)")
                }
            }
        case .structured:
            break
        }
    }
}
