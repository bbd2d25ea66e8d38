import Foundation
import Reputation
import Testing

/// The service's `/reward_allocation` fast path (Reputation's `RewardAllocationScanner`, the ingest's
/// scanner too): its numbers (Clinger, Eisel–Lemire, the `strtod` fallback, integer `uid`s) and
/// byte-compared member names give bit-for-bit what `JSONDecoder` gives, or defer to it.
@Suite struct AllocationFastPathNumberTests {
    static func fast(_ data: Data) -> RewardAllocation? { RewardAllocationScanner.scan(data, wrapped: false)?.allocation }

    /// The fast path's answer is `JSONDecoder`'s, or it defers (nil); never a body `JSONDecoder` refuses.
    static func expectAgreesOrDefers(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let data = Data(text.utf8)
        let slow = try? JSONDecoder().decode(RewardAllocation.self, from: data)
        if let fast = fast(data) {
            #expect(fast == slow, "fast path answered \(fast), JSONDecoder \(String(describing: slow))", sourceLocation: sourceLocation)
        }
    }

    /// Numbers chosen to break a careless converter: signed zeros, the edges of the exact fast path
    /// (2^53, 10^22), 16–20 digit mantissas, halfway cases, subnormals, the largest double.
    static let tricky = [
        "0", "-0", "0.0", "-0.0", "-0e5", "0e-400", "-0.000", "1", "-1", "0.5", "1.02", "0.0051", "-0.0051", "0.5051",
        "0.1", "0.2", "0.3", "0.30000000000000004", "1e22", "1e23", "-1e22", "1e-22", "1e-23", "1E+2", "7E-10",
        "123.456e-5", "3.14159e10", "123456789e22", "1.5e-21", "9007199254740991", "9007199254740992",
        "9007199254740993", "900719925474099.1", "900719925474098.9", "90071992547409.89", "123456789012345.6",
        "1234567890123456.7", "4503599627370497.5", "9007199254740993e-2", "99999999999999999999e-20",
        "12345678901234567890.5E+2", "0.12345678901234568", "2.2250738585072014e-308", "2.2250738585072011e-308",
        "5e-324", "4.9e-324", "1.7976931348623157e308", "8.98846567431158e307", "1.000000000000000000000000001",
        "0.000000000000000000000000000000000000001", "100000000000000000000000", "1e0", "1e-0", "1e+0", "12e000021",
    ]

    static func body(_ number: String) -> String {
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","uid":1,"base_reward":\#(number),"rep_score":\#(number),"rep_tier":"t","reputation_bonus":\#(number),"total_reward":\#(number)}],"signature":"s"}"#
    }

    @Test(arguments: tricky)
    func numbersAgreeBitForBitWithJSONDecoder(number: String) throws {
        let data = Data(Self.body(number).utf8)
        // Subnormal results are left to `JSONDecoder`; every other number is read on the fast path.
        let slowValue = try JSONDecoder().decode(RewardAllocation.self, from: data).miners[0].baseReward
        if slowValue != 0, abs(slowValue) < 0x1p-1022 {
            Self.expectAgreesOrDefers(Self.body(number))
            return
        }
        let fast = try #require(Self.fast(data), "fast path refused \(number)")
        let slow = try JSONDecoder().decode(RewardAllocation.self, from: data)
        let f = try #require(fast.miners.first), s = try #require(slow.miners.first)
        for (a, b) in [(f.baseReward, s.baseReward), (f.repScore, s.repScore), (f.reputationBonus, s.reputationBonus),
                       (f.totalReward, s.totalReward)] {
            #expect(a.bitPattern == b.bitPattern, "\(number): fast \(a) (\(a.bitPattern)), JSONDecoder \(b) (\(b.bitPattern))")
        }
    }

    @Test(arguments: ["0", "-0", "7", "-7", "9223372036854775807", "-999999999999999999", "9999999999999999999", "null"])
    func uidsAgreeWithJSONDecoder(uid: String) throws {
        let text = #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","uid":\#(uid),"base_reward":1,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#
        let fast = Self.fast(Data(text.utf8))
        let slow = try? JSONDecoder().decode(RewardAllocation.self, from: Data(text.utf8))
        if uid == "9999999999999999999" { // beyond Int: neither accepts it
            #expect(fast == nil && slow == nil)
        } else if uid.count <= 18 {       // longer integers are left to JSONDecoder
            #expect(fast != nil)
            #expect(fast?.miners.first?.uid == slow?.miners.first?.uid)
        } else {
            Self.expectAgreesOrDefers(text)
        }
    }

    /// Strings with escapes and non-ASCII text are left to `JSONDecoder` (or, were they read, read as it reads them).
    @Test(arguments: [
        #"{"validator_hotkey":"v\/w","miners":[{"miner_hotkey":"é\"m\\","uid":1,"base_reward":1,"rep_score":1,"rep_tier":"t\n\t\r\b\f","reputation_bonus":0,"total_reward":1}],"signature":"s","cycle_id":"日本"}"#,
        #"{"validator_hotkey":"🙂","miners":[],"signature":"a\/b","step_id":"","timestamp":null}"#,
    ])
    func stringsAgreeWithJSONDecoder(text: String) throws {
        Self.expectAgreesOrDefers(text)
    }

    /// `uid`s of 20 characters or more (even inside `Int`, like `-9223372036854775807`), malformed numbers, and member
    /// names written with escapes (which `JSONDecoder` would decode to a known or unknown name) are
    /// left to `JSONDecoder`.
    @Test(arguments: [
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","uid":9223372036854775808,"base_reward":1,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","uid":-9223372036854775807,"base_reward":1,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[],"signatur\u0065":"s"}"#,
        #"{"validator\/hotkey":"v","miners":[],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[],"signature":"s","cycle\u005fid":"c"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":1,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total\n_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":-,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":1e,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","base_reward":+1,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#,
    ])
    func defersToJSONDecoder(text: String) {
        Self.expectAgreesOrDefers(text)
        // Escaped or malformed member names and malformed numbers are never read on the fast path.
        if !text.contains("uid") { #expect(Self.fast(Data(text.utf8)) == nil) }
    }
}
