import Testing
import ScoringCore
@testable import Chain

/// One epoch worked out by hand: validators 0 (stake 3) and 1 (stake 1), servers 2 and 3.
/// Validator 0 weights both servers equally, validator 1 only server 2.
///
/// S = (¾, ¼); W₀ = (½, ½), W₁ = (1, 0); consensus (κ ≈ ½) = (½, ½); clipped W₁ = (½);
/// ranks = (½, ⅜), incentive = (4/7, 3/7); preranks = (⅝, ⅜), trust = (0.8, 1);
/// validator trust = (1, ½); ΔB = clipped∘S column-normalised = col2 (¾, ¼), col3 (1, 0);
/// EMA from no bonds = 0.1·ΔB, re-normalised = ΔB; dividends = Bᵀ·I = (6/7, 1/7);
/// emission shares = (I + D)/2; stored bonds column-max-upscaled: col2 (65535, ⌊65535/3⌋), col3 (65535).
struct YumaStepTests {
    static func input(weights1: [SparseMatrix<UInt16>.Entry] = [.init(column: 2, value: 65535)]) -> ChainEpochInput {
        ChainEpochInput(block: 10, stakes: [3, 1, 0, 0],
                        weights: SparseMatrix(rows: [[.init(column: 2, value: 65535), .init(column: 3, value: 65535)], weights1, [], []]),
                        validatorPermits: [true, true, false, false], lastUpdate: [9, 9, 9, 9], registeredAt: [0, 0, 0, 0],
                        emission: 7_000)
    }

    @Test(arguments: ChainArithmetic.allCases)
    func oneEpochByHand(_ arithmetic: ChainArithmetic) throws {
        var h = YumaHyperparameters()
        h.tempo = 1
        let r = try Yuma(hyperparameters: h, arithmetic: arithmetic).epoch(Self.input(), state: .initial(uidCount: 4))
        let tol = 1e-8
        func near(_ x: [Double], _ y: [Double], _ what: String) {
            for (a, b) in zip(x, y) { #expect(abs(a - b) <= tol, "\(arithmetic) \(what): \(x) vs \(y)") }
        }
        near(r.consensus, [0, 0, 0.5, 0.5], "consensus")
        near(r.incentive, [0, 0, 4.0 / 7, 3.0 / 7], "incentive")
        near(r.ranks, [0, 0, 0.5, 0.375], "ranks")
        near(r.trust, [0, 0, 0.8, 1], "trust")
        near(r.validatorTrust, [1, 0.5, 0, 0], "validator trust")
        near(r.dividends, [6.0 / 7, 1.0 / 7, 0, 0], "dividends")
        let e = 7_000.0
        // fixed truncates amounts to whole units.
        let unit = arithmetic == .fixed ? 1.0 : tol
        for (a, b) in zip(r.serverEmission, [0, 0, 2.0 / 7 * e, 1.5 / 7 * e]) { #expect(abs(a - b) <= unit) }
        for (a, b) in zip(r.validatorEmission, [3.0 / 7 * e, 0.5 / 7 * e, 0, 0]) { #expect(abs(a - b) <= unit) }
        #expect(r.validatorPermits == [true, true, false, false])
        #expect(r.stored.bonds.rows[0].map(\.value) == [65535, 65535])
        // ⅓·65535 = 21845 exactly; fixed point lands a hair below ⅓ and truncates to 21844, as the chain does.
        #expect(r.stored.bonds.rows[1].map(\.value) == [arithmetic == .fixed ? 21844 : 21845])
    }

    @Test func weightedMedianHonoursStakeMajority() {
        let big: [Double] = [0.8, 0.1, 0.1]
        let m = WeightedMedian.columns(stake: big, CompressedRows(rows: [[(0, 1.0)], [(0, 0.0)], [(0, 0.0)]]), columns: 1, majority: 0.5)
        #expect(m == [1])
        let split: [Double] = [0.4, 0.3, 0.3]
        let m2 = WeightedMedian.columns(stake: split, CompressedRows(rows: [[(0, 1.0)], [(0, 0.0)], [(0, 0.0)]]), columns: 1, majority: 0.5)
        #expect(m2 == [0])
    }

    @Test func selfWeightsAndStaleWeightsAreMasked() throws {
        // Validator 1 weights only itself: masked, so server 2's consensus comes from validator 0 alone.
        var input = Self.input(weights1: [.init(column: 1, value: 65535)])
        let r = try Yuma(arithmetic: .float).epoch(input, state: .initial(uidCount: 4))
        #expect(r.validatorTrust[1] == 0)
        // Weights set before the target registered are masked: server 3 registered at block 9.
        input.registeredAt[3] = 9
        let r2 = try Yuma(arithmetic: .float).epoch(input, state: .initial(uidCount: 4))
        #expect(r2.incentive[3] == 0)
        #expect(abs(r2.incentive[2] - 1) < 1e-12)
    }

    @Test func inactiveValidatorLosesItsStakeInConsensus() throws {
        var h = YumaHyperparameters()
        h.tempo = 360 // cutoff 5000 blocks
        var input = Self.input()
        input.block = 10_000
        input.lastUpdate = [9_990, 100, 0, 0] // validator 1 stale
        let r = try Yuma(hyperparameters: h, arithmetic: .float).epoch(input, state: .initial(uidCount: 4))
        #expect(r.active == [true, false, false, false])
        #expect(abs(r.dividends[0] - 1) < 1e-12)
    }

    @Test func permitsGoToTopStakes() {
        #expect(YumaEpoch.topKNonzero([0.5, 0.1, 0.0, 0.4], k: 2) == [true, false, false, true])
        #expect(YumaEpoch.topKNonzero([0.5, 0.1, 0.0], k: 5) == [true, true, false])
    }

    @Test func winnerTakesAllAndYuma1ByHand() throws {
        let registry = try ScoringRegistry(modules: [ChainModule()])
        let wta = try registry.makeChainConsensus("yuma-wta")
        let r = try wta.epoch(Self.input(), state: .initial(uidCount: 4))
        #expect(r.incentive.map { ($0 * 1e9).rounded() / 1e9 } == [0, 0, 1, 0])
        // Yuma 1: bonds from raw weights (no penalty), EMA not re-normalised:
        // ΔB col2 (0.6, 0.4), col3 (1); B = 0.1·ΔB; D ∝ (0.06·4/7 + 0.1·3/7, 0.04·4/7) = (0.54, 0.16)/7.
        let y1 = try registry.makeChainConsensus("yuma1", parameters: try ParameterValues.defaults(for: Yuma1.descriptor.parameters)
            .setting("arithmetic", to: ConfigNode(.string("float"))))
        let r1 = try y1.epoch(Self.input(), state: .initial(uidCount: 4))
        #expect(abs(r1.dividends[0] - 0.54 / 0.70) < 1e-9)
        #expect(abs(r1.dividends[1] - 0.16 / 0.70) < 1e-9)
    }

    @Test func refusesMalformedInput() {
        var bad = Self.input()
        bad.weights.rows[0] = [.init(column: 9, value: 1)]
        #expect(throws: ChainInputError.self) { try Yuma().epoch(bad, state: .initial(uidCount: 4)) }
        var negative = Self.input()
        negative.stakes[1] = -1
        #expect(throws: ChainInputError.self) { try Yuma().epoch(negative, state: .initial(uidCount: 4)) }
    }

    /// A carried bond back to its u16 (branch-free: the 2⁵² shift and a tie fix) against the plain
    /// rule (×65535, rounded half away from zero, clamped): every u16's proportion, every tie
    /// k + ½, a million random proportions, and the edges.
    @Test func carriedBondsRoundBackToTheirU16() {
        func reference(_ x: Double) -> UInt16 {
            let v = x * 65535
            if !(v > 0) { return 0 }
            if v >= 65535 { return 65535 }
            return UInt16((v + 0).rounded(.toNearestOrAwayFromZero))
        }
        for u in 0...65535 {
            #expect(YumaEpoch.u16(Double(u) / 65535) == UInt16(u))
            let tie = (Double(u) + 0.5) / 65535
            #expect(YumaEpoch.u16(tie) == reference(tie), "tie after \(u)")
            let exactTie = Double(u) + 0.5
            #expect(YumaEpoch.u16(exactTie / 65535) == reference(exactTie / 65535))
        }
        var rng = WeightedMedianTests.Rng(state: 99)
        for _ in 0..<1_000_000 {
            let x = Double(rng.next() >> 11) * 0x1p-53
            if YumaEpoch.u16(x) != reference(x) { Issue.record("u16(\(x)): \(YumaEpoch.u16(x)) vs \(reference(x))"); break }
        }
        for x in [0.0, -0.0, 1.0, -1.0, 2.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 0.5 / 65535, 1.5 / 65535] {
            #expect(YumaEpoch.u16(x) == reference(x), "\(x)")
        }
    }

    /// Float's `fixed_proportion_to_u16` (branch-free: the 2⁵² shift, less one where it rounded
    /// up) against the plain rule: ×65535, the integer part, clamped to u16; NaN to 0.
    @Test func floatProportionsTruncateToU16() {
        func reference(_ x: Double) -> UInt16 {
            let v = x * 65535
            if !(v >= 1) { return 0 }
            return v >= 65535 ? 65535 : UInt16(v)
        }
        for u in 0...65535 {
            for x in [Double(u) / 65535, (Double(u) + 0.5) / 65535, Double(u).nextDown / 65535, Double(u).nextUp / 65535] {
                #expect(x.proportionToU16 == reference(x), "\(x)")
            }
        }
        var rng = WeightedMedianTests.Rng(state: 7)
        for _ in 0..<1_000_000 {
            let x = Double(rng.next() >> 11) * 0x1p-53 * 1.1
            if x.proportionToU16 != reference(x) { Issue.record("\(x): \(x.proportionToU16) vs \(reference(x))"); break }
        }
        for x in [0.0, -0.0, 1.0, -1.0, 2.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 1 - 0x1p-53] {
            #expect(x.proportionToU16 == reference(x), "\(x)")
        }
    }

    /// The branch-free row checks refuse every kind of bad column and bond, at any place in a
    /// long row (vector lanes and the scalar tail), naming the field and the UID; −0 is a bond in
    /// [0, 1] and passes, as in the per-entry comparison.
    @Test func rowChecksFindEveryBadEntry() throws {
        let n = 40
        func input(row: [SparseMatrix<UInt16>.Entry]) -> ChainEpochInput {
            var rows = [[SparseMatrix<UInt16>.Entry]](repeating: [], count: n)
            rows[3] = row
            return ChainEpochInput(block: 10, stakes: (0..<n).map { Double($0 % 3) }, weights: SparseMatrix(rows: rows),
                                   validatorPermits: (0..<n).map { $0 < 8 }, lastUpdate: Array(repeating: 9, count: n),
                                   registeredAt: Array(repeating: 0, count: n), emission: 1)
        }
        func state(row: [SparseMatrix<Double>.Entry]) -> ChainState {
            var s = ChainState.initial(uidCount: n)
            var rows = [[SparseMatrix<Double>.Entry]](repeating: [], count: n)
            rows[5] = row
            s.bonds = SparseMatrix(rows: rows)
            return s
        }
        let good = (0..<n).filter { $0 != 3 }.map { SparseMatrix<UInt16>.Entry(column: $0, value: UInt16($0)) }
        let goodBonds = (0..<n).map { SparseMatrix<Double>.Entry(column: $0, value: Double($0) / Double(n)) }
        _ = try Yuma().epoch(input(row: good), state: state(row: goodBonds))
        var minusZero = goodBonds
        minusZero[7].value = -0.0
        _ = try Yuma().epoch(input(row: good), state: state(row: minusZero))
        for place in [0, 1, 2, 17, good.count - 2, good.count - 1] {
            for column in [-1, n, Int(Int32.max), good[place].column, place > 0 ? good[place - 1].column : -5] {
                var row = good
                row[place].column = column
                if column == good[place].column { row.insert(row[place], at: place) }
                #expect(throws: ChainInputError(field: "weights", uid: 3, "")) {
                    do { _ = try Yuma().epoch(input(row: row), state: state(row: goodBonds)) } catch let e as ChainInputError {
                        throw ChainInputError(field: e.field, uid: e.uid, "")
                    }
                }
            }
            for value in [-0.5, 1.000_000_1, .nan, .infinity, -.infinity, -Double.leastNonzeroMagnitude] {
                var row = goodBonds
                row[place].value = value
                #expect(throws: ChainInputError(field: "state.bonds", uid: 5, "")) {
                    do { _ = try Yuma().epoch(input(row: good), state: state(row: row)) } catch let e as ChainInputError {
                        throw ChainInputError(field: e.field, uid: e.uid, "")
                    }
                }
            }
        }
    }
}
