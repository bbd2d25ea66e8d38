import Foundation
import Testing
@testable import Simulation

struct PythonRoundingTests {
    @Test func tiesGoToEvenOnExactBinaryValues() {
        // 0.0078125 = 2^-7 is exactly 0.0078125; Python's round(x, 6) gives 0.007812 (tie to even).
        #expect(PythonRounding.round6(0.0078125) == 0.007812)
        // 0.0000005 is not exactly representable; its binary value is just below the tie → 0.0.
        #expect(PythonRounding.round6(0.0000005) == 0.0)
        // 2.5e-6 is stored just above the tie: Python gives 3e-06. 1.0000005 likewise rounds up.
        #expect(PythonRounding.round6(2.5e-6) == 3e-6)
        #expect(PythonRounding.round6(1.0000005) == 1.000001)
        #expect(PythonRounding.round6(0.1234565) == 0.123456)
        #expect(PythonRounding.round6(12.3429934) == 12.342993)
        #expect(PythonRounding.round6(-1.0000004) == -1.0)
    }

    @Test func fastPathAgreesWithExactFormatting() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let x = Double.random(in: -1000...1000, using: &rng) / Double([1, 10, 1000, 1e6][Int.random(in: 0..<4, using: &rng)])
            let exact = Double(String(format: "%.6f", x))!
            #expect(PythonRounding.round6(x) == exact, "x = \(x)")
        }
    }
}
