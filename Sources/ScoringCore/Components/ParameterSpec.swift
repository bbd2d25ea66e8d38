/// One parameter a component accepts, with its default and valid range.
///
/// Parameters are checked when a config is loaded: an unknown name, a wrong type or a value out
/// of range is a located ``ConfigError`` that lists what is valid.
public struct ParameterSpec: Sendable, Hashable {
    /// What values the parameter takes.
    public enum Kind: Sendable, Hashable {
        /// A finite number, optionally within a closed range.
        case number(ClosedRange<Double>?)
        /// An integer, optionally within a closed range.
        case integer(ClosedRange<Int>?)
        case bool
        /// A string, optionally one of a fixed set.
        case string(choices: [String]?)
        /// A list of finite numbers, each optionally within a range.
        case numbers(ClosedRange<Double>?)
        /// Any YAML value; the component reads it with a ``ConfigReader`` (tables, nested options).
        case structured(summary: String)
    }

    public var name: String
    public var summary: String
    public var kind: Kind
    /// The default; `nil` makes the parameter required.
    public var defaultValue: ConfigNode?

    public init(_ name: String, _ kind: Kind, default defaultValue: ConfigNode?, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    public static func number(_ name: String, default d: Double, range: ClosedRange<Double>? = nil, _ summary: String) -> ParameterSpec {
        ParameterSpec(name, .number(range), default: ConfigNode(.double(d)), summary)
    }

    public static func integer(_ name: String, default d: Int, range: ClosedRange<Int>? = nil, _ summary: String) -> ParameterSpec {
        ParameterSpec(name, .integer(range), default: ConfigNode(.int(d)), summary)
    }

    public static func bool(_ name: String, default d: Bool, _ summary: String) -> ParameterSpec {
        ParameterSpec(name, .bool, default: ConfigNode(.bool(d)), summary)
    }

    public static func string(_ name: String, default d: String, choices: [String]? = nil, _ summary: String) -> ParameterSpec {
        ParameterSpec(name, .string(choices: choices), default: ConfigNode(.string(d)), summary)
    }

    public static func numbers(_ name: String, default d: [Double], range: ClosedRange<Double>? = nil, _ summary: String) -> ParameterSpec {
        ParameterSpec(name, .numbers(range), default: ConfigNode(.list(d.map { ConfigNode(.double($0)) })), summary)
    }

    public static func structured(_ name: String, default d: ConfigNode?, shape: String, _ summary: String) -> ParameterSpec {
        ParameterSpec(name, .structured(summary: shape), default: d, summary)
    }

    /// A short description of the accepted values ("number in [0, 1]").
    public var typeDescription: String {
        switch kind {
        case .number(let r): r.map { "number in \(ConfigReader.describe($0))" } ?? "number"
        case .integer(let r): r.map { "integer in \(ConfigReader.describe($0))" } ?? "integer"
        case .bool: "true or false"
        case .string(let c): c.map { "one of \($0.joined(separator: ", "))" } ?? "string"
        case .numbers(let r): r.map { "list of numbers in \(ConfigReader.describe($0))" } ?? "list of numbers"
        case .structured(let s): s
        }
    }
}
