import Foundation
import Reputation
@testable import ReputationService
import Testing

/// The allocation fast path's numbers (``ShortDecimal``, the `strtod` fallback, integer `uid`s) and
/// byte-compared member names give bit-for-bit what `JSONDecoder` gives, or defer to it.
@Suite struct PlainRequestParserNumberTests {
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
        let fast = try #require(PlainRequestParser.rewardAllocation(data), "fast path refused \(number)")
        let slow = try JSONDecoder().decode(RewardAllocation.self, from: data)
        let f = try #require(fast.miners.first), s = try #require(slow.miners.first)
        for (a, b) in [(f.baseReward, s.baseReward), (f.repScore, s.repScore), (f.reputationBonus, s.reputationBonus),
                       (f.totalReward, s.totalReward)] {
            #expect(a.bitPattern == b.bitPattern, "\(number): fast \(a) (\(a.bitPattern)), JSONDecoder \(b) (\(b.bitPattern))")
        }
    }

    /// The exact path against `strtod` on many generated decimals: 1–18 digits, the point anywhere,
    /// exponents −30…30 (a fixed-seed generator, so every run checks the same inputs).
    @Test func fastDecimalMatchesStrtodEverywhereItApplies() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 11
        }
        var applied = 0
        for _ in 0..<40_000 {
            let count = Int(next() % 18) + 1
            var digits = (0..<count).map { _ in Character(String(next() % 10)) }
            if digits.count > 1, digits[0] == "0" { digits[0] = "1" }
            var text = String(digits)
            if count > 1, next() % 2 == 0 {
                let point = Int(next() % UInt64(count - 1)) + 1
                text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            }
            if next() % 2 == 0 { text += "e" + String(Int(next() % 61) - 30) }
            if next() % 4 == 0 { text = "-" + text }
            let exact = Array(text.utf8).withUnsafeBufferPointer { ShortDecimal.value($0) }
            guard let exact else { continue }
            applied += 1
            let reference = strtod(text, nil)
            #expect(exact.bitPattern == reference.bitPattern, "\(text): fast \(exact), strtod \(reference)")
        }
        #expect(applied > 10_000) // the fast path is actually exercised
    }

    @Test(arguments: ["0", "-0", "7", "-7", "9223372036854775807", "-999999999999999999", "9999999999999999999", "null"])
    func uidsAgreeWithJSONDecoder(uid: String) throws {
        let text = #"{"validator_hotkey":"v","miners":[{"miner_hotkey":"m","uid":\#(uid),"base_reward":1,"rep_score":1,"rep_tier":"t","reputation_bonus":0,"total_reward":1}],"signature":"s"}"#
        let fast = PlainRequestParser.rewardAllocation(Data(text.utf8))
        let slow = try? JSONDecoder().decode(RewardAllocation.self, from: Data(text.utf8))
        if uid == "9999999999999999999" { // beyond Int: neither accepts it
            #expect(fast == nil && slow == nil)
        } else {
            #expect(fast != nil)
            #expect(fast?.miners.first?.uid == slow?.miners.first?.uid)
        }
    }

    /// Strings with escapes and non-ASCII text decode as `JSONDecoder` decodes them.
    @Test(arguments: [
        #"{"validator_hotkey":"v\/w","miners":[{"miner_hotkey":"é\"m\\","uid":1,"base_reward":1,"rep_score":1,"rep_tier":"t\n\t\r\b\f","reputation_bonus":0,"total_reward":1}],"signature":"s","cycle_id":"日本"}"#,
        #"{"validator_hotkey":"🙂","miners":[],"signature":"a\/b","step_id":"","timestamp":null}"#,
    ])
    func stringsAgreeWithJSONDecoder(text: String) throws {
        let fast = try #require(PlainRequestParser.rewardAllocation(Data(text.utf8)))
        let slow = try JSONDecoder().decode(RewardAllocation.self, from: Data(text.utf8))
        #expect(fast == slow)
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
        #expect(PlainRequestParser.rewardAllocation(Data(text.utf8)) == nil)
    }
}
