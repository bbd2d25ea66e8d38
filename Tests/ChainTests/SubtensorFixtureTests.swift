import Testing
import ScoringCore
@testable import Chain

/// subtensor's own epoch tests (epoch.rs at 14bc6f9f9) replayed from Fixtures/subtensor: `fixed`
/// must reproduce every asserted value (bit-exact u16 bonds in `test_bonds`, dividends within the
/// test's epsilon in the Yuma 3 tests), and `float` must stay within 1e-6 of `fixed`.
@Suite struct SubtensorFixtureTests {
    static func yuma(_ f: SubtensorFixture, _ arithmetic: ChainArithmetic) -> Yuma {
        Yuma(hyperparameters: f.yumaHyperparameters, arithmetic: arithmetic)
    }

    @Test(arguments: SubtensorFixture.names)
    func fixedReproducesSubtensor(_ name: String) throws {
        let fixture = try SubtensorFixture.load(name)
        #expect(fixture.source.commit == "14bc6f9f9")
        let outcomes = try fixture.run(Self.yuma(fixture, .fixed))
        var checked = 0
        for o in outcomes {
            guard let expect = o.step.expect else { continue }
            for triple in expect.bonds_u16 ?? [] {
                let (i, j, value) = (triple[0], triple[1], triple[2])
                let stored = o.result.stored.bonds.rows[i].first { $0.column == j }?.value ?? 0
                #expect(Int(stored) == value, "\(name) epoch \(checked): bonds[\(i)][\(j)] = \(stored), subtensor asserts \(value)")
            }
            if let dividends = expect.dividends, let eps = expect.epsilon {
                for (uid, target) in dividends.enumerated() {
                    let ours = Double(o.result.stored.dividends[uid]) / 65535
                    #expect(abs(ours - target) <= eps, "\(name) epoch \(o.step.epoch ?? -1): dividend[\(uid)] = \(ours), subtensor expects \(target) ± \(eps)")
                }
            }
            checked += 1
        }
        #expect(checked > 0)
    }

    /// The bond targets the Yuma 3 tests state but never compare (epoch.rs zips each bond row with
    /// `target.skip(3)`, which is empty): ours match them within the tests' epsilon as well.
    @Test(arguments: SubtensorFixture.names.filter { $0 != "test_bonds" })
    func fixedMatchesStatedBondTargets(_ name: String) throws {
        let fixture = try SubtensorFixture.load(name)
        let outcomes = try fixture.run(Self.yuma(fixture, .fixed))
        for o in outcomes {
            guard let expect = o.step.expect, let table = expect.bonds_unasserted, let eps = expect.epsilon else { continue }
            for (i, row) in table.rows.enumerated() {
                for (k, target) in row.enumerated() {
                    let j = table.columns_from + k - (row.count > fixture.uids - 3 ? 1 : 0)
                    let stored = o.result.stored.bonds.rows[i].first { $0.column == j }?.value ?? 0
                    let ours = Double(stored) / 65535
                    #expect(abs(ours - target) <= eps, "\(name) epoch \(o.step.epoch ?? -1): bond[\(i)][\(j)] = \(ours), stated \(target)")
                }
            }
        }
    }

    /// `float` on each epoch of the case, from the same carried state as `fixed`: every output
    /// within 1e-6 of `fixed`, every stored u16 within one step (fixed point truncates a hair below
    /// exact values such as ⅓ or ¾, so a u16 can land one lower).
    @Test(arguments: SubtensorFixture.names)
    func floatWithinOneMillionthOfFixed(_ name: String) throws {
        let fixture = try SubtensorFixture.load(name)
        let fixed = try fixture.run(Self.yuma(fixture, .fixed))
        let float = Self.yuma(fixture, .float)
        var worst = 0.0
        for (e, a) in fixed.enumerated() {
            let b = try float.epoch(a.input, state: a.stateBefore)
            func close(_ x: [Double], _ y: [Double], _ what: String) {
                for (uid, (p, q)) in zip(x, y).enumerated() {
                    worst = max(worst, abs(p - q))
                    #expect(abs(p - q) <= 1e-6, "\(name) epoch \(e) \(what)[\(uid)]: fixed \(p), float \(q)")
                }
            }
            let r = a.result
            close(r.consensus, b.consensus, "consensus")
            close(r.incentive, b.incentive, "incentive")
            close(r.dividends, b.dividends, "dividends")
            close(r.ranks, b.ranks, "ranks")
            close(r.trust, b.trust, "trust")
            close(r.validatorTrust, b.validatorTrust, "validatorTrust")
            close(r.serverEmission.map { $0 / fixture.emission }, b.serverEmission.map { $0 / fixture.emission }, "server share")
            close(r.validatorEmission.map { $0 / fixture.emission }, b.validatorEmission.map { $0 / fixture.emission }, "validator share")
            for i in 0..<fixture.uids {
                let ra = r.stored.bonds.rows[i], rb = b.stored.bonds.rows[i]
                #expect(ra.map(\.column) == rb.map(\.column), "\(name) epoch \(e) bond row \(i) columns")
                for (p, q) in zip(ra, rb) {
                    #expect(abs(Int(p.value) - Int(q.value)) <= 1, "\(name) epoch \(e) bond[\(i)][\(p.column)]: \(p.value) vs \(q.value)")
                }
            }
        }
        #expect(worst <= 1e-6)
    }

    /// `float` run end to end on its own carried state: the one-step u16 differences of the bonds
    /// can compound over epochs, so dividends stay within 1e-4 of `fixed` (and within each test's
    /// own epsilon of subtensor's values, checked here too).
    @Test(arguments: SubtensorFixture.names)
    func floatRunTracksFixedRun(_ name: String) throws {
        let fixture = try SubtensorFixture.load(name)
        let fixed = try fixture.run(Self.yuma(fixture, .fixed))
        let float = try fixture.run(Self.yuma(fixture, .float))
        for (e, (a, b)) in zip(fixed, float).enumerated() {
            for (uid, (p, q)) in zip(a.result.dividends, b.result.dividends).enumerated() {
                #expect(abs(p - q) <= 1e-4, "\(name) epoch \(e) dividends[\(uid)]: fixed \(p), float \(q)")
            }
            if let expect = b.step.expect, let dividends = expect.dividends, let eps = expect.epsilon {
                for (uid, target) in dividends.enumerated() {
                    #expect(abs(b.result.dividends[uid] - target) <= eps, "\(name) float epoch \(e) dividend[\(uid)]")
                }
            }
        }
    }
}
