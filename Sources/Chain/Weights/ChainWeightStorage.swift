/// What the chain does to a weight vector when `set_weights` stores it (subtensor 14bc6f9f9,
/// `subnets/weights.rs` step 14, `vec_u16_max_upscale_to_u16` in `epoch/math.rs`), in its fixed point.
public enum ChainWeightStorage {
    /// Max-upscales u16 weights so the largest becomes 65535: each value `e` becomes
    /// `round(e × 65535 / max)` (I32F32; ties away from zero; the quotient `65535 / max` is formed
    /// first when `max > 32768`, as subtensor does). Zeros stay (the chain stores them).
    public static func maxUpscale(_ values: [UInt16]) -> [UInt16] {
        let fixed = values.map { I32F32(integer: Int64($0)) }
        guard let maxValue = fixed.max() else { return [] }
        if maxValue == .zero { return values.map { _ in 0 } }
        if maxValue > I32F32(integer: 32768) {
            let scale = I32F32.safeDiv(.u16Max, maxValue)
            return fixed.map { I32F32.saturatingMul($0, scale).roundedAwayFromZero.saturatingU16 }
        }
        return fixed.map { I32F32.safeDiv(I32F32.saturatingMul($0, .u16Max), maxValue).roundedAwayFromZero.saturatingU16 }
    }
}
