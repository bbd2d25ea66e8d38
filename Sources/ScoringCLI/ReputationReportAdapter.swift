import Foundation
import Reputation
public import ReputationPipeline
public import Reports
public import ScoringCore
import ValidatorClient

extension ReportAdapter {
    /// The report of a reputation run: each tier's share of the weight with and without the
    /// policy, the shares pass by pass, one line per miner (tier, reputation score, the factors the
    /// policy applied, base against weighted reward, both shares) and the policy with its parameters.
    ///
    /// Every number comes from `result` (the same values as `metrics.json` and `breakdown.json`
    /// of the run).
    ///
    /// - Parameters:
    ///   - result: what ``ReputationPipeline/execute(_:logger:)`` returned.
    ///   - settings: the pipeline's settings (policy, sizes, base-reward model).
    ///   - resolved: the resolved config, for the options the policy was given.
    ///   - registry: describes the policy (equation, every parameter with its default).
    ///   - description: the config's description, shown under the title.
    ///   - checks: `expect:` results as (passed, message), listed under Findings.
    public static func reputationReport(_ result: ReputationRunResult, settings: ReputationPipelineSettings,
                                        resolved: ConfigNode? = nil, registry: ScoringRegistry,
                                        description: String? = nil,
                                        checks: [(passed: Bool, message: String)] = []) -> ReputationReport {
        let m = result.metrics
        let b = result.breakdown
        var facts = [ReportField("policy", settings.policyKey), ReportField("seed", String(settings.seed)),
                     ReportField("validators × passes", "\(m.validators) × \(m.passes)"), ReportField("miners", String(m.miners))]
        if let o = settings.outage { facts.append(ReportField("service down", "passes \(o.lowerBound)–\(o.upperBound)")) }
        facts.append(ReportField("snapshot", settings.snapshotVersion))
        facts.append(ReportField("results", result.outputDirectory))

        let incentive = Dictionary((m.incentiveShares ?? []).map { ($0.tier, $0) }, uniquingKeysWith: { a, _ in a })
        let tiers = m.tierShares.map {
            ReputationReport.TierShare(tier: $0.tier, miners: $0.miners, unweighted: $0.unweighted, weighted: $0.weighted,
                                       incentiveUnweighted: incentive[$0.tier]?.unweighted, incentiveWeighted: incentive[$0.tier]?.weighted)
        }
        let miners = b.miners.map { x in
            ReputationReport.MinerWeight(
                id: x.hotkey, tier: x.tier, unweighted: x.unweightedShare, weighted: x.weightedShare, uid: x.uid,
                factors: .init(repScore: x.repScore, scoreFactor: x.scoreFactor, tierFactor: x.tierFactor,
                               multiplier: x.multiplier, baseReward: x.baseReward, weightedReward: x.weightedReward))
        }
        let rounds = b.passes.map { p -> ReputationReport.Round in
            var note: String?
            if p.serviceDown {
                let how = p.sources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                note = "service down; reputation from \(how)"
            }
            return ReputationReport.Round(round: p.pass, weighted: p.weighted, note: note)
        }

        var notes: [String] = []
        let sources = m.fetchSources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        notes.append("Reputation answers per weighing: \(sources).")
        if m.outagePasses > 0 {
            notes.append("The service was down for \(m.outagePasses) pass\(m.outagePasses == 1 ? "" : "es"): validators weighed with their cached reputation (\(m.client.cacheHits) cache hit\(m.client.cacheHits == 1 ? "" : "s")) and queued their allocations (\(m.client.outboxReplays) replayed from the outbox).")
        }
        notes.append("Allocations: \(m.allocationsExpected) produced, \(m.allocationsStored) stored by the service, \(m.allocationsPending) still queued.")
        if m.unknownTiers > 0 { notes.append("\(m.unknownTiers) weighing(s) met a tier the policy's table lacks; weighted as neutral.") }
        if let c = result.cycles {
            let first = c.cycles.first?.rankCorrelation ?? 0, last = c.cycles.last?.rankCorrelation ?? 0
            notes.append("Reputation loop: \(c.cycles.count) cycles, engine \(c.rule), store \(c.store); \(c.allocationsIngested) allocations ingested; \(c.cycles.reduce(0) { $0 + $1.migrations }) tier migrations; rank correlation of latent quality with rep_score \(HTMLNumber.fixed3(first)) after the first cycle, \(HTMLNumber.fixed3(last)) after the last.")
        }
        for c in checks { notes.append("expect \(c.passed ? "ok" : "FAILED"): \(c.message)") }

        let weighings = m.validators * m.passes
        let summary = (description.map { $0 + " " } ?? "")
            + "Each pass, every validator scores the miners (base rewards), fetches their reputation from the service and "
            + "weighs the rewards with the policy; this page compares the weight each tier and miner gets with the policy "
            + "(weighted) and without it (unweighted)."
        return ReputationReport(
            title: "Reputation run: \(settings.name)", summary: summary, run: facts, tiers: tiers, miners: miners,
            rounds: rounds, formulas: policyFormulas(settings: settings, resolved: resolved, registry: registry),
            notes: notes,
            minersNote: "Every figure is a mean over the miner's \(weighings) weighings (\(m.validators) validators × \(m.passes) passes); rewards in [0, 1].",
            populations: result.cycles?.cycles.map { ReputationReport.CyclePopulation(cycle: $0.cycle, populations: $0.populations) } ?? [],
            flows: result.cycles.map { c in
                c.flows.flatMap { from, tos in tos.map { ReputationReport.Flow(from: from, to: $0.key, count: $0.value) } }
                    .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
            } ?? [])
    }

    /// The policy (descriptor and options), its tier multipliers, and the synthetic base-reward model.
    static func policyFormulas(settings: ReputationPipelineSettings, resolved: ConfigNode?, registry: ScoringRegistry) -> [FormulaInfo] {
        var formulas: [FormulaInfo] = []
        let options = (resolved?["reputation"]?["policy"]?["options"]?.entries ?? []).map { ReportField($0.key, text($0.value)) }
        if let d = try? registry.descriptor(.policy, ComponentKey(settings.policyKey)) {
            formulas.append(FormulaInfo(descriptor: d, role: "policy", options: options))
        } else {
            formulas.append(FormulaInfo(role: "policy", key: settings.policyKey, parameters: options))
        }
        // The multipliers the policy applies (`none` keeps a table only to flag unknown tiers).
        let table: TierTable? = switch settings.policy {
        case let p as TierClampPolicy: p.table
        case let p as LogScorePolicy: p.table
        default: nil
        }
        if let table {
            formulas.append(FormulaInfo(role: "tier multipliers", key: "T(tier)",
                                        summary: "The multiplier each tier's rewards get (\(table.neutralTier) is neutral; an unknown tier counts as \(table.neutralTier)).",
                                        parameters: table.tiers.map { ReportField($0.name, "×" + String($0.multiplier)) }))
        }
        formulas.append(FormulaInfo(
            role: "base rewards", key: "synthetic",
            summary: "Each miner has a fixed quality; each validator's base reward for it is that quality plus noise, clamped to [0, 1], or 0 with probability zero_fraction.",
            equation: "base = clamp(quality + N(0, noise²), 0, 1); quality ~ U(quality_min, quality_max)",
            parameters: [ReportField("quality_min", String(settings.qualityRange.lowerBound)),
                         ReportField("quality_max", String(settings.qualityRange.upperBound)),
                         ReportField("noise", String(settings.noise)), ReportField("zero_fraction", String(settings.zeroFraction))]
                + (settings.maxWeightLimit.map { [ReportField("max_weight_limit", String($0))] } ?? [])))
        return formulas
    }

    /// A config value as one line of text (`0.8`, `miid-phase3`, `{Gold: 1.1, …}`).
    static func text(_ node: ConfigNode) -> String {
        switch node.value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .null: "null"
        case .list(let l): "[" + l.map(text).joined(separator: ", ") + "]"
        case .map(let m): "{" + m.map { "\($0.key): \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// Writes the HTML report of a reputation run to `path`.
    public static func writeReputationReport(_ result: ReputationRunResult, pipeline: ReputationPipeline, config: ScoringConfig,
                                             checks: [(passed: Bool, message: String)], to path: String) throws {
        let report = reputationReport(result, settings: pipeline.settings, resolved: config.resolved, registry: config.registry,
                                      description: config.description, checks: checks)
        try write(ReportRenderer.html(report), to: path)
        printError("wrote \(path)")
    }
}

private enum HTMLNumber {
    static func fixed3(_ v: Double) -> String { String(format: "%.3f", v) }
}
