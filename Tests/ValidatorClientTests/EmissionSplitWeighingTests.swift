import Reputation
import ScoringCore
import Testing
import ValidatorClient

/// ``Weighing`` with an ``EmissionSplit``: reserved UIDs get their shares of the chain weights exactly.
@Suite struct EmissionSplitWeighingTests {
    let rewards = [BaseReward(uid: 0, hotkey: "a", reward: 1), BaseReward(uid: 1, hotkey: "b", reward: 3),
                   BaseReward(uid: 2, hotkey: "c", reward: 0)]
    let fetch = ReputationFetch(source: .neutralFirstRun, repSnapshotVersion: nil, reputations: [:], missing: 0, failure: nil)

    @Test func reservedUIDsTakeTheirShares() throws {
        let split = try EmissionSplit(burnUID: 9, burnShare: 0.25, pools: [.init(name: "treasury", uids: [7, 8], share: 0.25)])
        let r = try Weighing.weigh(rewards, fetch: fetch, policy: NoReputationPolicy(), emission: split)
        // Miners keep 0.5 in proportion 1 : 3 : 0; burn 0.25; the treasury's 0.25 split over two UIDs.
        let w = r.miners.map(\.weight)
        let expectedMiners: [Double] = [0.125, 0.375, 0]
        for i in 0..<3 {
            let d: Double = abs(w[i] - expectedMiners[i])
            #expect(d < 1e-12)
        }
        #expect(r.reserved.map(\.uid) == [9, 7, 8])
        #expect(r.reserved.map(\.label) == ["burn", "treasury", "treasury"])
        let expectedReserved: [Double] = [0.25, 0.125, 0.125]
        for (got, want) in zip(r.reserved.map(\.weight), expectedReserved) {
            let d: Double = abs(got - want)
            #expect(d < 1e-12)
        }
        #expect(abs(r.reservedShare - 0.5) < 1e-12)
        // The chain vector names the reserved UIDs beside the miners (u16, max-normalised: the largest is 65535).
        #expect(r.chainUIDs == [0, 1, 9, 7, 8])
        // Largest weight (miner b, 0.375) → 65535; burn 0.25 → 43690; 0.125 → 21845 (±1 for rounding).
        let expectedU16: [Int] = [21_845, 65_535, 43_690, 21_845, 21_845]
        #expect(r.chainValues.count == expectedU16.count)
        for (got, want) in zip(r.chainValues, expectedU16) {
            let d: Int = abs(got - want)
            #expect(d <= 1)
        }
    }

    @Test func withoutSplitNothingChanges() throws {
        let plain = try Weighing.weigh(rewards, fetch: fetch, policy: NoReputationPolicy())
        #expect(plain.reserved.isEmpty && plain.reservedShare == 0)
        #expect(plain.chainUIDs == [0, 1])
    }

    @Test func aMinerOnAReservedUIDIsRefused() throws {
        let split = try EmissionSplit(burnUID: 1, burnShare: 0.1, pools: [])
        #expect(throws: EmissionSplitConflict.self) {
            _ = try Weighing.weigh(rewards, fetch: fetch, policy: NoReputationPolicy(), emission: split)
        }
    }
}
