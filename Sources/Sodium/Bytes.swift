// Fixed-size byte values used on hot paths, so that point and scalar arithmetic allocates nothing.

/// Thirty-two bytes held inline (no heap allocation): a ristretto255 point encoding, a scalar,
/// an ed25519 public key or a hash.
///
/// Equality compares all bytes but is **not** constant time; use ``Sodium/constantTimeEqual(_:_:)``
/// or ``Bytes32/constantTimeEquals(_:)`` for secrets.
public struct Bytes32: Sendable, Hashable {
    @usableFromInline
    internal var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// All zero bytes.
    public static let zero = Bytes32()

    /// Creates a value with every byte zero.
    @inlinable
    public init() {}

    /// Creates a value from exactly 32 bytes, or returns `nil` for any other count.
    @inlinable
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        withUnsafeMutableBytes { out in
            var i = 0
            for b in bytes { out[i] = b; i += 1 }
        }
    }

    /// Creates a value from the first 32 bytes of a raw buffer.
    ///
    /// - Precondition: `buffer.count >= 32`.
    @inlinable
    public init(copying buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count >= 32, "Bytes32 needs 32 bytes, got \(buffer.count)")
        withUnsafeMutableBytes { out in out.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<32])) }
    }

    /// The 32 bytes as an array.
    @inlinable
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Reads or writes one byte.
    @inlinable
    public subscript(index: Int) -> UInt8 {
        get { withUnsafeBytes { $0[index] } }
        set { withUnsafeMutableBytes { $0[index] = newValue } }
    }

    /// Calls `body` with a read-only view of the 32 bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Calls `body` with a mutable view of the 32 bytes.
    @inlinable
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &storage, body)
    }

    /// Compares with another value in constant time.
    public func constantTimeEquals(_ other: Bytes32) -> Bool {
        let d = (storage.0 ^ other.storage.0) | (storage.1 ^ other.storage.1)
            | (storage.2 ^ other.storage.2) | (storage.3 ^ other.storage.3)
        return d == 0
    }
}

/// Sixty-four bytes held inline: a signature, a SHA-512 or BLAKE2b-512 digest, or a wide
/// scalar to be reduced modulo ℓ.
public struct Bytes64: Sendable, Hashable {
    @usableFromInline
    internal var storage: (Bytes32, Bytes32) = (Bytes32(), Bytes32())

    /// Creates a value with every byte zero.
    @inlinable
    public init() {}

    /// Creates a value from exactly 64 bytes, or returns `nil` for any other count.
    @inlinable
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 64 else { return nil }
        withUnsafeMutableBytes { out in
            var i = 0
            for b in bytes { out[i] = b; i += 1 }
        }
    }

    /// Creates a value from the first 64 bytes of a raw buffer.
    ///
    /// - Precondition: `buffer.count >= 64`.
    @inlinable
    public init(copying buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count >= 64, "Bytes64 needs 64 bytes, got \(buffer.count)")
        withUnsafeMutableBytes { out in out.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<64])) }
    }

    /// The first half (bytes 0..<32).
    @inlinable
    public var low: Bytes32 { get { storage.0 } set { storage.0 = newValue } }
    /// The second half (bytes 32..<64).
    @inlinable
    public var high: Bytes32 { get { storage.1 } set { storage.1 = newValue } }

    /// The 64 bytes as an array.
    @inlinable
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Reads or writes one byte.
    @inlinable
    public subscript(index: Int) -> UInt8 {
        get { withUnsafeBytes { $0[index] } }
        set { withUnsafeMutableBytes { $0[index] = newValue } }
    }

    /// Calls `body` with a read-only view of the 64 bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Calls `body` with a mutable view of the 64 bytes.
    @inlinable
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeMutableBytes(of: &storage, body)
    }
}

extension Bytes32 {
    /// Byte-wise equality (variable time).
    @inlinable
    public static func == (a: Bytes32, b: Bytes32) -> Bool {
        a.storage.0 == b.storage.0 && a.storage.1 == b.storage.1 && a.storage.2 == b.storage.2 && a.storage.3 == b.storage.3
    }

    /// Feeds the bytes to `hasher`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0); hasher.combine(storage.1); hasher.combine(storage.2); hasher.combine(storage.3)
    }
}

extension Bytes64 {
    /// Byte-wise equality (variable time).
    @inlinable
    public static func == (a: Bytes64, b: Bytes64) -> Bool { a.storage.0 == b.storage.0 && a.storage.1 == b.storage.1 }

    /// Feeds the bytes to `hasher`.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.0); hasher.combine(storage.1) }
}
