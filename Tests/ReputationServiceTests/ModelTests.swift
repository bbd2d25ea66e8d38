import Foundation
import Reputation
import Testing

@Suite struct ModelTests {
    @Test func snapshotValidation() throws {
        let key = "5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD13h4"
        let ok = try ReputationSnapshot.decode(Data(#"{"version":"v","generated_at":"2025-11-20T13:00:00Z","miners":{"\#(key)":{"rep_score":1.2,"rep_tier":"Gold"}}}"#.utf8))
        #expect(ok.reputation(of: key) == MinerReputation(repScore: 1.2, repTier: .gold))
        #expect(ok.reputation(of: "other") == .neutral)
        #expect(ok.generatedDate == Timestamps.parseISO8601("2025-11-20T13:00:00Z"))
        let cases: [(String, String)] = [
            ("", ""),
            (#"{"miners":{}}"#, "version"),
            (#"{"version":"","miners":{}}"#, "version"),
            (#"{"version":"v","miners":{"\#(key)":{"rep_score":-0.1,"rep_tier":"Gold"}}}"#, "miners.\(key).rep_score"),
            (#"{"version":"v","miners":{"\#(key)":{"rep_score":"1","rep_tier":"Gold"}}}"#, "miners.\(key).rep_score"),
            (#"{"version":"v","miners":{"\#(key)":{"rep_score":1,"rep_tier":"Mythril"}}}"#, "miners.\(key).rep_tier"),
            (#"{"version":"v","miners":{"../x":{"rep_score":1,"rep_tier":"Gold"}}}"#, "miners.../x"),
            (#"{"version":"v","miners":{"a"#, ""),
        ]
        for (text, path) in cases {
            #expect(throws: SnapshotError.self) { try ReputationSnapshot.decode(Data(text.utf8)) }
            do { _ = try ReputationSnapshot.decode(Data(text.utf8)) } catch { #expect(error.path == path, "\(text)") }
        }
        // Custom tiers are accepted when configured.
        _ = try ReputationSnapshot.decode(Data(#"{"version":"v","miners":{"\#(key)":{"rep_score":1,"rep_tier":"Mythril"}}}"#.utf8),
                                          knownTiers: ["Mythril"])
    }

    @Test func identifiers() {
        #expect(Identifiers.isSafeCycleID("C1"))
        #expect(Identifiers.isSafeCycleID("cycle-2025.11.20_14"))
        for bad in ["", ".", "..", "../a", "a/b", "a\\b", ".x", "-x", "a b", "é", String(repeating: "a", count: 65)] {
            #expect(!Identifiers.isSafeCycleID(bad), "\(bad)")
        }
        #expect(Identifiers.isPlausibleSS58("5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD13h4"))
        #expect(!Identifiers.isPlausibleSS58("5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD1/h4"))
        #expect(!Identifiers.isPlausibleSS58("0OIl"))
    }

    @Test func timestampsAndMessages() throws {
        let d = try #require(Timestamps.parse("2025-11-20T14:00:00Z"))
        #expect(d.timeIntervalSince1970 == 1_763_647_200)
        #expect(Timestamps.parse("2025-11-20T16:00:00.5+02:00")?.timeIntervalSince1970 == 1_763_647_200.5)
        #expect(Timestamps.parse("1763647200") == d)
        #expect(Timestamps.parse("yesterday") == nil)
        #expect(Timestamps.iso8601(d) == "2025-11-20T14:00:00Z")
        let m = try #require(AuthMessage(parsing: "reward_allocation validator=5Abc timestamp=2025-11-20T14:00:00Z nonce=7"))
        #expect(m.endpoint == "reward_allocation" && m.validator == "5Abc" && m.date == d)
        #expect(m.text == "reward_allocation validator=5Abc timestamp=2025-11-20T14:00:00Z nonce=7")
        #expect(AuthMessage(parsing: "reward_allocation validator=5Abc") == nil)
        #expect(AuthMessage(parsing: "x validator=a validator=b timestamp=1") == nil)
    }

    @Test func allocationEntryProblems() {
        let k = "5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD13h4"
        var a = RewardAllocation(validatorHotkey: k, repSnapshotVersion: nil, cycleId: "C", miners: [
            RewardAllocationEntry(minerHotkey: k, baseReward: 1, repScore: 1, repTier: .neutral, reputationBonus: 0, totalReward: 1),
        ], signature: "")
        #expect(a.entryProblem() == nil)
        a.miners[0].baseReward = .infinity
        #expect(a.entryProblem()?.field == "miners[0].base_reward")
    }
}
