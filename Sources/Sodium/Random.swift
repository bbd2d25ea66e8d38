// Random bytes from libsodium's CSPRNG (getrandom(2) on Linux).

internal import CSodium

/// Cryptographically secure random bytes.
public enum Random {
    /// Returns `count` random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "negative random byte count")
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        Sodium.initialize()
        if let base = buffer.baseAddress, buffer.count > 0 { randombytes_buf(base, buffer.count) }
    }

    /// Thirty-two random bytes held inline.
    public static func bytes32() -> Bytes32 {
        var out = Bytes32()
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }
}
