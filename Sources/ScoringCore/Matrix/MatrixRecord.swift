/// The result of one run of a matrix: one cell with one seed.
public struct MatrixRecord: Sendable {
    public struct Check: Sendable {
        public var expectation: String
        public var passed: Bool
        public var measured: Double?
        public var message: String
    }

    public var cell: Int
    public var seed: Int
    public var label: String
    public var assignments: [(path: String, value: String)]
    /// Hash of the run's fully resolved config (seed included); `--resume` skips hashes already present.
    public var configHash: String
    public var metrics: RunMetrics
    public var checks: [Check]
    /// Set when the run itself failed (bad cell config, invariant violation, …).
    public var error: String?

    public var passed: Bool { error == nil && checks.allSatisfy(\.passed) }

    /// One JSON line.
    public var json: ConfigNode {
        var entries: [ConfigEntry] = [
            ConfigEntry(key: "cell", value: .int(cell)),
            ConfigEntry(key: "seed", value: .int(seed)),
            ConfigEntry(key: "label", value: .string(label)),
            ConfigEntry(key: "assignments", value: .map(assignments.map { ConfigEntry(key: $0.path, value: .string($0.value)) })),
            ConfigEntry(key: "config_hash", value: .string(configHash)),
            ConfigEntry(key: "metrics", value: .map(metrics.map { ConfigEntry(key: $0.name, value: .double($0.value)) })),
            ConfigEntry(key: "expectations", value: .list(checks.map { c in
                .map(["expect": .string(c.expectation), "passed": .bool(c.passed),
                      "measured": c.measured.map { .double($0) } ?? .null, "message": .string(c.message)])
            })),
        ]
        if let error { entries.append(ConfigEntry(key: "error", value: .string(error))) }
        entries.append(ConfigEntry(key: "passed", value: .bool(passed)))
        return ConfigNode(.map(entries))
    }

    /// Reads a record back from its JSON line.
    public init(json node: ConfigNode) throws(ConfigError) {
        let r = try ConfigReader(node, path: "record")
        cell = try r.int("cell")
        seed = try r.int("seed")
        label = try r.string("label")
        assignments = (r.raw("assignments")?.entries ?? []).map { ($0.key, $0.value.stringValue ?? "") }
        configHash = try r.string("config_hash")
        var m = RunMetrics()
        for e in r.raw("metrics")?.entries ?? [] { m[e.key] = e.value.doubleValue ?? .nan }
        metrics = m
        checks = (r.raw("expectations")?.elements ?? []).map { c in
            Check(expectation: c["expect"]?.stringValue ?? "", passed: c["passed"]?.boolValue ?? false,
                  measured: c["measured"]?.doubleValue, message: c["message"]?.stringValue ?? "")
        }
        error = try r.optionalString("error")
        _ = r.raw("passed")
    }

    public init(cell: Int, seed: Int, label: String, assignments: [(path: String, value: String)], configHash: String,
                metrics: RunMetrics, checks: [Check], error: String?) {
        self.cell = cell
        self.seed = seed
        self.label = label
        self.assignments = assignments
        self.configHash = configHash
        self.metrics = metrics
        self.checks = checks
        self.error = error
    }
}

/// A stable 128-bit content hash (two FNV-1a 64 lanes), hex-encoded. Not cryptographic.
public enum ContentHash {
    public static func hex(_ text: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x84222325_cbf29ce4
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 &+ 0x9E37_79B9_7F4A_7C15
        }
        func h(_ x: UInt64) -> String { let s = String(x, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }
        return h(a) + h(b)
    }
}
