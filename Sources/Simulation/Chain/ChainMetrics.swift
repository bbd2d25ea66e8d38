/// The run metrics a chain (and the adversaries of a roster) add to ``SimulationMetrics``, by name,
/// so `expect:` lines and matrices read them like the others.
///
/// With a chain configured:
/// - `honest_dividends_per_stake`: mean over honest validators of total TAO ÷ stake;
/// - `validator_tao_share`: validators' share of the TAO the chain paid;
/// - `copier_relative_dividends` (weight copiers present): their mean TAO per stake ÷ the honest validators';
/// - `colluder_relative_dividends` and `collusion_share` (colluding validators present): theirs ÷
///   honest, and the share of the miners' TAO that the boosted miners took;
/// - `lazy_relative_dividends` (lazy validators present).
///
/// With sybil miners in the roster (chain or not): `sybil_share`, the share of the miners' TAO the
/// sybil UIDs took.
public enum ChainMetrics {
    /// The names added for `settings`, in order (empty with no chain and no sybils).
    public static func names(for settings: SimulationSettings) -> [String] {
        var names: [String] = []
        let behaviours = settings.roster.validators.map(\.behaviour)
        if settings.chain != nil {
            names += ["honest_dividends_per_stake", "validator_tao_share"]
            if behaviours.contains(.weightCopier) { names.append("copier_relative_dividends") }
            if behaviours.contains(where: { if case .colluding = $0 { true } else { false } }) {
                names += ["colluder_relative_dividends", "collusion_share"]
            }
            if behaviours.contains(where: { if case .lazy = $0 { true } else { false } }) { names.append("lazy_relative_dividends") }
        }
        if settings.roster.miners.contains(where: { $0.sybilOperator != nil }) { names.append("sybil_share") }
        return names
    }

    /// The added metrics of a run from its totals.
    static func extras(settings: SimulationSettings, minerTotals: [Double], validatorTotals: [Double]) -> [SimulationMetrics.Extra] {
        let roster = settings.roster
        let minerSum = minerTotals.reduce(0, +), validatorSum = validatorTotals.reduce(0, +)
        func perStake(_ include: (ValidatorBehaviour) -> Bool) -> Double {
            var sum = 0.0, n = 0
            for (v, validator) in roster.validators.enumerated() where include(validator.behaviour) && validator.stake > 0 {
                sum += validatorTotals[v] / validator.stake
                n += 1
            }
            return n > 0 ? sum / Double(n) : 0
        }
        let honest = perStake { $0 == .honest }
        func relative(_ include: (ValidatorBehaviour) -> Bool) -> Double {
            honest > 0 ? perStake(include) / honest : 0
        }
        var boosted = Set<String>()
        for v in roster.validators { if case .colluding(let ids, _) = v.behaviour { boosted.formUnion(ids) } }
        func minerShare(_ include: (SimulatedMiner) -> Bool) -> Double {
            guard minerSum > 0 else { return 0 }
            var s = 0.0
            for (i, m) in roster.miners.enumerated() where include(m) { s += minerTotals[i] }
            return s / minerSum
        }
        var out: [SimulationMetrics.Extra] = []
        for name in names(for: settings) {
            let value: Double
            switch name {
            case "honest_dividends_per_stake": value = honest
            case "validator_tao_share": value = minerSum + validatorSum > 0 ? validatorSum / (minerSum + validatorSum) : 0
            case "copier_relative_dividends": value = relative { $0 == .weightCopier }
            case "colluder_relative_dividends": value = relative { if case .colluding = $0 { true } else { false } }
            case "collusion_share": value = minerShare { boosted.contains($0.id) }
            case "lazy_relative_dividends": value = relative { if case .lazy = $0 { true } else { false } }
            case "sybil_share": value = minerShare { $0.sybilOperator != nil }
            default: value = 0
            }
            out.append(.init(name: name, value: value))
        }
        return out
    }
}
