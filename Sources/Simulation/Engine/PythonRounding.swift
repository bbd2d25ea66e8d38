import Foundation

/// Python's `round(x, 6)`: the exact binary value rounded to 6 decimals, ties to even.
///
/// The reference rounds every reported number this way, and feeds rounded rewards back into
/// running totals, so parity needs the same rounding, not `(x * 1e6).rounded() / 1e6`.
public enum PythonRounding {
    /// `round(x, 6)` as CPython computes it (decimal rounding of the exact value, ties to even,
    /// then the nearest double).
    ///
    /// A fast path decides the integer `n = round(x·10⁶)` from the floating-point product when
    /// that product is far enough from a half-integer that its own rounding error cannot change
    /// the answer; `n / 10⁶` is then the correctly rounded quotient, which is what CPython returns.
    /// Every other case goes through glibc's exact `%.6f` formatting.
    @inlinable
    public static func round6(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        let y = x * 1e6
        if abs(y) < 4.0e15 {
            let n = y.rounded(.toNearestOrEven)
            let distanceToHalf = 0.5 - abs(y - n)
            if distanceToHalf > 2 * y.ulp { return n / 1e6 }
        }
        return _exactRound6(x)
    }
}

/// The slow, exact path of ``PythonRounding/round6(_:)``.
@usableFromInline
func _exactRound6(_ x: Double) -> Double {
    Double(String(format: "%.6f", x)) ?? x
}
