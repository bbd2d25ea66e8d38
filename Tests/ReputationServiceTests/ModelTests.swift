import Foundation
import Reputation
@testable import ReputationService
import Testing

@Suite struct ModelTests {
    @Test func snapshotValidation() throws {
        let key = "5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD13h4"
        let ok = try ReputationSnapshot.decode(Data(#"{"version":"v","generated_at":"2025-11-20T13:00:00Z","miners":{"\#(key)":{"rep_score":1.2,"rep_tier":"Gold"}}}"#.utf8))
        #expect(ok.reputation(of: key) == SnapshotReputation(repScore: 1.2, repTier: .gold))
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

    /// Repeats are found by exact address, whatever the lengths (46–48 characters, one a prefix of
    /// another); every problem names its entry and field.
    @Test func entryProblemsNameTheFirstBadEntryAndField() {
        let k48 = "5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD13h4"
        let k47 = String(k48.dropLast()), k46 = String(k48.dropLast(2))
        func entry(_ hotkey: String) -> RewardAllocationEntry {
            RewardAllocationEntry(minerHotkey: hotkey, uid: 1, baseReward: 1, repScore: 1, repTier: .neutral,
                                  reputationBonus: 0, totalReward: 1)
        }
        func problem(_ entries: [RewardAllocationEntry]) -> (field: String, message: String)? {
            RewardAllocation(validatorHotkey: k48, repSnapshotVersion: nil, cycleId: "C", miners: entries, signature: "")
                .entryProblem()
        }
        #expect(problem([entry(k48), entry(k47), entry(k46)]) == nil)
        let repeated = problem([entry(k46), entry(k48), entry(k47), entry(k48)])
        #expect(repeated?.field == "miners[3].miner_hotkey")
        #expect(repeated?.message == "'miners[3].miner_hotkey' repeats miner \(k48)")
        #expect(problem([entry(k48), entry(k48 + "1")])?.message == "'miners[1].miner_hotkey' is not an SS58 address")
        #expect(problem([entry(String(k46.dropLast()))])?.field == "miners[0].miner_hotkey")
        #expect(problem([entry("5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD13h0")])?.field == "miners[0].miner_hotkey")
        var e = entry(k48)
        e.uid = -1
        #expect(problem([entry(k47), e])?.message == "'miners[1].uid' must be non-negative")
        e = entry(k48)
        e.repScore = -0.5
        #expect(problem([e])?.message == "'miners[0].rep_score' must be a finite non-negative number")
        e = entry(k48)
        e.totalReward = .nan
        #expect(problem([e])?.field == "miners[0].total_reward")
        e = entry(k48)
        e.reputationBonus = -.infinity
        #expect(problem([e])?.message == "'miners[0].reputation_bonus' must be a finite number")
        e.reputationBonus = -2 // a negative bonus is fine
        #expect(problem([e]) == nil)
    }
}

@Suite struct PlainRequestParserTests {
    @Test(arguments: [
        #"{"validator_hotkey":"5Abc","miners":["a","b"],"signature":"<Bytes>x</Bytes>\n\tSigned by: 5Abc\n\tSignature: 00"}"#,
        #" { "miners" : [ ] , "signature" : "q\"uo\\te\/" , "validator_hotkey" : "v" } "#,
        #"{"validator_hotkey":"v","miners":["é"],"signature":"s"}"#,
    ])
    func agreesWithJSONDecoder(text: String) throws {
        let fast = try #require(PlainRequestParser.reputationRequest(Data(text.utf8)))
        let slow = try JSONDecoder().decode(ReputationRequest.self, from: Data(text.utf8))
        #expect(fast == slow)
    }

    @Test(arguments: [
        #"{"validator_hotkey":"v","miners":["a"],"signature":"s","extra":1}"#,
        #"{"validator_hotkey":"v","miners":["a"]}"#,
        #"{"validator_hotkey":"v","miners":"a","signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[1],"signature":"s"}"#,
        #"{"validator_hotkey":"\u0041","miners":[],"signature":"s"}"#,
        #"{"validator_hotkey":"v","validator_hotkey":"w","miners":[],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[],"signature":"s"} x"#,
        #"{"validator_hotkey":"v","miners":[],"signature":"s""#,
        #"{"validator_hotkey":"v","miners":["a",],"signature":"s"}"#,
        "",
    ])
    func defersAnythingElse(text: String) {
        #expect(PlainRequestParser.reputationRequest(Data(text.utf8)) == nil)
    }
}

@Suite struct FastAllocationParserTests {
    static let entry = #"{"miner_hotkey":"5Abc","uid":3,"base_reward":0.5,"rep_score":1.02,"rep_tier":"Bronze","reputation_bonus":-0.0051,"total_reward":0.4949}"#

    @Test(arguments: [
        #"{"validator_hotkey":"v","rep_snapshot_version":"bench","cycle_id":"C1","step_id":"block_1","timestamp":"2026-01-01T00:00:00Z","miners":[\#(entry),\#(entry)],"signature":"<Bytes>x</Bytes>\n\tSigned by: v\n\tSignature: 00"}"#,
        #" { "miners" : [ ] , "signature" : "s" , "validator_hotkey" : "v", "cycle_id": null, "idempotency_key": "k-1" } "#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","uid":null,"base_reward":1e-3,"rep_score":0,"rep_tier":"Neutral","reputation_bonus":-0.0,"total_reward":12345678901234567890.5E+2}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"total_reward":0.1,"reputation_bonus":0.30000000000000004,"rep_tier":"x","rep_score":2.5,"base_reward":1.7976931348623157e308,"miner_hotkey":"m"}],"signature":"s"}"#,
    ])
    func agreesWithJSONDecoder(text: String) throws {
        // The signed-message signature's `\n\t` escapes included: read on the fast path, as JSONDecoder reads it.
        let fast = try #require(RewardAllocationScanner.scan(Data(text.utf8), wrapped: false)?.allocation)
        let slow = try JSONDecoder().decode(RewardAllocation.self, from: Data(text.utf8))
        #expect(fast == slow)
    }

    @Test(arguments: [
        #"{"validator_hotkey":"v","miners":[],"signature":"s","extra":1}"#,          // unknown member
        #"{"validator_hotkey":"v","miners":[]}"#,                                     // missing signature
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m"}],"signature":"s"}"#, // incomplete entry
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","uid":1.5,"base_reward":1,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":"1","rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":01,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":1e999,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":1.,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","cycle_id":"a","cycle_id":"b","miners":[],"signature":"s"}"#,
        #"{"validator_hotkey":null,"miners":[],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[],"signature":"s"} x"#,
        "",
    ])
    func defersAnythingElse(text: String) {
        let fast = RewardAllocationScanner.scan(Data(text.utf8), wrapped: false)?.allocation
        let slow = try? JSONDecoder().decode(RewardAllocation.self, from: Data(text.utf8))
        // An unknown scalar member is skipped, as JSONDecoder skips it; everything else here is left to
        // JSONDecoder (which refuses it, or for a repeated member decides which one counts).
        if text.contains("\"extra\"") {
            #expect(fast != nil && fast == slow)
        } else {
            #expect(fast == nil)
        }
    }
}
