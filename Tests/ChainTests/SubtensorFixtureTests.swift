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

    @Test(arguments: SubtensorFixture.names)
    func floatWithinOneMillionthOfFixed(_ name: String) throws {
        let fixture = try SubtensorFixture.load(name)
        let fixed = try fixture.run(Self.yuma(fixture, .fixed))
        let float = try fixture.run(Self.yuma(fixture, .float))
        #expect(fixed.count == float.count)
        for (e, (a, b)) in zip(fixed, float).enumerated() {
            func close(_ x: [Double], _ y: [Double], _ what: String) {
                for (uid, (p, q)) in zip(x, y).enumerated() {
                    #expect(abs(p - q) <= 1e-6, "\(name) epoch \(e) \(what)[\(uid)]: fixed \(p), float \(q)")
                }
            }
            close(a.result.consensus, b.result.consensus, "consensus")
            close(a.result.incentive, b.result.incentive, "incentive")
            close(a.result.dividends, b.result.dividends, "dividends")
            close(a.result.validatorTrust, b.result.validatorTrust, "validatorTrust")
            for i in 0..<fixture.uids {
                let ra = a.result.state.bonds.rows[i], rb = b.result.state.bonds.rows[i]
                #expect(ra.map(\.column) == rb.map(\.column), "\(name) epoch \(e) bond row \(i) columns")
                close(ra.map(\.value), rb.map(\.value), "bonds[\(i)]")
            }
        }
    }
}
