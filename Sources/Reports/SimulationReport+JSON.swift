import Foundation
public import ScoringCore

/// A report input that could not be read; the message names what was expected and where.
public struct ReportInputError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension SimulationReport {
    /// Reads the simulator's output: the JSON document (`{"config", "epochs", "metrics",
    /// "manifest"}`, the reference's `/api/simulate` shape plus our extras), or JSONL (one object
    /// per line: `{"type":"manifest"}`, `{"type":"epoch", …}`, `{"type":"summary"}`).
    ///
    /// Epoch objects need the reference's keys (`epoch_id`, `total_emission`, `miner_pool`,
    /// `validator_pool`, `avg_cms`, `miners[]`, `validators[]`); the extras `tier`,
    /// `plagiarism_flags` and `profile` are used when present. The manifest, when present, gives
    /// the run facts and the formulas selected in the resolved config.
    ///
    /// - Parameters:
    ///   - json: the document or the JSONL text.
    ///   - title: the heading; defaults to the config's name from the manifest.
    /// - Throws: ``ReportInputError`` naming the first missing or mistyped field.
    public init(json: String, title: String? = nil) throws(ReportInputError) {
        var epochs: [Epoch] = []
        var manifest: [String: Any]?
        var config: [String: Any]?
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if let whole = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] {
            manifest = whole["manifest"] as? [String: Any]
            config = whole["config"] as? [String: Any]
            if let list = whole["epochs"] as? [Any] {
                for (i, item) in list.enumerated() {
                    guard let object = item as? [String: Any] else { throw ReportInputError("epochs[\(i)] is not an object") }
                    epochs.append(try Self.epoch(object, path: "epochs[\(i)]"))
                }
            } else if whole["epoch_id"] != nil {
                epochs.append(try Self.epoch(whole, path: "$"))
            } else if whole["type"] == nil {
                throw ReportInputError("expected a simulation result with an \"epochs\" list (run with --format json)")
            }
        }
        if epochs.isEmpty && manifest == nil {
            for (n, line) in trimmed.split(separator: "\n").enumerated() where !line.isEmpty {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                    throw ReportInputError("line \(n + 1) is not a JSON object")
                }
                switch object["type"] as? String {
                case "manifest": manifest = object["manifest"] as? [String: Any]
                case "epoch":
                    epochs.append(try Self.epoch(object, path: "line \(n + 1)"))
                case nil where object["epoch_id"] != nil: epochs.append(try Self.epoch(object, path: "line \(n + 1)"))
                default: break
                }
            }
        }
        guard !epochs.isEmpty || manifest != nil else { throw ReportInputError("no epochs found in the simulation output") }
        let resolved = manifest?["config"] as? [String: Any]
        let name = resolved?["name"] as? String
        self.init(title: title ?? "Simulation report" + (name.map { ": \($0)" } ?? ""),
                  summary: resolved?["description"] as? String ?? "",
                  run: Self.runFields(manifest: manifest, config: config, epochs: epochs),
                  epochs: epochs,
                  formulas: Self.formulas(resolved))
    }

    /// One epoch object of the simulator's JSON (`/api/simulate`'s `epochs[]` element, or one SSE
    /// event of `/api/simulate/stream`).
    static func epoch(_ o: [String: Any], path: String) throws(ReportInputError) -> Epoch {
        let r = Reader(o, path)
        let miners = try r.objects("miners").enumerated().map { (i, m) throws(ReportInputError) -> Miner in
            let mr = Reader(m, "\(path).miners[\(i)]")
            var miner = Miner(rank: try mr.int("rank"), id: try mr.string("miner_id"), name: try mr.string("name"),
                         tier: mr.optionalString("tier"), sEpoch: try mr.double("s_epoch"), peb: try mr.double("peb"),
                         streak: try mr.int("streak"), epochTao: try mr.double("epoch_tao"), totalTao: try mr.double("total_tao"),
                         trapPenalty: try mr.double("trap_penalty"), breakthroughs: try mr.int("breakthroughs"),
                         plagiarismFlags: mr.optionalInt("plagiarism_flags"),
                         dimensions: try Self.dimensions(m["dimensions"], path: "\(path).miners[\(i)].dimensions"))
            if let c = m["chain"] as? [String: Any] {
                let cr = Reader(c, "\(path).miners[\(i)].chain")
                miner.chain = MinerChain(incentive: try cr.double("incentive"), consensus: try cr.double("consensus"), trust: try cr.double("trust"))
            }
            return miner
        }
        let validators = try r.objects("validators").enumerated().map { (i, v) throws(ReportInputError) -> Validator in
            let vr = Reader(v, "\(path).validators[\(i)]")
            var validator = Validator(id: try vr.string("validator_id"), name: try vr.string("name"), profile: vr.optionalString("profile"),
                             stake: try vr.double("stake"), vas: try vr.double("vas"), reputation: try vr.double("reputation"),
                             epochTao: try vr.double("epoch_tao"), totalTao: try vr.double("total_tao"), slashed: try vr.double("slashed"))
            validator.behaviour = vr.optionalString("behaviour")
            if let c = v["chain"] as? [String: Any] {
                let cr = Reader(c, "\(path).validators[\(i)].chain")
                validator.chain = ValidatorChain(dividends: try cr.double("dividends"), validatorTrust: try cr.double("validator_trust"),
                                                 bonds: try cr.double("bonds"))
            }
            return validator
        }
        return Epoch(id: try r.int("epoch_id"), totalEmission: try r.double("total_emission"), minerPool: try r.double("miner_pool"),
                     validatorPool: try r.double("validator_pool"), tasksProcessed: r.optionalInt("tasks_processed") ?? 0,
                     trapsInjected: r.optionalInt("traps_injected") ?? 0, breakthroughs: r.optionalInt("breakthroughs") ?? 0,
                     avgCMS: try r.double("avg_cms"), miners: miners, validators: validators)
    }

    /// A miner's optional `dimensions` object (`quality`, `accuracy`, `novelty`, `efficiency`).
    static func dimensions(_ value: Any?, path: String) throws(ReportInputError) -> DimensionProfile? {
        guard let value, !(value is NSNull) else { return nil }
        guard let o = value as? [String: Any] else { throw ReportInputError("\(path): expected an object with quality, accuracy, novelty, efficiency") }
        let r = Reader(o, path)
        return DimensionProfile(quality: try r.double("quality"), accuracy: try r.double("accuracy"),
                                novelty: try r.double("novelty"), efficiency: try r.double("efficiency"))
    }

    /// Each miner's measured dimensions averaged over the epochs in which it submitted (an epoch
    /// whose four values are all zero is one without submissions and is skipped); miners without
    /// measured dimensions are left out.
    public var measuredDimensionMeans: [String: DimensionProfile] {
        var sums: [String: (q: Double, a: Double, n: Double, e: Double, count: Int)] = [:]
        for epoch in epochs {
            for m in epoch.miners {
                guard let d = m.dimensions, d.quality != 0 || d.accuracy != 0 || d.novelty != 0 || d.efficiency != 0 else { continue }
                let s = sums[m.id] ?? (0, 0, 0, 0, 0)
                sums[m.id] = (s.q + d.quality, s.a + d.accuracy, s.n + d.novelty, s.e + d.efficiency, s.count + 1)
            }
        }
        return sums.mapValues { s in
            let c = Double(s.count)
            return DimensionProfile(quality: s.q / c, accuracy: s.a / c, novelty: s.n / c, efficiency: s.e / c)
        }
    }

    static func runFields(manifest: [String: Any]?, config: [String: Any]?, epochs: [Epoch]) -> [ReportField] {
        var fields: [ReportField] = []
        let resolved = manifest?["config"] as? [String: Any]
        let sim = resolved?["simulation"] as? [String: Any]
        if let name = resolved?["name"] as? String { fields.append(ReportField("config", name)) }
        if let seed = manifest?["seed"] ?? sim?["seed"] { fields.append(ReportField("seed", Self.text(seed))) }
        fields.append(ReportField("epochs", String(epochs.count)))
        if let e = epochs.first { fields.append(ReportField("emission/epoch", Self.text(e.totalEmission))) }
        if let m = epochs.last?.miners.count { fields.append(ReportField("miners", String(m))) }
        if let v = epochs.last?.validators.count { fields.append(ReportField("validators", String(v))) }
        if let g = manifest?["generator"] as? String { fields.append(ReportField("generator", g)) }
        if let s = manifest?["seeding"] as? String { fields.append(ReportField("seeding", s)) }
        if let v = manifest?["version"] as? String { fields.append(ReportField("scoring", v)) }
        if let c = manifest?["git_commit"] as? String { fields.append(ReportField("commit", String(c.prefix(10)))) }
        if let h = manifest?["config_sha256"] as? String { fields.append(ReportField("config sha256", String(h.prefix(12)))) }
        if let t = manifest?["started_at"] as? String { fields.append(ReportField("started", t)) }
        _ = config
        return fields
    }

    /// The formulas selected in a resolved config's `simulation.formulas` (or top-level `formulas`)
    /// section: each slot is `key` or `{type: key, options: {...}}`.
    static func formulas(_ resolved: [String: Any]?) -> [FormulaInfo] {
        let section = (resolved?["simulation"] as? [String: Any])?["formulas"] as? [String: Any]
            ?? resolved?["formulas"] as? [String: Any]
        guard let section else { return [] }
        return section.keys.sorted().compactMap { role in
            let slot = section[role]
            if let key = slot as? String { return FormulaInfo(role: role, key: key) }
            guard let map = slot as? [String: Any], let key = map["type"] as? String else { return nil }
            let options = map["options"] as? [String: Any] ?? [:]
            return FormulaInfo(role: role, key: key, parameters: options.keys.sorted().map { ReportField($0, Self.text(options[$0]!)) })
        }
    }

    /// A JSON value as short text (`42`, `0.15`, `[2, 9]`).
    static func text(_ value: Any) -> String {
        switch value {
        case let n as NSNumber:
            switch String(cString: n.objCType) {
            case "c", "B": return n.boolValue ? "true" : "false"
            case "d", "f": return String(n.doubleValue)
            default: return String(n.int64Value)
            }
        case let s as String: return s
        case let l as [Any]: return "[" + l.map(text).joined(separator: ", ") + "]"
        case let m as [String: Any]: return "{" + m.keys.sorted().map { "\($0): \(text(m[$0]!))" }.joined(separator: ", ") + "}"
        default: return "null"
        }
    }

    /// Fills in each formula's summary, equation, reference and every parameter (with its default
    /// when the config did not set it) from the registry's descriptors, and adds the roles in
    /// `defaults` that the config left out.
    ///
    /// - Parameters:
    ///   - registry: the registry the run was made with.
    ///   - defaults: role → formula key for roles the config does not list (the pipeline's defaults).
    public func describingFormulas(with registry: ScoringRegistry, defaults: [String: String] = [:]) -> SimulationReport {
        var copy = self
        copy.formulas = FormulaInfo.describe(formulas, with: registry, defaults: defaults)
        return copy
    }
}

extension FormulaInfo {
    /// A formula described by its registry descriptor, with the values set in `options` and the
    /// descriptor's defaults for the rest.
    public init(descriptor: ComponentDescriptor, role: String? = nil, options: [ReportField] = []) {
        let set = Dictionary(options.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        var parameters = descriptor.parameters.map { p in
            ReportField(p.name, set[p.name] ?? p.defaultValue.map(Self.text) ?? "required")
        }
        for o in options where !descriptor.parameters.contains(where: { $0.name == o.label }) { parameters.append(o) }
        self.init(role: role ?? descriptor.role?.rawValue ?? "", key: descriptor.key.rawValue, summary: descriptor.summary,
                  equation: descriptor.equation, reference: descriptor.reference, parameters: parameters)
    }

    /// `formulas` with descriptors filled in from `registry`, plus the `defaults` roles not listed,
    /// sorted by role. Formulas whose key the registry does not know are kept as they are.
    public static func describe(_ formulas: [FormulaInfo], with registry: ScoringRegistry,
                                defaults: [String: String] = [:]) -> [FormulaInfo] {
        var byRole = Dictionary(formulas.map { ($0.role, $0) }, uniquingKeysWith: { a, _ in a })
        for (role, key) in defaults where byRole[role] == nil { byRole[role] = FormulaInfo(role: role, key: key) }
        return byRole.keys.sorted().map { role in
            let f = byRole[role]!
            guard let d = try? registry.descriptor(.formula, ComponentKey(f.key)) else { return f }
            return FormulaInfo(descriptor: d, role: role, options: f.parameters)
        }
    }

    /// A config value as short text.
    static func text(_ node: ConfigNode) -> String {
        switch node.value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(d) : String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return node.withoutLocations.jsonString(pretty: false)
        }
    }
}

/// Typed access to a decoded JSON object with located errors.
struct Reader {
    let object: [String: Any]
    let path: String

    init(_ object: [String: Any], _ path: String) {
        self.object = object
        self.path = path
    }

    func missing(_ key: String, _ type: String) -> ReportInputError {
        ReportInputError("\(path).\(key): expected \(type)\(object[key] == nil ? ", found nothing" : "")")
    }

    func double(_ key: String) throws(ReportInputError) -> Double {
        guard let n = object[key] as? NSNumber else { throw missing(key, "a number") }
        return n.doubleValue
    }

    func int(_ key: String) throws(ReportInputError) -> Int {
        guard let n = object[key] as? NSNumber else { throw missing(key, "an integer") }
        return n.intValue
    }

    func string(_ key: String) throws(ReportInputError) -> String {
        guard let s = object[key] as? String else { throw missing(key, "a string") }
        return s
    }

    func optionalString(_ key: String) -> String? { object[key] as? String }
    func optionalInt(_ key: String) -> Int? { (object[key] as? NSNumber)?.intValue }

    func objects(_ key: String) throws(ReportInputError) -> [[String: Any]] {
        guard let list = object[key] as? [Any] else { throw missing(key, "a list") }
        var out: [[String: Any]] = []
        for (i, item) in list.enumerated() {
            guard let o = item as? [String: Any] else { throw ReportInputError("\(path).\(key)[\(i)]: expected an object") }
            out.append(o)
        }
        return out
    }
}
