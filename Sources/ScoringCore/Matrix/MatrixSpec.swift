/// A config matrix: a base config, axes of values, seeds per cell, and expectations.
///
/// ```yaml
/// matrix:
///   base: ../reasonforge/default.yaml      # relative to this file
///   seeds: [1, 2, 3]                       # or {count: 5, start: 1}
///   seed_key: simulation.seed              # where each seed is written (default simulation.seed)
///   set: ["simulation.epochs=10"]          # overrides for every cell
///   axes:
///     simulation.formulas.consensus: [consensus-trimmed-mean, consensus-median]
///     simulation.emission: {from: 50, to: 150, step: 50}   # numeric range, inclusive
///   zip:                                   # axes that vary together (same length)
///     - [simulation.trap_rate, simulation.tasks_per_epoch]
///   exclude:                               # cells to skip (all listed keys must match)
///     - {simulation.formulas.consensus: consensus-median, simulation.emission: 50}
///   table_metrics: [gini, adversarial_share] # columns of the comparison table (optional)
/// expect:
///   - "emission_conserved == 1"
///   - cells differ                         # every axis must change some metric (or {cells_differ: [axis, …]})
/// ```
/// Axes form a Cartesian product in the order written; a `zip` group counts as one axis.
public struct MatrixSpec: Sendable {
    /// One axis: a config key path and its values.
    public struct Axis: Sendable {
        public var path: String
        public var values: [ConfigNode]
    }

    public var file: String
    public var baseConfig: String
    public var seeds: [Int]
    public var seedKey: String
    public var overrides: [String]
    /// Groups of axes; a group of one is an ordinary axis, a larger group is zipped.
    public var groups: [[Axis]]
    public var excludes: [[(path: String, value: ConfigNode)]]
    public var expectations: [Expectation]
    /// Metrics shown in the comparison table (`matrix.table_metrics`); `nil` shows the metrics the
    /// expectations name, or the first six the runs report.
    public var tableMetrics: [String]?
    /// The resolved matrix file (for the plan's hash and `--dry-run`).
    public var resolved: ConfigNode
    /// Axes that must matter (`expect: [cells differ]` or `{cells_differ: [paths]}`): two cells that
    /// differ only along one of these axes must not give identical metrics on every seed.
    public var cellsDiffer: [String] = []

    /// Loads and validates a matrix file.
    public static func load(file: String, loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> MatrixSpec {
        let node = try loader.load(file: file)
        let root = try ConfigReader(node)
        let m = try root.section("matrix")
        let base = try m.string("base")
        let directory = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) : "."
        let basePath = base.hasPrefix("/") ? base : "\(directory)/\(base)"
        var seeds: [Int] = [0]
        if let seedNode = m.raw("seeds") {
            if let list = seedNode.elements {
                seeds = []
                for e in list {
                    guard let i = e.intValue else {
                        throw ConfigError(.wrongType, at: e.location, path: "matrix.seeds", "seeds must be integers, found \(e.value.typeName)")
                    }
                    seeds.append(i)
                }
            } else if seedNode.entries != nil {
                let s = try ConfigReader(seedNode, path: "matrix.seeds")
                let count = try s.int("count", range: 1...100_000)
                let start = try s.int("start", default: 1)
                try s.finish()
                seeds = Array(start..<(start + count))
            } else if let i = seedNode.intValue {
                seeds = [i]
            } else {
                throw ConfigError(.wrongType, at: seedNode.location, path: "matrix.seeds",
                                  "'matrix.seeds' must be a list of integers or {count, start}")
            }
            if seeds.isEmpty { throw ConfigError(.invalidValue, at: seedNode.location, path: "matrix.seeds", "at least one seed is needed") }
        }
        let seedKey = try m.string("seed_key", default: "simulation.seed")
        let overrides = try m.strings("set", default: [])
        var axes: [Axis] = []
        if let axesNode = m.raw("axes") {
            guard let entries = axesNode.entries else {
                throw ConfigError(.wrongType, at: axesNode.location, path: "matrix.axes", "'matrix.axes' must map key paths to value lists")
            }
            for entry in entries {
                axes.append(Axis(path: entry.key, values: try values(entry.value, path: "matrix.axes.\(entry.key)")))
            }
        }
        var groups: [[Axis]] = []
        var zipped = Set<String>()
        if let zipNode = m.raw("zip"), !zipNode.isNull {
            guard let list = zipNode.elements else {
                throw ConfigError(.wrongType, at: zipNode.location, path: "matrix.zip", "'matrix.zip' must be a list of lists of axis paths")
            }
            for group in list {
                guard let names = group.elements?.compactMap(\.stringValue), names.count == group.elements?.count, names.count >= 2 else {
                    throw ConfigError(.wrongType, at: group.location, path: "matrix.zip", "each zip group is a list of two or more axis paths")
                }
                var members: [Axis] = []
                for name in names {
                    guard let axis = axes.first(where: { $0.path == name }) else {
                        throw ConfigError(.unknownKey, at: group.location, path: "matrix.zip", "zip names '\(name)', which is not an axis",
                                          choices: axes.map(\.path), suggestion: Suggestions.closest(to: name, in: axes.map(\.path)))
                    }
                    guard !zipped.contains(name) else {
                        throw ConfigError(.invalidValue, at: group.location, path: "matrix.zip", "axis '\(name)' is in two zip groups")
                    }
                    zipped.insert(name)
                    members.append(axis)
                }
                let n = members[0].values.count
                if let bad = members.first(where: { $0.values.count != n }) {
                    throw ConfigError(.invalidValue, at: group.location, path: "matrix.zip",
                                      "zipped axes must have the same number of values: '\(members[0].path)' has \(n), '\(bad.path)' has \(bad.values.count)")
                }
                groups.append(members)
            }
        }
        for axis in axes where !zipped.contains(axis.path) { groups.append([axis]) }
        // Keep the written order of axes: sort groups by the first member's position.
        let order = Dictionary(uniqueKeysWithValues: axes.enumerated().map { ($1.path, $0) })
        groups.sort { order[$0[0].path]! < order[$1[0].path]! }
        var excludes: [[(path: String, value: ConfigNode)]] = []
        if let exNode = m.raw("exclude"), !exNode.isNull {
            guard let list = exNode.elements else {
                throw ConfigError(.wrongType, at: exNode.location, path: "matrix.exclude", "'matrix.exclude' must be a list of mappings")
            }
            for rule in list {
                guard let entries = rule.entries, !entries.isEmpty else {
                    throw ConfigError(.wrongType, at: rule.location, path: "matrix.exclude", "each exclude rule maps axis paths to values")
                }
                for e in entries where order[e.key] == nil {
                    throw ConfigError(.unknownKey, at: e.keyLocation, path: "matrix.exclude", "exclude names '\(e.key)', which is not an axis",
                                      choices: axes.map(\.path), suggestion: Suggestions.closest(to: e.key, in: axes.map(\.path)))
                }
                excludes.append(entries.map { ($0.key, $0.value) })
            }
        }
        let tableMetrics: [String]? = m.contains("table_metrics") ? try m.strings("table_metrics") : nil
        try m.finish()
        let (expectNode, cellsDiffer) = try CellsDiffer.extract(root.raw("expect"), axes: axes.map(\.path))
        let expectations = try Expectation.parse(expectNode)
        try root.finish()
        return MatrixSpec(file: file, baseConfig: basePath, seeds: seeds, seedKey: seedKey, overrides: overrides,
                          groups: groups, excludes: excludes, expectations: expectations, tableMetrics: tableMetrics,
                          resolved: root.resolved, cellsDiffer: cellsDiffer)
    }

    private static func values(_ node: ConfigNode, path: String) throws(ConfigError) -> [ConfigNode] {
        if let list = node.elements {
            guard !list.isEmpty else { throw ConfigError(.invalidValue, at: node.location, path: path, "an axis needs at least one value") }
            return list
        }
        if node.entries != nil {
            let r = try ConfigReader(node, path: path)
            let from = try r.double("from")
            let to = try r.double("to")
            let step = try r.double("step", range: 1e-12...Double.greatestFiniteMagnitude)
            try r.finish()
            guard to >= from else { throw ConfigError(.invalidValue, at: node.location, path: path, "'to' must be at least 'from'") }
            let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
            guard count <= 10_000 else { throw ConfigError(.outOfRange, at: node.location, path: path, "a range may have at most 10000 values") }
            let integral = [from, to, step].allSatisfy { $0 == $0.rounded() }
            return (0..<count).map { i in
                let v = from + Double(i) * step
                return integral ? ConfigNode(.int(Int(v))) : ConfigNode(.double((v * 1e12).rounded() / 1e12))
            }
        }
        throw ConfigError(.wrongType, at: node.location, path: path, "an axis is a list of values or {from, to, step}")
    }
}
