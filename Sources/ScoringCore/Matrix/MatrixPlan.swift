/// The expanded plan of a matrix: every cell with its overrides, in a stable order.
public struct MatrixPlan: Sendable {
    /// One cell: a combination of axis values, run once per seed.
    public struct Cell: Sendable {
        /// Position in the full plan (stable across shards).
        public var index: Int
        /// `path=value` assignments, in axis order.
        public var assignments: [(path: String, value: ConfigNode)]
        public var label: String {
            assignments.isEmpty ? "base" : assignments.map { "\($0.path)=\($0.value.jsonString(pretty: false))" }.joined(separator: ", ")
        }
        public var overrides: [String] { assignments.map { "\($0.path)=\($0.value.jsonString(pretty: false))" } }
    }

    public var spec: MatrixSpec
    public var cells: [Cell]

    /// Expands the spec: the Cartesian product of its axis groups, minus excluded cells.
    public init(spec: MatrixSpec) {
        self.spec = spec
        var combos: [[(path: String, value: ConfigNode)]] = [[]]
        for group in spec.groups {
            var next: [[(path: String, value: ConfigNode)]] = []
            for combo in combos {
                for i in 0..<group[0].values.count {
                    next.append(combo + group.map { ($0.path, $0.values[i]) })
                }
            }
            combos = next
        }
        var cells: [Cell] = []
        for combo in combos {
            let excluded = spec.excludes.contains { rule in
                rule.allSatisfy { r in combo.contains { $0.path == r.path && $0.value.withoutLocations == r.value.withoutLocations } }
            }
            if !excluded { cells.append(Cell(index: cells.count, assignments: combo)) }
        }
        self.cells = cells
    }

    /// The cells of shard `k` of `n` (1-based): every n-th cell starting at k − 1.
    public func shard(_ k: Int, of n: Int) -> [Cell] {
        cells.filter { $0.index % n == k - 1 }
    }
}
