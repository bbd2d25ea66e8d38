// Secret bytes that are zeroed when no longer needed.

internal import CSodium

/// A fixed-length buffer for secret material (seeds, private scalars, nonces) that is zeroed
/// by ``wipe()`` and, at the latest, when the last reference goes away.
///
/// The bytes live in one heap allocation owned by this object and are never copied by the
/// type itself: reading them goes through ``withUnsafeBytes(_:)``. The memory is locked
/// against swapping when the system allows it (`sodium_mlock`, best effort).
///
/// > Warning: ``array`` and any copy a caller makes leave this type's protection. Prefer the
/// > closure accessors.
public final class SecureBytes: @unchecked Sendable {
    // @unchecked Sendable: the pointer is allocated once in init and freed once in deinit. The bytes
    // are written only by the initialisers (before the object is shared) and by `wipe()` /
    // `withUnsafeMutableBytes`, whose documentation forbids calling them while other threads read.
    private let pointer: UnsafeMutableRawPointer
    /// The number of bytes.
    public let count: Int

    /// Creates a buffer of `count` zero bytes.
    public init(zeroedCount count: Int) {
        Sodium.initialize()
        precondition(count >= 0, "negative SecureBytes count")
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
        _ = sodium_mlock(pointer, max(count, 1))
    }

    /// Creates a buffer holding a copy of `bytes`. The caller remains responsible for its own copy.
    public convenience init(copying bytes: some Collection<UInt8>) {
        self.init(zeroedCount: bytes.count)
        withUnsafeMutableBytes { out in
            var i = 0
            for b in bytes { out[i] = b; i += 1 }
        }
    }

    /// Creates a buffer from `bytes` and zeroes the caller's array.
    public convenience init(taking bytes: inout [UInt8]) {
        self.init(copying: bytes)
        Sodium.wipe(&bytes)
    }

    /// Creates a buffer of `count` bytes from libsodium's random generator.
    public convenience init(randomCount count: Int) {
        self.init(zeroedCount: count)
        withUnsafeMutableBytes { Random.fill($0) }
    }

    deinit {
        sodium_munlock(pointer, max(count, 1)) // zeroes the memory as well
        sodium_memzero(pointer, max(count, 1))
        pointer.deallocate()
    }

    /// Zeroes every byte now. The count does not change.
    public func wipe() {
        sodium_memzero(pointer, max(count, 1))
    }

    /// `true` when every byte is zero (for example after ``wipe()``). Runs in constant time.
    public var isZero: Bool {
        sodium_is_zero(pointer.assumingMemoryBound(to: UInt8.self), count) == 1
    }

    /// Calls `body` with a read-only view of the secret bytes. Do not let the pointer escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Calls `body` with a writable view of the secret bytes. Do not call while another thread reads.
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// A new `SecureBytes` holding `range` of these bytes.
    public func slice(_ range: Range<Int>) -> SecureBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "SecureBytes slice out of range")
        return withUnsafeBytes { SecureBytes(copying: UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Compares with another buffer in constant time (lengths are not secret).
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return sodium_memcmp(pointer, other.pointer, count) == 0
    }

    /// Compares with plain bytes in constant time (lengths are not secret).
    public func constantTimeEquals(_ other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return other.withUnsafeBytes { sodium_memcmp(pointer, $0.baseAddress!, count) == 0 }
    }

    /// A plain copy of the bytes. The copy is not protected; wipe it with ``Sodium/wipe(_:)-(inout_[UInt8])``.
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }
}

extension SecureBytes: CustomStringConvertible {
    /// Never shows the secret: `SecureBytes(32 bytes)`.
    public var description: String { "SecureBytes(\(count) bytes)" }
}
