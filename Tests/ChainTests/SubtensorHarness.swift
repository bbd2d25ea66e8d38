import Foundation
import ScoringCore
@testable import Chain

/// Replays one of subtensor's epoch tests (a fixture under Fixtures/subtensor) the way its mock
/// runtime does: registration at the start block, `set_weights` storing max-upscaled u16 rows and
/// the last-update block, `next_block`, `epoch` carrying bonds and validator permits, bond resets.
struct SubtensorFixture: Decodable {
    struct Source: Decodable { var repository: String; var commit: String; var test: String }
    struct Step: Decodable {
        var op: String
        var uid: Int?
        var uids: [Int]?
        var values: [Int]?
        var epoch: Int?
        var expect: Expect?
    }
    struct Expect: Decodable {
        var bonds_u16: [[Int]]?
        var dividends: [Double]?
        var epsilon: Double?
        var bonds_unasserted: Unasserted?
    }
    struct Unasserted: Decodable { var columns_from: Int; var rows: [[Double]] }
    var source: Source
    var uids: Int
    var stakes: [Double]
    var block: UInt64
    var registered_at: UInt64
    var emission: Double
    var hyperparameters: [String: JSONValue]
    var steps: [Step]

    enum JSONValue: Decodable {
        case number(Double), bool(Bool)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) } else { self = .number(try c.decode(Double.self)) }
        }
        var int: Int { if case .number(let d) = self { Int(d) } else { 0 } }
        var double: Double { if case .number(let d) = self { d } else { 0 } }
        var bool: Bool { if case .bool(let b) = self { b } else { false } }
    }

    static let names = ["test_bonds", "test_yuma_3_kappa_moves_first", "test_yuma_3_kappa_moves_second",
                        "test_yuma_3_kappa_moves_last", "test_yuma_3_one_epoch_switch", "test_yuma_3_liquid_alpha_disabled",
                        "test_yuma_3_stable_miner", "test_yuma_3_bonds_reset"]

    static func load(_ name: String) throws -> SubtensorFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/subtensor") else {
            throw ChainInputError(field: "fixture", "missing fixture \(name).json")
        }
        return try JSONDecoder().decode(SubtensorFixture.self, from: Data(contentsOf: url))
    }

    var yumaHyperparameters: YumaHyperparameters {
        var h = YumaHyperparameters()
        let p = hyperparameters
        if let v = p["kappa"] { h.kappa = UInt16(v.int) }
        if let v = p["bonds_penalty"] { h.bondsPenalty = UInt16(v.int) }
        if let v = p["bonds_moving_average"] { h.bondsMovingAverage = UInt64(v.int) }
        if let v = p["max_allowed_validators"] { h.maxAllowedValidators = v.int }
        if let v = p["tempo"] { h.tempo = UInt64(v.int) }
        if let v = p["yuma3"] { h.yuma3 = v.bool }
        if let v = p["liquid_alpha"] { h.liquidAlpha = v.bool }
        if let v = p["alpha_sigmoid_steepness"] { h.alphaSigmoidSteepness = Int64(v.int) }
        // set_alpha_values_32: ⌊I32F32::from_num(x) × 65535⌋ as u16.
        if let v = p["alpha_low_fixed"] { h.alphaLow = I32F32.saturatingMul(I32F32(v.double), .u16Max).saturatingU16 }
        if let v = p["alpha_high_fixed"] { h.alphaHigh = I32F32.saturatingMul(I32F32(v.double), .u16Max).saturatingU16 }
        return h
    }

    /// One epoch's outcome with the step that asked for it.
    struct Outcome {
        var step: Step
        var input: ChainEpochInput
        var stateBefore: ChainState
        var result: ChainEpochResult
    }

    /// Runs every step with `mechanism`, returning the outcome of each `epoch` step.
    func run(_ mechanism: any ChainConsensus) throws -> [Outcome] {
        let n = uids
        var block = self.block
        var weights = SparseMatrix<UInt16>(count: n)
        var lastUpdate = [UInt64](repeating: 0, count: n)
        let registeredAt = [UInt64](repeating: registered_at, count: n)
        var permits = [Bool](repeating: false, count: n)
        var state = ChainState.initial(uidCount: n)
        var outcomes: [Outcome] = []
        for step in steps {
            switch step.op {
            case "next_block":
                block += 1
            case "set_weights":
                let uid = step.uid!
                let stored = ChainWeightStorage.maxUpscale(step.values!.map { UInt16($0) })
                weights.rows[uid] = zip(step.uids!, stored).map { .init(column: $0, value: $1) }.sorted { $0.column < $1.column }
                lastUpdate[uid] = block
            case "reset_bonds":
                let target = step.uid!
                for i in 0..<n { state.bonds.rows[i].removeAll { $0.column == target } }
            case "epoch":
                let input = ChainEpochInput(block: block, stakes: stakes, weights: weights, validatorPermits: permits,
                                            lastUpdate: lastUpdate, registeredAt: registeredAt, emission: emission)
                let result = try mechanism.epoch(input, state: state)
                outcomes.append(Outcome(step: step, input: input, stateBefore: state, result: result))
                state = result.state
                permits = result.validatorPermits
            default:
                throw ChainInputError(field: "op", "unknown fixture op \(step.op)")
            }
        }
        return outcomes
    }
}
