import Foundation
@testable import Reputation
import Testing

/// `entryProblem()` (one pass: the alphabet check and the repeat finder's hash share each hotkey's
/// bytes) says "sound" exactly when a plain reading of the rules does, on allocations with random
/// defects, repeats and near repeats.
@Suite("Sound entries: entryProblem() agrees with the rules")
struct SoundEntriesTests {
    static let alphabet = Array(Identifiers.base58Alphabet)

    /// A plausible hotkey of `length` base58 characters.
    static func hotkey<G: RandomNumberGenerator>(_ length: Int = 48, using rng: inout G) -> String {
        String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    /// The rules as `entryProblem()` states them, with a `Set` of the texts for repeats.
    static func reference(_ entries: [RewardAllocationEntry]) -> Bool {
        var seen = Set<String>()
        for e in entries {
            guard Identifiers.isPlausibleSS58(e.minerHotkey), seen.insert(e.minerHotkey).inserted else { return false }
            if let uid = e.uid, uid < 0 { return false }
            for v in [e.baseReward, e.repScore, e.totalReward] where !v.isFinite || v < 0 { return false }
            if !e.reputationBonus.isFinite { return false }
        }
        return true
    }

    @Test("random allocations with one or no defect: same verdict, and entryProblem() agrees")
    func randomDefects() {
        var rng = SystemRandomNumberGenerator()
        var sound = 0, unsound = 0
        for round in 0..<3_000 {
            let count = [0, 1, 2, 17, 256, 300][round % 6]
            var entries = (0..<count).map { m in
                RewardAllocationEntry(minerHotkey: Self.hotkey([46, 47, 48][m % 3], using: &rng), uid: m % 4 == 0 ? nil : m,
                                      baseReward: Double(rng.next() % 1000) / 1000, repScore: m % 5 == 0 ? -0.0 : 1.05,
                                      repTier: "Silver", reputationBonus: -Double(rng.next() % 100) / 1000, totalReward: 0.5)
            }
            if count > 1 {
                let i = Int(rng.next() % UInt64(count)), j = Int(rng.next() % UInt64(count))
                var key = Array(entries[i].minerHotkey)
                switch rng.next() % 16 {
                case 0: entries[i].minerHotkey = entries[j].minerHotkey                       // a repeat (or itself)
                case 1:                                                                      // one character off another's
                    key = Array(entries[j].minerHotkey)
                    let k = Int(rng.next() % UInt64(key.count))
                    key[k] = key[k] == "z" ? "y" : "z"
                    entries[i].minerHotkey = String(key)
                case 2: entries[i].minerHotkey = String(entries[j].minerHotkey.prefix(46))  // a prefix of another's
                case 3:                                                                      // outside the alphabet
                    key[Int(rng.next() % UInt64(key.count))] = ["0", "O", "I", "l", "é", "\u{0}", "+", "\u{7F}"][Int(rng.next() % 8)]
                    entries[i].minerHotkey = String(key)
                case 4: entries[i].minerHotkey = Self.hotkey([0, 1, 45, 49, 64][Int(rng.next() % 5)], using: &rng)
                case 5: entries[i].uid = -1
                case 6: entries[i].baseReward = [-1e-300, .nan, .infinity, -.infinity][Int(rng.next() % 4)]
                case 7: entries[i].repScore = [-1, .nan, .infinity][Int(rng.next() % 3)]
                case 8: entries[i].totalReward = [-0.5, .nan, .infinity][Int(rng.next() % 3)]
                case 9: entries[i].reputationBonus = [.nan, .infinity, -.infinity][Int(rng.next() % 3)]
                case 10: entries[i].reputationBonus = -1e300                                // sound: the bonus may be negative
                case 11: entries[i].minerHotkey = NSString(string: entries[j].minerHotkey) as String  // bridged: no fast answer needed
                default: break
                }
            }
            let allocation = RewardAllocation(validatorHotkey: "v", repSnapshotVersion: nil, cycleId: "C", miners: entries, signature: "s")
            let want = Self.reference(entries)
            if want {
                sound += 1
                // Bridged strings included.
                #expect(allocation.entryProblem() == nil, "round \(round): sound entries not recognised")
            } else {
                unsound += 1
                #expect(allocation.entryProblem() != nil, "round \(round): a defect passed")
            }
            #expect((allocation.entryProblem() == nil) == want, "round \(round)")
        }
        #expect(sound > 500 && unsound > 500)
    }

    @Test("hotkeys equal in their first 40 bytes, or in every 8-byte word but one, are still told apart")
    func nearRepeats() {
        var rng = SystemRandomNumberGenerator()
        let base = Array(Self.hotkey(using: &rng))
        var entries: [RewardAllocationEntry] = []
        for k in 0..<48 {
            var key = base
            key[k] = key[k] == "z" ? "y" : "z"
            entries.append(RewardAllocationEntry(minerHotkey: String(key), baseReward: 1, repScore: 1, repTier: "Gold",
                                                 reputationBonus: 0, totalReward: 1))
        }
        var allocation = RewardAllocation(validatorHotkey: "v", repSnapshotVersion: nil, cycleId: "C", miners: entries, signature: "s")
        #expect((allocation.entryProblem() == nil) == Self.reference(entries))
        allocation.miners.append(allocation.miners[17])
        #expect(allocation.entryProblem() != nil)
        #expect(allocation.entryProblem()?.field == "miners[48].miner_hotkey")
    }
}
