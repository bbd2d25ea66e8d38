import Foundation
public import ScoringCore

/// The `got_rewarded` decay (V2 plan §2F, with the subnet's later rate): every allocation since the
/// last pass in which the miner was rewarded (total_reward > 0) lowers its score, floored at `floor`.
///
/// - `absolute` (default): `rep' = max(floor, rep − rate × n)` — 0.05 of rep_score per allocation;
/// - `proportional`: `rep' = max(floor, rep × (1 − rate)^n)` — 5 % of the current score per allocation.
public struct GotRewardedDecayUpdate: ReputationUpdate {
    public static let key: ComponentKey = "got-rewarded-decay"
    public static let descriptor = ComponentDescriptor(
        key: key, kind: .reputationUpdate,
        summary: "Each rewarded allocation lowers rep_score by rate (absolute) or by rate × rep_score (proportional), floored",
        equation: "absolute: rep' = max(floor, rep − rate·n); proportional: rep' = max(floor, rep·(1 − rate)^n)",
        reference: "MIID V2 plan §2F (got_rewarded entries decrease reputation); rate 0.05, floor 0",
        parameters: [
            .number("rate", default: 0.05, range: 0...1, "Decay per rewarded allocation"),
            .number("floor", default: 0, range: 0...100, "The score never decays below this"),
            .string("mode", default: "absolute", choices: ["absolute", "proportional"], "How the rate applies"),
        ])

    public enum Mode: String, Sendable { case absolute, proportional }
    public let rate: Double
    public let floor: Double
    public let mode: Mode
    public var source: String { "got_rewarded" }

    public init(rate: Double = 0.05, floor: Double = 0, mode: Mode = .absolute) {
        self.rate = rate
        self.floor = floor
        self.mode = mode
    }

    public init(parameters: ParameterValues) throws {
        self.init(rate: try parameters.double("rate"), floor: try parameters.double("floor"),
                  mode: Mode(rawValue: try parameters.string("mode")) ?? .absolute)
    }

    public func update(miner: String, score: Double, input: EngineInput) -> ReputationChange? {
        guard let n = input.rewardedAllocations[miner], n > 0, rate > 0 else { return nil }
        let decayed: Double
        let formula: String
        switch mode {
        case .absolute:
            decayed = score - rate * Double(n)
            formula = "\(ReasonFormat.number(rate)) × \(n)"
        case .proportional:
            decayed = score * pow(1 - rate, Double(n))
            formula = "rep × (1 − (1 − \(ReasonFormat.number(rate)))^\(n))"
        }
        let next = max(floor, min(score, decayed))
        let floored = decayed < floor ? ", floored at \(ReasonFormat.number(floor))" : ""
        return ReputationChange(score: next,
                                reason: "rewarded in \(n) allocation(s): decay \(formula) = \(ReasonFormat.signed(decayed - score))\(floored)")
    }
}
