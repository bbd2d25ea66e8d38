/// A configuration value with the place it was written.
///
/// Configs are YAML, composed into this tree so every value keeps its file, line and column.
/// Mappings keep the order they were written in, so resolved configs print in a stable order.
public struct ConfigNode: Sendable, Hashable {
    public var value: ConfigValue
    public var location: SourceLocation?

    public init(_ value: ConfigValue, location: SourceLocation? = nil) {
        self.value = value
        self.location = location
    }

    public static let null = ConfigNode(.null)
    public static func string(_ s: String) -> ConfigNode { ConfigNode(.string(s)) }
    public static func int(_ i: Int) -> ConfigNode { ConfigNode(.int(i)) }
    public static func double(_ d: Double) -> ConfigNode { ConfigNode(.double(d)) }
    public static func bool(_ b: Bool) -> ConfigNode { ConfigNode(.bool(b)) }
    public static func list(_ l: [ConfigNode]) -> ConfigNode { ConfigNode(.list(l)) }
    public static func map(_ m: [ConfigEntry]) -> ConfigNode { ConfigNode(.map(m)) }
    public static func map(_ pairs: KeyValuePairs<String, ConfigNode>) -> ConfigNode {
        ConfigNode(.map(pairs.map { ConfigEntry(key: $0.key, value: $0.value) }))
    }
}

/// One key of a mapping.
public struct ConfigEntry: Sendable, Hashable {
    public var key: String
    public var keyLocation: SourceLocation?
    public var value: ConfigNode

    public init(key: String, keyLocation: SourceLocation? = nil, value: ConfigNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// The value part of a ``ConfigNode``.
public indirect enum ConfigValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigNode])
    case map([ConfigEntry])

    /// A short name of the value's type, used in error messages ("a number", "a mapping", …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .list: "a list"
        case .map: "a mapping"
        }
    }
}

extension ConfigNode {
    /// The entries of a mapping, or `nil`.
    public var entries: [ConfigEntry]? {
        if case .map(let m) = value { return m }
        return nil
    }

    /// The elements of a list, or `nil`.
    public var elements: [ConfigNode]? {
        if case .list(let l) = value { return l }
        return nil
    }

    /// The value under `key` in a mapping.
    public subscript(key: String) -> ConfigNode? {
        get { entries?.first { $0.key == key }?.value }
        set {
            guard case .map(var m) = value else { return }
            if let i = m.firstIndex(where: { $0.key == key }) {
                if let newValue { m[i].value = newValue } else { m.remove(at: i) }
            } else if let newValue {
                m.append(ConfigEntry(key: key, value: newValue))
            }
            value = .map(m)
        }
    }

    /// A number as `Double` (integers are widened).
    public var doubleValue: Double? {
        switch value {
        case .double(let d): d
        case .int(let i): Double(i)
        default: nil
        }
    }

    public var intValue: Int? {
        if case .int(let i) = value { return i }
        if case .double(let d) = value, d.rounded() == d, abs(d) < 9.0e15 { return Int(d) }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// Deep-merges `overlay` onto `self`: mappings merge key by key, anything else is replaced.
    public func merged(with overlay: ConfigNode) -> ConfigNode {
        guard case .map(var base) = value, case .map(let top) = overlay.value else { return overlay }
        for entry in top {
            if let i = base.firstIndex(where: { $0.key == entry.key }) {
                base[i] = ConfigEntry(key: entry.key, keyLocation: entry.keyLocation,
                                      value: base[i].value.merged(with: entry.value))
            } else {
                base.append(entry)
            }
        }
        return ConfigNode(.map(base), location: location ?? overlay.location)
    }

    /// Drops every location, for comparing values regardless of where they were written.
    public var withoutLocations: ConfigNode {
        switch value {
        case .list(let l): ConfigNode(.list(l.map(\.withoutLocations)))
        case .map(let m): ConfigNode(.map(m.map { ConfigEntry(key: $0.key, value: $0.value.withoutLocations) }))
        default: ConfigNode(value)
        }
    }
}
