// STROBE-128 (v1.0.2) reduced to the operations Merlin uses: meta-AD, AD and PRF.

/// A STROBE-128 duplex over Keccak-f[1600] with rate 166, as Merlin transcripts use it.
///
/// Only the operations Merlin needs are implemented: `AD` and `meta-AD` (absorb) and `PRF`
/// (squeeze). Everything is inline in the value: copying a `Strobe128` forks the duplex.
public struct Strobe128: Sendable {
    /// STROBE operation flags.
    @usableFromInline static let flagI: UInt8 = 1
    @usableFromInline static let flagA: UInt8 = 2
    @usableFromInline static let flagC: UInt8 = 4
    @usableFromInline static let flagT: UInt8 = 8
    @usableFromInline static let flagM: UInt8 = 16
    @usableFromInline static let flagK: UInt8 = 32
    /// The rate R = 200 − 128/4 − 2.
    @usableFromInline static let rate = 166

    @usableFromInline var state = KeccakState()
    @usableFromInline var position = 0
    @usableFromInline var positionBegin = 0
    @usableFromInline var currentFlags: UInt8 = 0

    /// Initialises STROBE-128 and absorbs `protocolLabel` as meta-AD.
    public init(protocolLabel: UnsafeRawBufferPointer) {
        state.withUnsafeMutableBytes { s in
            // 1, R + 2, 1, 0, 1, 96 (cSHAKE-style framing), then the version string.
            s[0] = 1; s[1] = UInt8(Strobe128.rate + 2); s[2] = 1; s[3] = 0; s[4] = 1; s[5] = 96
            let version: StaticString = "STROBEv1.0.2"
            for i in 0..<12 { s[6 + i] = version.utf8Start[i] }
        }
        state.permute()
        metaAD(protocolLabel, more: false)
    }

    /// `meta-AD`: absorbs framing data (flags M|A).
    @inlinable
    public mutating func metaAD(_ data: UnsafeRawBufferPointer, more: Bool) {
        beginOperation(Strobe128.flagM | Strobe128.flagA, more: more)
        absorb(data)
    }

    /// `AD`: absorbs associated data (flag A).
    @inlinable
    public mutating func ad(_ data: UnsafeRawBufferPointer, more: Bool) {
        beginOperation(Strobe128.flagA, more: more)
        absorb(data)
    }

    /// `PRF`: squeezes `output.count` pseudo-random bytes (flags I|A|C).
    @inlinable
    public mutating func prf(into output: UnsafeMutableRawBufferPointer, more: Bool) {
        beginOperation(Strobe128.flagI | Strobe128.flagA | Strobe128.flagC, more: more)
        squeeze(into: output)
    }

    /// Zeroes the duplex state (for transcripts that saw secrets).
    public mutating func wipe() {
        state.wipe()
        position = 0
        positionBegin = 0
        currentFlags = 0
    }

    // MARK: - Duplex internals

    @inlinable
    mutating func beginOperation(_ flags: UInt8, more: Bool) {
        if more {
            precondition(flags == currentFlags, "STROBE: continued operation with different flags")
            return
        }
        precondition(flags & Strobe128.flagT == 0, "STROBE: transport operations are not supported")
        let old = UInt8(truncatingIfNeeded: positionBegin)
        positionBegin = position + 1
        currentFlags = flags
        absorbByte(old)
        absorbByte(flags)
        let forceF = flags & (Strobe128.flagC | Strobe128.flagK) != 0
        if forceF && position != 0 { runF() }
    }

    @inlinable
    mutating func absorbByte(_ byte: UInt8) {
        let pos = position
        state.withUnsafeMutableBytes { $0[pos] ^= byte }
        position = pos + 1
        if position == Strobe128.rate { runF() }
    }

    @inlinable
    mutating func absorb(_ data: UnsafeRawBufferPointer) {
        var index = 0
        let count = data.count
        while index < count {
            let pos = position
            let n = min(Strobe128.rate - pos, count - index)
            state.withUnsafeMutableBytes { s in
                for j in 0..<n { s[pos + j] ^= data[index + j] }
            }
            index += n
            position = pos + n
            if position == Strobe128.rate { runF() }
        }
    }

    @inlinable
    mutating func squeeze(into output: UnsafeMutableRawBufferPointer) {
        var index = 0
        let count = output.count
        while index < count {
            let pos = position
            let n = min(Strobe128.rate - pos, count - index)
            state.withUnsafeMutableBytes { s in
                for j in 0..<n {
                    output[index + j] = s[pos + j]
                    s[pos + j] = 0
                }
            }
            index += n
            position = pos + n
            if position == Strobe128.rate { runF() }
        }
    }

    @inlinable
    mutating func runF() {
        let pos = position
        let begin = UInt8(truncatingIfNeeded: positionBegin)
        state.withUnsafeMutableBytes { s in
            s[pos] ^= begin
            s[pos + 1] ^= 0x04
            s[Strobe128.rate + 1] ^= 0x80
        }
        state.permute()
        position = 0
        positionBegin = 0
    }
}
