import Foundation
@testable import Reputation
@testable import ReputationStore
import Testing

/// The scanner's number conversion (Clinger's fast path, then ``EiselLemire``, then `strtod`) gives the
/// double `strtod` and `Double(String)` give, bit for bit, on random and hard inputs.
@Suite("Eisel–Lemire and the scanner's doubles agree with strtod")
struct EiselLemireTests {
    /// `strtod`'s reading of `text`, checked against `Double(String)` (both round correctly).
    func reference(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        let v = text.withCString { strtod($0, nil) }
        let swift = Double(text)
        #expect(swift?.bitPattern == v.bitPattern, "strtod and Double(String) differ on \(text)", sourceLocation: sourceLocation)
        return v
    }

    /// The scanner's reading of `text` as a JSON number member value (followed by `,`), or nil when it gives up.
    func scanned(_ text: String) -> Double? {
        let bytes = Array((text + ",").utf8)
        return bytes.withUnsafeBufferPointer { b -> Double? in
            var cursor = RewardAllocationScanner.Cursor(p: b.baseAddress!, end: b.baseAddress! + b.count)
            guard let v = cursor.double() else { return nil }
            return cursor.p == b.baseAddress! + b.count - 1 ? v : nil
        }
    }

    /// `text` = mantissa × 10^exponent written as JSON: the digits, then `e` and the exponent.
    func json(_ mantissa: UInt64, _ exponent: Int, negative: Bool = false) -> String {
        (negative ? "-" : "") + "\(mantissa)e\(exponent)"
    }

    /// Checks one number through both the bare algorithm and the scanner. Returns whether Eisel–Lemire answered.
    @discardableResult
    func check(_ mantissa: UInt64, _ exponent: Int, negative: Bool = false,
               sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let text = json(mantissa, exponent, negative: negative)
        let want = reference(text, sourceLocation: sourceLocation)
        let fast = EiselLemire.double(mantissa: mantissa, exponent: exponent, negative: negative)
        if let fast {
            #expect(fast.bitPattern == want.bitPattern, "Eisel–Lemire: \(text) gave \(fast), strtod \(want)",
                    sourceLocation: sourceLocation)
            #expect(want.isNormal || want == 0, "Eisel–Lemire answered \(text) outside the normal range",
                    sourceLocation: sourceLocation)
        }
        checkScanned(text, sourceLocation: sourceLocation)
        return fast != nil
    }

    /// The scanner gives strtod's double for every finite normal value (and zero), and gives up on the rest.
    func checkScanned(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let want = reference(text, sourceLocation: sourceLocation)
        let got = scanned(text)
        let digits = text.prefix { $0 != "e" && $0 != "E" }
        if want.isNormal || (want == 0 && !digits.contains(where: { "123456789".contains($0) })) {
            #expect(got?.bitPattern == want.bitPattern, "scanner: \(text) gave \(String(describing: got)), strtod \(want)",
                    sourceLocation: sourceLocation)
        } else if let got {
            // Zero from non-zero digits, subnormal or infinite: the scanner leaves those to JSONDecoder.
            Issue.record("scanner read \(text) as \(got); strtod gives \(want), which it should leave to JSONDecoder",
                         sourceLocation: sourceLocation)
        }
    }

    @Test("the power-of-five table: exact where 5^q fits, truncated elsewhere, top bit set")
    func table() {
        #expect(PowersOfFive.table.count == PowersOfFive.range.count)
        for (i, entry) in PowersOfFive.table.enumerated() {
            #expect(entry.high >> 63 == 1, "entry \(i) is not normalized")
        }
        // 5^0 = 1 = 2^127 × 2^-127; 5^1 = 5 = 0b101 << 125 × 2^-125; 5^-1 = ⌊2^130 / 5⌋ truncated = 0xCCCC…CCCC × 2^-130.
        let zero = PowersOfFive.table[0 - PowersOfFive.range.lowerBound]
        #expect(zero.high == 1 << 63 && zero.low == 0 && zero.binaryExponent == -127)
        let one = PowersOfFive.table[1 - PowersOfFive.range.lowerBound]
        #expect(one.high == 0b101 << 61 && one.low == 0 && one.binaryExponent == -125)
        let minusOne = PowersOfFive.table[-1 - PowersOfFive.range.lowerBound]
        #expect(minusOne.high == 0xCCCC_CCCC_CCCC_CCCC && minusOne.low == 0xCCCC_CCCC_CCCC_CCCC && minusOne.binaryExponent == -130)
        // 5^55 < 2^128 is the last exact entry: its low bits are 5^55's own.
        let last = PowersOfFive.table[55 - PowersOfFive.range.lowerBound]
        var power = [UInt64(1)]
        for _ in 0..<55 { PowersOfFive.multiply(&power, by: 5) }
        #expect(power.count == 2 && last.binaryExponent == 0 && last.high == power[1] && last.low == power[0])
        // 5^q × 5^-q ≈ 1 for every pair in range: the products' significands multiply to just under 2^254 or 2^255.
        for q in 1...308 {
            let a = PowersOfFive.table[q - PowersOfFive.range.lowerBound], b = PowersOfFive.table[-q - PowersOfFive.range.lowerBound]
            #expect(a.binaryExponent + b.binaryExponent == -255 || a.binaryExponent + b.binaryExponent == -254, "q = \(q)")
        }
    }

    @Test("familiar and edge values: 0.1-style, 17-digit, powers of ten, the ends of the normal range")
    func edges() {
        let texts = ["0.1", "0.2", "0.3", "0.7", "1.05", "0.9450000000000001", "0.04500000000000004", "0.9923999999999999",
                     "0.30000000000000004", "1e22", "1e23", "9007199254740993", "9007199254740992", "9007199254740995",
                     "18014398509481993", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
                     "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072012e-308", "2.225073858507201e-308",
                     "4.9406564584124654e-324", "1e-310", "5e-324", "1e-400", "0e-400", "-0.0", "0", "-0", "1e999", "123456789012345678",
                     "1234567890123456789", "12345678901234567890", "0.000000000000000000000000000001", "3.141592653589793",
                     "2.718281828459045", "7.038531e-26", "8.98846567431158e307", "4.35679556e-320", "1e-22", "1e-23",
                     "9999999999999999999", "18446744073709551615e-30", "0.1e1", "100e-2", "1.00000000000000011102230246251565",
                     "1.0000000000000002220446049250313", "2.5e-1", "-1.5e+3", "6.0221407600000001e23", "1.7e-308"]
        for text in texts { checkScanned(text) }
    }

    @Test("random 17–19 digit mantissas over every exponent; Eisel–Lemire answers almost all normal ones")
    func random() {
        var rng = SystemRandomNumberGenerator()
        var answered = 0, normal = 0
        for round in 0..<60_000 {
            let digits = [17, 18, 19, 16, 1 + Int(rng.next() % 19)][round % 5]
            var mantissa = UInt64(1 + rng.next() % 9)
            for _ in 1..<digits { mantissa = mantissa * 10 + rng.next() % 10 }
            let exponent = round % 3 == 0 ? Int(rng.next() % 60) - 40 : Int(rng.next() % 700) - 360
            let negative = rng.next() % 4 == 0
            if check(mantissa, exponent, negative: negative) { answered += 1 }
            if reference(json(mantissa, exponent)).isNormal { normal += 1 }
        }
        #expect(answered > normal * 99 / 100, "Eisel–Lemire answered \(answered) of \(normal) normal values")
        // Random doubles printed in full (17 significant digits, as the service's values often are) and shortest.
        for _ in 0..<20_000 {
            let d = Double(bitPattern: rng.next() % 0x7FF0_0000_0000_0000)
            checkScanned(String(format: "%.16e", d))
            checkScanned("\(d)")
            checkScanned("\(Double.random(in: 0..<2, using: &rng))")
        }
    }

    @Test("exact halfway values between two doubles and their neighbours round to even")
    func halfway() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            // o with 54 significant bits and its last bit set is halfway between two doubles; so is o × 2^k.
            let o = (1 << 53) | rng.next() % (1 << 53) | 1
            for k in 0...9 where o.leadingZeroBitCount > k {  // o × 2^k as an integer below 2^64
                let n = o << UInt64(k)
                if n < 10_000_000_000_000_000_000 {
                    check(n, 0)
                    check(n - 1, 0)
                    check(n + 1, 0)
                }
            }
            // o × 2^−n = (o × 5^n) × 10^−n: exact halfway values with a negative decimal exponent.
            var w = o
            for n in 1...4 {
                guard w.multipliedReportingOverflow(by: 5).overflow == false else { break }
                w *= 5
                guard w < 10_000_000_000_000_000_000 else { break }
                check(w, -n)
                check(w - 1, -n)
                check(w + 1, -n)
            }
            // o × 2^k with o a multiple of 5^j: (o / 5^j × 2^(k−j)) × 10^j, a halfway value with a positive exponent.
            let r = (o / 125) | 1
            let o5 = r * 125
            if o5 >> 53 == 1 {
                for k in 3...8 {
                    let m = r << UInt64(k - 3)
                    check(m, 3)
                    check(m + 1, 3)
                    check(m - 1, 3)
                }
            }
        }
    }

    @Test("allocation files of hard numbers read the same through the scanner and JSONDecoder")
    func files() throws {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<20 {
            var miners: [String] = []
            for m in 0..<64 {
                func number() -> String {
                    switch rng.next() % 5 {
                    case 0: return "\(Double.random(in: 0..<1, using: &rng))"
                    case 1: return String(format: "%.17g", Double.random(in: 0..<1000, using: &rng))
                    case 2: return "\(rng.next() % 10_000_000_000_000_000_000)e\(Int(rng.next() % 40) - 30)"
                    case 3: return "\((1 << 53 | rng.next() % (1 << 53) | 1) * 5)e-1"
                    default: return "0.\(rng.next() % 1_000_000_000_000_000_000)"
                    }
                }
                miners.append("{\"miner_hotkey\":\"\(Hotkeys.make("miner", m))\",\"uid\":\(m),\"base_reward\":\(number()),"
                              + "\"rep_score\":\(number()),\"rep_tier\":\"Gold\",\"reputation_bonus\":-\(number()),"
                              + "\"total_reward\":\(number())}")
            }
            let body = "{\"validator_hotkey\":\"\(Hotkeys.make("validator", round))\",\"signature\":\"s\",\"cycle_id\":\"C1\","
                + "\"miners\":[\(miners.joined(separator: ","))]}"
            try RewardAllocationScannerTests().expectSame(body)
        }
    }
}
