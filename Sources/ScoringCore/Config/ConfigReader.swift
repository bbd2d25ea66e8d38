/// Reads one mapping of a config with types, ranges and defaults, and records the resolved value.
///
/// Every accessor names the key it reads, so ``finish()`` can reject keys nobody asked for with a
/// located error and a did-you-mean suggestion, and ``resolved`` holds the mapping with defaults
/// filled in (what `scoring config show` prints).
///
/// ```swift
/// let reader = try ConfigReader(node, path: "simulation")
/// let epochs = try reader.int("epochs", default: 10, range: 1...100_000)
/// let formulas = try reader.section("formulas")
/// try reader.finish()
/// ```
public final class ConfigReader {
    /// The mapping being read.
    public let node: ConfigNode
    /// The dotted path of this mapping inside the whole config ("" for the root).
    public let path: String
    private var readKeys: [String] = []
    private var resolvedEntries: [ConfigEntry] = []
    private var children: [String: ConfigReader] = [:]

    /// - Throws: ``ConfigError`` of kind `wrongType` when `node` is not a mapping (null reads as empty).
    public init(_ node: ConfigNode, path: String = "") throws(ConfigError) {
        if node.isNull {
            self.node = ConfigNode(.map([]), location: node.location)
        } else if node.entries != nil {
            self.node = node
        } else {
            throw ConfigError(.wrongType, at: node.location, path: path,
                              "\(path.isEmpty ? "the config" : "'\(path)'") must be a mapping, found \(node.value.typeName)")
        }
        self.path = path
    }

    /// The dotted path of `key` inside the config.
    public func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Whether the mapping has `key` (does not mark it as read).
    public func contains(_ key: String) -> Bool { node[key] != nil }

    /// The keys written in the mapping, in order.
    public var writtenKeys: [String] { node.entries?.map(\.key) ?? [] }

    /// The raw node under `key`, marking it read and recording it as resolved.
    public func raw(_ key: String) -> ConfigNode? {
        markRead(key)
        guard let value = node[key] else { return nil }
        record(key, value)
        return value
    }

    /// Where `key` was written, or where this mapping was written when the key is missing.
    public func location(of key: String) -> SourceLocation? {
        node.entries?.first { $0.key == key }?.value.location ?? node.location
    }

    // MARK: - Scalars

    public func string(_ key: String, default defaultValue: String? = nil, choices: [String]? = nil) throws(ConfigError) -> String {
        let v = try scalar(key, defaultValue.map { ConfigNode(.string($0)) })
        guard let s = v.stringValue ?? v.intValue.map(String.init) ?? v.doubleValue.map({ "\($0)" }) else {
            throw typeError(key, v, expected: "a string")
        }
        if let choices, !choices.contains(s) {
            throw ConfigError(.invalidValue, at: v.location, path: path(of: key),
                              "'\(s)' is not a valid value for '\(path(of: key))'",
                              choices: choices, suggestion: Suggestions.closest(to: s, in: choices))
        }
        return s
    }

    public func optionalString(_ key: String) throws(ConfigError) -> String? {
        guard let v = node[key], !v.isNull else { markRead(key); return nil }
        return try string(key)
    }

    public func int(_ key: String, default defaultValue: Int? = nil, range: ClosedRange<Int>? = nil) throws(ConfigError) -> Int {
        let v = try scalar(key, defaultValue.map { ConfigNode(.int($0)) })
        guard let i = v.intValue else { throw typeError(key, v, expected: "an integer") }
        if let range, !range.contains(i) {
            throw ConfigError(.outOfRange, at: v.location, path: path(of: key),
                              "'\(path(of: key))' must be in \(Self.describe(range)), found \(i)")
        }
        return i
    }

    public func optionalInt(_ key: String, range: ClosedRange<Int>? = nil) throws(ConfigError) -> Int? {
        guard let v = node[key], !v.isNull else { markRead(key); return nil }
        return try int(key, range: range)
    }

    public func double(_ key: String, default defaultValue: Double? = nil, range: ClosedRange<Double>? = nil) throws(ConfigError) -> Double {
        let v = try scalar(key, defaultValue.map { ConfigNode(.double($0)) })
        guard let d = v.doubleValue else { throw typeError(key, v, expected: "a number") }
        guard d.isFinite else {
            throw ConfigError(.outOfRange, at: v.location, path: path(of: key), "'\(path(of: key))' must be a finite number")
        }
        if let range, !range.contains(d) {
            throw ConfigError(.outOfRange, at: v.location, path: path(of: key),
                              "'\(path(of: key))' must be in \(Self.describe(range)), found \(d)")
        }
        return d
    }

    public func optionalDouble(_ key: String, range: ClosedRange<Double>? = nil) throws(ConfigError) -> Double? {
        guard let v = node[key], !v.isNull else { markRead(key); return nil }
        return try double(key, range: range)
    }

    public func bool(_ key: String, default defaultValue: Bool? = nil) throws(ConfigError) -> Bool {
        let v = try scalar(key, defaultValue.map { ConfigNode(.bool($0)) })
        guard let b = v.boolValue else { throw typeError(key, v, expected: "true or false") }
        return b
    }

    /// A list of numbers.
    public func doubles(_ key: String, default defaultValue: [Double]? = nil) throws(ConfigError) -> [Double] {
        let v = try scalar(key, defaultValue.map { ConfigNode(.list($0.map { ConfigNode(.double($0)) })) })
        guard let elements = v.elements else { throw typeError(key, v, expected: "a list of numbers") }
        var out: [Double] = []
        for (i, e) in elements.enumerated() {
            guard let d = e.doubleValue, d.isFinite else {
                throw ConfigError(.wrongType, at: e.location ?? v.location, path: "\(path(of: key))[\(i)]",
                                  "'\(path(of: key))[\(i)]' must be a finite number, found \(e.value.typeName)")
            }
            out.append(d)
        }
        return out
    }

    /// A list of strings.
    public func strings(_ key: String, default defaultValue: [String]? = nil) throws(ConfigError) -> [String] {
        let v = try scalar(key, defaultValue.map { ConfigNode(.list($0.map { ConfigNode(.string($0)) })) })
        guard let elements = v.elements else { throw typeError(key, v, expected: "a list of strings") }
        var out: [String] = []
        for (i, e) in elements.enumerated() {
            guard let s = e.stringValue else {
                throw ConfigError(.wrongType, at: e.location ?? v.location, path: "\(path(of: key))[\(i)]",
                                  "'\(path(of: key))[\(i)]' must be a string, found \(e.value.typeName)")
            }
            out.append(s)
        }
        return out
    }

    // MARK: - Nested

    /// A nested mapping (an empty one when the key is missing). Call ``finish()`` on the root to check it too.
    public func section(_ key: String) throws(ConfigError) -> ConfigReader {
        markRead(key)
        if let child = children[key] { return child }
        let child = try ConfigReader(node[key] ?? ConfigNode(.map([]), location: node.location), path: path(of: key))
        children[key] = child
        return child
    }

    /// A list of mappings, each read by its own reader; `nil` when the key is missing.
    public func sections(_ key: String) throws(ConfigError) -> [ConfigReader]? {
        markRead(key)
        guard let v = node[key], !v.isNull else { return nil }
        guard let elements = v.elements else { throw typeError(key, v, expected: "a list") }
        var readers: [ConfigReader] = []
        for (i, e) in elements.enumerated() {
            readers.append(try ConfigReader(e, path: "\(path(of: key))[\(i)]"))
        }
        listChildren[key] = readers
        return readers
    }
    private var listChildren: [String: [ConfigReader]] = [:]

    /// Records a value that was computed rather than read (e.g. a component's resolved options).
    public func recordResolved(_ key: String, _ value: ConfigNode) {
        markRead(key)
        record(key, value)
    }

    // MARK: - Finishing

    /// Rejects keys of this mapping (and of every nested section read through it) that were never read.
    public func finish() throws(ConfigError) {
        for entry in node.entries ?? [] where !readKeys.contains(entry.key) {
            throw ConfigError(.unknownKey, at: entry.keyLocation ?? entry.value.location, path: path(of: entry.key),
                              "unknown key '\(entry.key)'\(path.isEmpty ? "" : " in '\(path)'")",
                              choices: readKeys, suggestion: Suggestions.closest(to: entry.key, in: readKeys))
        }
        for key in readKeys {
            try children[key]?.finish()
            for child in listChildren[key] ?? [] { try child.finish() }
        }
    }

    /// The mapping as read, with defaults filled in, in the order the keys were read.
    public var resolved: ConfigNode {
        var entries: [ConfigEntry] = []
        for key in readKeys {
            if let child = children[key] {
                entries.append(ConfigEntry(key: key, value: child.resolved))
            } else if let list = listChildren[key] {
                entries.append(ConfigEntry(key: key, value: ConfigNode(.list(list.map(\.resolved)))))
            } else if let e = resolvedEntries.last(where: { $0.key == key }) {
                entries.append(e)
            }
        }
        return ConfigNode(.map(entries), location: node.location)
    }

    // MARK: - Private

    private func markRead(_ key: String) {
        if !readKeys.contains(key) { readKeys.append(key) }
    }

    private func record(_ key: String, _ value: ConfigNode) {
        resolvedEntries.removeAll { $0.key == key }
        resolvedEntries.append(ConfigEntry(key: key, value: value))
    }

    private func scalar(_ key: String, _ defaultValue: ConfigNode?) throws(ConfigError) -> ConfigNode {
        markRead(key)
        if let v = node[key], !v.isNull {
            record(key, v)
            return v
        }
        guard let defaultValue else {
            throw ConfigError(.missingKey, at: node.location, path: path(of: key),
                              "missing required key '\(path(of: key))'")
        }
        record(key, defaultValue)
        return ConfigNode(defaultValue.value, location: .defaultValue)
    }

    private func typeError(_ key: String, _ v: ConfigNode, expected: String) -> ConfigError {
        ConfigError(.wrongType, at: v.location, path: path(of: key),
                    "'\(path(of: key))' must be \(expected), found \(v.value.typeName)\(Self.show(v))")
    }

    private static func show(_ v: ConfigNode) -> String {
        switch v.value {
        case .string(let s): " '\(s)'"
        case .int(let i): " \(i)"
        case .double(let d): " \(d)"
        case .bool(let b): " \(b)"
        default: ""
        }
    }

    static func describe<T>(_ range: ClosedRange<T>) -> String {
        "[\(range.lowerBound), \(range.upperBound)]"
    }
}
