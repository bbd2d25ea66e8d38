public import ScoringCore
import Foundation

/// Checks the guarantees of ``ChainConsensus`` over random subnets run for a few epochs each.
///
/// Checked per epoch: **shape** (every per-UID output has `uidCount` entries, bonds and stored
/// bonds have `uidCount` rows over existing UIDs); **normalisation** (incentive and dividends each
/// sum to 1 within `tolerance`, or are all 0); **conservation** (server plus validator emission
/// equals the epoch's emission within `conservationTolerance(emission, uidCount)` whenever any
/// stake is positive); **bounds** (bonds, trust, validator trust, consensus and ranks in [0, 1]);
/// **determinism** (the same epoch run again, and on several threads at once, gives equal results);
/// **refusal** (a negative stake and a shape mismatch throw ``ChainInputError``).
public struct ChainConformance: Sendable {
    public var subnets: Int
    public var epochs: Int
    public var seed: UInt64
    public var tolerance: Double
    /// Allowed |Σ emission − emission|: fixed-point mechanisms truncate each amount to a whole unit.
    public var conservationTolerance: @Sendable (_ emission: Double, _ uidCount: Int) -> Double

    public init(subnets: Int = 40, epochs: Int = 4, seed: UInt64 = 0xC4A1, tolerance: Double = 1e-6,
                conservationTolerance: @escaping @Sendable (Double, Int) -> Double = { e, n in 1e-6 * e + 2 * Double(n) + 1e-9 }) {
        self.subnets = subnets
        self.epochs = epochs
        self.seed = seed
        self.tolerance = tolerance
        self.conservationTolerance = conservationTolerance
    }

    /// Checks the mechanism registered under `key`, made with its defaults (or `parameters`).
    public func check(_ key: ComponentKey, in registry: ScoringRegistry, parameters: ParameterValues? = nil) -> [String] {
        do {
            return check(try registry.makeChainConsensus(key, parameters: parameters))
        } catch {
            return ["chain consensus '\(key)' cannot be made: \(error)"]
        }
    }

    /// A random epoch input of `n` UIDs (some validators with stake and weights, explicit zero
    /// weights, stale updates, late registrations).
    public static func randomInput(_ random: inout Xoshiro256, uidCount n: Int, block: UInt64) -> ChainEpochInput {
        var stakes = [Double](repeating: 0, count: n)
        var rows: [[SparseMatrix<UInt16>.Entry]] = Array(repeating: [], count: n)
        var permits = [Bool](repeating: false, count: n)
        var lastUpdate = [UInt64](repeating: 0, count: n)
        var registeredAt = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            if random.randbelow(2) == 0 { stakes[i] = Double(random.randbelow(1_000_000)) }
            permits[i] = random.randbelow(4) != 0
            lastUpdate[i] = block - UInt64(random.randbelow(Int(min(block, 20))))
            registeredAt[i] = random.randbelow(6) == 0 ? block - UInt64(random.randbelow(3)) : 0
            if stakes[i] > 0 {
                for j in 0..<n where random.randbelow(3) != 0 {
                    rows[i].append(.init(column: j, value: random.randbelow(5) == 0 ? 0 : UInt16(random.randbelow(65536))))
                }
            }
        }
        return ChainEpochInput(block: block, stakes: stakes, weights: SparseMatrix(rows: rows), validatorPermits: permits,
                               lastUpdate: lastUpdate, registeredAt: registeredAt, emission: 1_000_000_000)
    }

    public func check(_ mechanism: any ChainConsensus) -> [String] {
        var problems: [String] = []
        let name = type(of: mechanism).descriptor.key
        func fail(_ m: String) { if problems.count < 20, !problems.contains("'\(name)': \(m)") { problems.append("'\(name)': \(m)") } }
        var random = Xoshiro256(seed: seed)
        for s in 0..<subnets {
            let n = 1 + random.randbelow(24)
            var state = ChainState.initial(uidCount: n)
            var permits: [Bool]? = nil
            for e in 0..<epochs {
                var input = Self.randomInput(&random, uidCount: n, block: 100 + UInt64(e))
                if let permits { input.validatorPermits = permits }
                let where_ = "subnet \(s) epoch \(e) (n = \(n))"
                let result: ChainEpochResult
                do {
                    result = try mechanism.epoch(input, state: state)
                } catch {
                    fail("\(where_): refused a valid input: \(error)")
                    break
                }
                checkShape(result, n: n, where_, fail)
                checkNormalised(result.incentive, "incentive", where_, fail)
                checkNormalised(result.dividends, "dividends", where_, fail)
                if input.stakes.contains(where: { $0 > 0 }) {
                    let total = result.serverEmission.reduce(0, +) + result.validatorEmission.reduce(0, +)
                    if abs(total - input.emission) > conservationTolerance(input.emission, n) {
                        fail("\(where_): emission not conserved: \(total) of \(input.emission)")
                    }
                }
                for (label, values) in [("trust", result.trust), ("validatorTrust", result.validatorTrust),
                                        ("consensus", result.consensus), ("ranks", result.ranks)] {
                    if let bad = values.first(where: { !($0 >= -tolerance && $0 <= 1 + tolerance) }) {
                        fail("\(where_): \(label) \(bad) outside [0, 1]")
                    }
                }
                for row in result.state.bonds.rows {
                    if let bad = row.first(where: { !($0.value >= 0 && $0.value <= 1) }) {
                        fail("\(where_): bond \(bad.value) outside [0, 1]")
                    }
                }
                if s % 8 == 0 {
                    checkDeterminism(mechanism, input, state, result, where_, fail)
                }
                state = result.state
                permits = result.validatorPermits
            }
        }
        checkRefusals(mechanism, fail)
        return problems
    }

    private func checkShape(_ r: ChainEpochResult, n: Int, _ where_: String, _ fail: (String) -> Void) {
        let arrays: [(String, Int)] = [
            ("ranks", r.ranks.count), ("trust", r.trust.count), ("consensus", r.consensus.count),
            ("incentive", r.incentive.count), ("validatorTrust", r.validatorTrust.count), ("dividends", r.dividends.count),
            ("serverEmission", r.serverEmission.count), ("validatorEmission", r.validatorEmission.count),
            ("validatorPermits", r.validatorPermits.count), ("active", r.active.count),
            ("stored.consensus", r.stored.consensus.count), ("stored.incentive", r.stored.incentive.count),
            ("stored.dividends", r.stored.dividends.count), ("stored.trust", r.stored.trust.count),
            ("stored.validatorTrust", r.stored.validatorTrust.count), ("stored.bonds", r.stored.bonds.rowCount),
            ("state.bonds", r.state.bonds.rowCount),
        ]
        for (label, count) in arrays where count != n { fail("\(where_): \(label) has \(count) entries, expected \(n)") }
        for row in r.state.bonds.rows where row.contains(where: { $0.column < 0 || $0.column >= n }) {
            fail("\(where_): a bond refers to a UID outside 0..<\(n)")
        }
    }

    private func checkNormalised(_ x: [Double], _ label: String, _ where_: String, _ fail: (String) -> Void) {
        if x.contains(where: { !$0.isFinite || $0 < 0 }) { fail("\(where_): \(label) has a negative or non-finite value"); return }
        let sum = x.reduce(0, +)
        if sum != 0, abs(sum - 1) > tolerance { fail("\(where_): \(label) sums to \(sum), expected 1 or all 0") }
    }

    private func checkDeterminism(_ m: any ChainConsensus, _ input: ChainEpochInput, _ state: ChainState,
                                  _ first: ChainEpochResult, _ where_: String, _ fail: (String) -> Void) {
        let box = ResultBox(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { k in
            box.set(k, try? m.epoch(input, state: state))
        }
        for k in 0..<4 where box.get(k) != first {
            fail("\(where_): a rerun (on thread \(k) of 4) gave a different result")
        }
    }

    private func checkRefusals(_ m: any ChainConsensus, _ fail: (String) -> Void) {
        var random = Xoshiro256(seed: seed ^ 0xBAD)
        var negative = Self.randomInput(&random, uidCount: 4, block: 50)
        negative.stakes[2] = -1
        do { _ = try m.epoch(negative, state: .initial(uidCount: 4)); fail("accepted a negative stake") }
        catch is ChainInputError {} catch { fail("refused a negative stake with \(type(of: error)), expected ChainInputError") }
        var shape = Self.randomInput(&random, uidCount: 4, block: 50)
        shape.lastUpdate.removeLast()
        do { _ = try m.epoch(shape, state: .initial(uidCount: 4)); fail("accepted lastUpdate of 3 entries for 4 UIDs") }
        catch is ChainInputError {} catch { fail("refused a shape mismatch with \(type(of: error)), expected ChainInputError") }
    }
}

/// Results written by concurrent reruns, one slot each; the lock makes the shared array safe.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ChainEpochResult?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ r: ChainEpochResult?) { lock.lock(); slots[k] = r; lock.unlock() }
    func get(_ k: Int) -> ChainEpochResult? { lock.lock(); defer { lock.unlock() }; return slots[k] }
}
