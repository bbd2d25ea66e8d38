/// Named numbers a run reports (`gini`, `emission_conserved`, `adversarial_share`, …), in a stable order.
///
/// Pipelines document the metrics they produce; expectations and matrices read them by name.
public struct RunMetrics: Sendable, Hashable, Sequence {
    public private(set) var entries: [(name: String, value: Double)] = []

    public init() {}
    public init(_ pairs: [(String, Double)]) { for (n, v) in pairs { self[n] = v } }

    public subscript(name: String) -> Double? {
        get { entries.first { $0.name == name }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((name, newValue))
            }
        }
    }

    public var names: [String] { entries.map(\.name) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: Double)]> { entries.makeIterator() }

    public static func == (a: RunMetrics, b: RunMetrics) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for e in entries { hasher.combine(e.name); hasher.combine(e.value) }
    }
}
