/// An assertion over a run metric, declared under `expect:` in a config or a matrix.
///
/// Written as a string `"gini < 0.6"` or a mapping `{metric: gini, "<": 0.6}`; operators are
/// `<`, `<=`, `>`, `>=`, `==`, `!=` (`==`/`!=` compare within `tolerance`, default 1e-9).
/// A metric the pipeline does not produce is a failure that lists the metrics it does produce.
public struct Expectation: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    }

    public var metric: String
    public var op: Operator
    public var value: Double
    public var tolerance: Double
    public var location: SourceLocation?

    public init(metric: String, op: Operator, value: Double, tolerance: Double = 1e-9, location: SourceLocation? = nil) {
        self.metric = metric
        self.op = op
        self.value = value
        self.tolerance = tolerance
        self.location = location
    }

    public var description: String { "\(metric) \(op.rawValue) \(value)" }

    /// Whether `measured` satisfies the expectation.
    public func holds(_ measured: Double) -> Bool {
        guard measured.isFinite || op == .notEqual else { return false }
        switch op {
        case .less: return measured < value
        case .lessOrEqual: return measured <= value + tolerance
        case .greater: return measured > value
        case .greaterOrEqual: return measured >= value - tolerance
        case .equal: return abs(measured - value) <= tolerance
        case .notEqual: return abs(measured - value) > tolerance
        }
    }

    /// Checks the expectation against a run's metrics.
    public func check(_ metrics: RunMetrics) -> ExpectationResult {
        guard let measured = metrics[metric] else {
            return ExpectationResult(expectation: self, measured: nil, passed: false,
                                     message: "metric '\(metric)' was not produced; available: \(metrics.names.joined(separator: ", "))")
        }
        let ok = holds(measured)
        return ExpectationResult(expectation: self, measured: measured, passed: ok,
                                 message: ok ? "\(metric) = \(measured) \(op.rawValue) \(value)"
                                             : "expected \(description), measured \(metric) = \(measured)")
    }

    /// Parses an `expect:` list.
    public static func parse(_ node: ConfigNode?, path: String = "expect") throws(ConfigError) -> [Expectation] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.elements else {
            throw ConfigError(.wrongType, at: node.location, path: path, "'\(path)' must be a list of expectations like \"gini < 0.6\"")
        }
        var out: [Expectation] = []
        for (i, item) in items.enumerated() {
            out.append(try parseOne(item, path: "\(path)[\(i)]"))
        }
        return out
    }

    static func parseOne(_ node: ConfigNode, path: String) throws(ConfigError) -> Expectation {
        let ops = Operator.allCases.map(\.rawValue)
        if let text = node.stringValue {
            let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.count == 3, let op = Operator(rawValue: parts[1]), let v = Double(parts[2]) else {
                throw ConfigError(.invalidValue, at: node.location, path: path,
                                  "an expectation must read 'metric OP number' (e.g. \"gini < 0.6\"), found '\(text)'", choices: ops)
            }
            return Expectation(metric: parts[0], op: op, value: v, location: node.location)
        }
        let r = try ConfigReader(node, path: path)
        let metric = try r.string("metric")
        let tolerance = try r.double("tolerance", default: 1e-9, range: 0...1)
        var found: (Operator, Double)?
        for op in Operator.allCases where r.contains(op.rawValue) {
            guard found == nil else {
                throw ConfigError(.invalidValue, at: node.location, path: path, "an expectation takes exactly one operator", choices: ops)
            }
            found = (op, try r.double(op.rawValue))
        }
        guard let (op, value) = found else {
            throw ConfigError(.missingKey, at: node.location, path: path, "an expectation needs an operator key", choices: ops)
        }
        try r.finish()
        return Expectation(metric: metric, op: op, value: value, tolerance: tolerance, location: node.location)
    }
}

/// The outcome of checking one expectation.
public struct ExpectationResult: Sendable, Hashable {
    public var expectation: Expectation
    public var measured: Double?
    public var passed: Bool
    public var message: String
}
