public import ScoringCore
public import ValidatorClient

/// What a reputation run measured, for the terminal, `metrics.json`, `expect:` and matrix runs.
public struct ReputationMetrics: Sendable, Hashable, Codable {
    /// One tier's share of the chain weights, averaged over every (validator, pass).
    public struct TierShare: Sendable, Hashable, Codable {
        public var tier: String
        /// Miners of this tier in the snapshot.
        public var miners: Int
        /// Mean share of the reputation-weighted weights.
        public var weighted: Double
        /// Mean share of the base rewards (what the weights would be without reputation).
        public var unweighted: Double
    }

    /// One tier's share of the chain's incentive, averaged over passes (reputation pipeline `chain.mechanism`).
    public struct IncentiveShare: Sendable, Hashable, Codable {
        public var tier: String
        /// Mean share of the incentive when validators set the reputation-weighted weights.
        public var weighted: Double
        /// Mean share of the incentive when they set the base rewards.
        public var unweighted: Double
    }

    public var passes: Int
    public var validators: Int
    public var miners: Int
    /// Passes during which the service was stopped.
    public var outagePasses: Int
    public var tierShares: [TierShare]
    /// Every validator client's counters, summed.
    public var client: ClientStatistics
    /// Weighings by where the reputation came from (`service`, `cache`, `neutral-first-run`).
    public var fetchSources: [String: Int]
    /// Miners weighted as neutral because the table did not know their tier, summed over weighings.
    public var unknownTiers: Int
    /// Allocations the validators produced (validators × passes).
    public var allocationsExpected: Int
    /// Allocation files the service stored at the end of the run.
    public var allocationsStored: Int
    /// Allocations still queued in some outbox at the end.
    public var allocationsPending: Int
    /// Each tier's share of the chain incentive, when a chain mechanism is configured.
    public var incentiveShares: [IncentiveShare]? = nil
    /// 1 when every pass's incentive summed to 1 (with and without reputation); with a chain only.
    public var incentiveSumsToOne: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case passes, validators, miners
        case outagePasses = "outage_passes"
        case tierShares = "tier_shares"
        case client
        case fetchSources = "fetch_sources"
        case unknownTiers = "unknown_tiers"
        case allocationsExpected = "allocations_expected"
        case allocationsStored = "allocations_stored"
        case allocationsPending = "allocations_pending"
        case incentiveShares = "incentive_shares"
        case incentiveSumsToOne = "incentive_sums_to_one"
    }

    /// Flat metric values by name: `cache_hits`, `outbox_replays`, `neutral_fallbacks`, `service_answers`,
    /// `retries`, `allocations_{expected,stored,delivered,pending,lost,duplicated}`, `duplicates_acknowledged`,
    /// `unknown_tiers`, `outage_passes`, and per tier `tier_share.<Tier>`, `unweighted_share.<Tier>`,
    /// `share_change.<Tier>` (weighted − unweighted); with a chain, `incentive_share.<Tier>`,
    /// `unweighted_incentive_share.<Tier>`, `incentive_change.<Tier>` and `incentive_sums_to_one`.
    public var values: [String: Double] {
        var v: [String: Double] = [
            "cache_hits": Double(client.cacheHits),
            "outbox_replays": Double(client.outboxReplays),
            "neutral_fallbacks": Double(client.neutralFallbacks),
            "service_answers": Double(client.serviceAnswers),
            "retries": Double(client.retries),
            "allocations_expected": Double(allocationsExpected),
            "allocations_stored": Double(allocationsStored),
            "allocations_delivered": Double(client.allocationsDelivered),
            "allocations_pending": Double(allocationsPending),
            "allocations_lost": Double(max(0, allocationsExpected - allocationsStored - allocationsPending)),
            "allocations_duplicated": Double(max(0, allocationsStored - allocationsExpected)),
            "duplicates_acknowledged": Double(client.duplicatesAcknowledged),
            "unknown_tiers": Double(unknownTiers),
            "outage_passes": Double(outagePasses),
        ]
        for s in tierShares {
            v["tier_share.\(s.tier)"] = s.weighted
            v["unweighted_share.\(s.tier)"] = s.unweighted
            v["share_change.\(s.tier)"] = s.weighted - s.unweighted
        }
        for s in incentiveShares ?? [] {
            v["incentive_share.\(s.tier)"] = s.weighted
            v["unweighted_incentive_share.\(s.tier)"] = s.unweighted
            v["incentive_change.\(s.tier)"] = s.weighted - s.unweighted
        }
        if let ok = incentiveSumsToOne { v["incentive_sums_to_one"] = ok ? 1 : 0 }
        return v
    }

    /// ``values`` as the core's ``RunMetrics`` (sorted by name), for `expect:` and matrices.
    public var runMetrics: RunMetrics {
        RunMetrics(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}
