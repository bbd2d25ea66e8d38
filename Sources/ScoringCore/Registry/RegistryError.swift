/// A registration or lookup problem in a ``ScoringRegistry``.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate let name: String
        public var description: String { name }
        /// Two components were registered under the same key of one extension point.
        public static let duplicateKey = Kind(name: "duplicateKey")
        /// No component has the key asked for.
        public static let unknownKey = Kind(name: "unknownKey")
        /// The component exists but does not fill the role or type asked for.
        public static let wrongRole = Kind(name: "wrongRole")
        /// The component's factory refused its parameters.
        public static let makeFailed = Kind(name: "makeFailed")
    }

    public var kind: Kind
    public var extensionPoint: ComponentKind
    public var key: ComponentKey
    public var message: String
    /// The keys that would have been valid, sorted.
    public var available: [ComponentKey]
    public var suggestion: ComponentKey?

    public init(_ kind: Kind, _ extensionPoint: ComponentKind, _ key: ComponentKey, _ message: String,
                available: [ComponentKey] = [], suggestion: ComponentKey? = nil) {
        self.kind = kind
        self.extensionPoint = extensionPoint
        self.key = key
        self.message = message
        self.available = available
        self.suggestion = suggestion
    }

    public var description: String {
        var text = message
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        if !available.isEmpty { text += " Available: \(available.map(\.rawValue).joined(separator: ", "))." }
        return text
    }
}
