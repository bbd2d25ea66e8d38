// The 1600-bit Keccak state, held inline (no heap allocation).

#if _endian(big)
#error("KeccakState maps lanes to bytes assuming a little-endian host")
#endif

/// The Keccak-f[1600] state: 25 little-endian 64-bit lanes (200 bytes), stored inline.
///
/// Lane `x + 5·y` holds bytes `8·(x + 5·y) ..< 8·(x + 5·y) + 8` of the byte view, as FIPS 202
/// and STROBE lay them out. The permutation is in `KeccakF1600+Unrolled.swift`.
public struct KeccakState: Sendable {
    /// The 25 lanes.
    @usableFromInline
    internal var lanes: (
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64
    ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The all-zero state.
    @inlinable
    public init() {}

    /// Creates a state from 25 lanes.
    public init(lanes values: [UInt64]) {
        precondition(values.count == 25, "Keccak state needs 25 lanes")
        withUnsafeMutableLanes { for i in 0..<25 { $0[i] = values[i] } }
    }

    /// The 25 lanes as an array (for tests and debugging).
    public var laneArray: [UInt64] {
        Swift.withUnsafeBytes(of: lanes) { Array($0.bindMemory(to: UInt64.self)) }
    }

    /// Calls `body` with the 200 state bytes.
    @inlinable
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &lanes, body)
    }

    /// Calls `body` with the 200 state bytes, read only.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: lanes, body)
    }

    /// Calls `body` with the 25 lanes.
    @inlinable
    public mutating func withUnsafeMutableLanes<R>(_ body: (UnsafeMutablePointer<UInt64>) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutablePointer(to: &lanes) { tuple in
            try tuple.withMemoryRebound(to: UInt64.self, capacity: 25, body)
        }
    }

    /// Overwrites the state with zeros (for states that absorbed secrets).
    @inlinable
    public mutating func wipe() {
        lanes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }
}

/// SHA3-256 built on ``KeccakState`` (rate 136, domain padding 0x06). Used to test the
/// permutation against the FIPS 202 known answers; the package hashes with libsodium otherwise.
enum SHA3_256 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        let rate = 136
        var state = KeccakState()
        var block = [UInt8](repeating: 0, count: rate)
        var offset = 0
        while true {
            let n = min(rate, message.count - offset)
            for i in 0..<rate { block[i] = 0 }
            for i in 0..<n { block[i] = message[offset + i] }
            if n < rate {
                block[n] ^= 0x06
                block[rate - 1] ^= 0x80
            }
            state.withUnsafeMutableBytes { s in for i in 0..<rate { s[i] ^= block[i] } }
            state.permute()
            offset += n
            if n < rate { break }
        }
        return state.withUnsafeBytes { Array($0[0..<32]) }
    }
}
