/// A configuration problem, located at the file, line and column where it was written.
///
/// The description reads like a compiler diagnostic:
/// `configs/x.yaml:12:16: error: unknown formula 'trimmed-meen' for 'simulation.formulas.consensus';
/// did you mean 'consensus-trimmed-mean'? Valid choices: …`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; tests match on it.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate let name: String
        public var description: String { name }
        public static let syntax = Kind(name: "syntax")
        public static let unknownKey = Kind(name: "unknownKey")
        public static let missingKey = Kind(name: "missingKey")
        public static let wrongType = Kind(name: "wrongType")
        public static let outOfRange = Kind(name: "outOfRange")
        public static let unknownComponent = Kind(name: "unknownComponent")
        public static let invalidValue = Kind(name: "invalidValue")
        public static let io = Kind(name: "io")
    }

    public var kind: Kind
    public var location: SourceLocation?
    /// Dotted path of the value inside the config (`simulation.formulas.consensus`), when known.
    public var path: String
    public var message: String
    /// The valid choices, listed in the message.
    public var choices: [String]
    /// A close match among the choices, when there is one.
    public var suggestion: String?

    public init(_ kind: Kind, at location: SourceLocation?, path: String = "", _ message: String,
                choices: [String] = [], suggestion: String? = nil) {
        self.kind = kind
        self.location = location
        self.path = path
        self.message = message
        self.choices = choices
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(location.map { "\($0): " } ?? "")error: \(message)"
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        if !choices.isEmpty { text += " Valid choices: \(choices.joined(separator: ", "))." }
        return text
    }
}

/// Finds the closest spelling among candidates ("did you mean …?").
public enum Suggestions {
    /// The candidate closest to `word` by edit distance, when it is close enough to be a plausible typo.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(w, Array(candidate.lowercased()))
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (match, d) = best else { return nil }
        let limit = max(2, w.count / 3)
        if d <= limit { return match }
        if match.lowercased().contains(word.lowercased()) || word.lowercased().contains(match.lowercased()) {
            return match
        }
        return nil
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
