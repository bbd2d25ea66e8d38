import Foundation
import ValidatorClient

/// The text `scoring run` prints for a reputation run (also `summary.txt`).
enum ReputationSummary {
    static func render(_ m: ReputationMetrics, settings s: ReputationPipelineSettings, outputDirectory: String) -> String {
        var out = "reputation run '\(s.name)': policy \(s.policyKey), \(m.validators) validators × \(m.passes) passes, \(m.miners) miners"
        if let o = s.outage { out += ", service down for passes \(o.lowerBound)–\(o.upperBound)" }
        out += "\n\n"
        out += "tier      miners  unweighted  weighted   change\n"
        for t in m.tierShares {
            out += pad(t.tier, 8) + lpad(String(t.miners), 8) + lpad(pct(t.unweighted), 12) + lpad(pct(t.weighted), 10)
                + lpad(String(format: "%+.2f pp", (t.weighted - t.unweighted) * 100), 11) + "\n"
        }
        if let incentive = m.incentiveShares, let chain = s.chain {
            out += "\non chain (\(chain.mechanismKey)): each tier's share of the incentive, averaged over passes\n"
            out += "tier      unweighted  weighted   change\n"
            for t in incentive {
                out += pad(t.tier, 8) + lpad(pct(t.unweighted), 12) + lpad(pct(t.weighted), 10)
                    + lpad(String(format: "%+.2f pp", (t.weighted - t.unweighted) * 100), 11) + "\n"
            }
        }
        let c = m.client
        let sources = m.fetchSources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out += "\nreputation answers: \(sources)\n"
        out += "cache hits \(c.cacheHits), neutral first-run fallbacks \(c.neutralFallbacks), retries \(c.retries)\n"
        out += "allocations: \(m.allocationsExpected) produced, \(c.allocationsDelivered) delivered (\(c.outboxReplays) from the outbox), "
        out += "\(m.allocationsStored) stored by the service, \(m.allocationsPending) still queued, \(c.duplicatesAcknowledged) duplicate acknowledgements\n"
        if m.unknownTiers > 0 { out += "warning: \(m.unknownTiers) weighing(s) met a tier the policy's table lacks (weighted as neutral)\n" }
        out += "results in \(outputDirectory)\n"
        return out
    }

    static func pct(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
