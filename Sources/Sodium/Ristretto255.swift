// The ristretto255 group (RFC 9496) from libsodium: what sr25519 (Schnorrkel) needs.

internal import CSodium

/// ristretto255 point and scalar arithmetic.
///
/// Points and scalars are 32-byte encodings held inline in ``Bytes32``, so none of these
/// calls allocates. Scalars are little-endian integers modulo the group order
/// ℓ = 2^252 + 27742317777372353535851937790883648493.
///
/// Operations that libsodium refuses (an invalid point encoding, or a scalar multiplication
/// whose result is the identity) return `nil`.
public enum Ristretto255 {
    /// The group order ℓ, little-endian.
    public static let order: Bytes32 = Bytes32([
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ])!

    /// `true` when `point` is the canonical encoding of a ristretto255 group element.
    @inlinable
    public static func isValidPoint(_ point: Bytes32) -> Bool {
        point.withUnsafeBytes { p in _isValidPoint(p.baseAddress!) }
    }

    /// `scalar · B` for the standard base point, or `nil` when the result is the identity (scalar ≡ 0).
    @inlinable
    public static func scalarMultiplyBase(_ scalar: Bytes32) -> Bytes32? {
        var out = Bytes32()
        let ok = out.withUnsafeMutableBytes { o in
            scalar.withUnsafeBytes { n in _scalarMultBase(o.baseAddress!, n.baseAddress!) }
        }
        return ok ? out : nil
    }

    /// `scalar · point` (constant time), or `nil` when `point` is not a valid encoding or the result is the identity.
    @inlinable
    public static func scalarMultiply(_ scalar: Bytes32, _ point: Bytes32) -> Bytes32? {
        var out = Bytes32()
        let ok = out.withUnsafeMutableBytes { o in
            scalar.withUnsafeBytes { n in
                point.withUnsafeBytes { p in _scalarMult(o.baseAddress!, n.baseAddress!, p.baseAddress!) }
            }
        }
        return ok ? out : nil
    }

    /// `p + q`, or `nil` when either is not a valid encoding.
    @inlinable
    public static func add(_ p: Bytes32, _ q: Bytes32) -> Bytes32? {
        var out = Bytes32()
        let ok = out.withUnsafeMutableBytes { o in
            p.withUnsafeBytes { a in q.withUnsafeBytes { b in _add(o.baseAddress!, a.baseAddress!, b.baseAddress!) } }
        }
        return ok ? out : nil
    }

    /// `p − q`, or `nil` when either is not a valid encoding.
    @inlinable
    public static func subtract(_ p: Bytes32, _ q: Bytes32) -> Bytes32? {
        var out = Bytes32()
        let ok = out.withUnsafeMutableBytes { o in
            p.withUnsafeBytes { a in q.withUnsafeBytes { b in _sub(o.baseAddress!, a.baseAddress!, b.baseAddress!) } }
        }
        return ok ? out : nil
    }

    /// Reduces a 64-byte little-endian integer modulo ℓ.
    @inlinable
    public static func reduce(_ wide: Bytes64) -> Bytes32 {
        var out = Bytes32()
        out.withUnsafeMutableBytes { o in wide.withUnsafeBytes { w in _reduce(o.baseAddress!, w.baseAddress!) } }
        return out
    }

    /// `(x + y) mod ℓ`.
    @inlinable
    public static func scalarAdd(_ x: Bytes32, _ y: Bytes32) -> Bytes32 {
        var out = Bytes32()
        out.withUnsafeMutableBytes { o in
            x.withUnsafeBytes { a in y.withUnsafeBytes { b in _scalarAdd(o.baseAddress!, a.baseAddress!, b.baseAddress!) } }
        }
        return out
    }

    /// `(x · y) mod ℓ`.
    @inlinable
    public static func scalarMultiply(scalar x: Bytes32, by y: Bytes32) -> Bytes32 {
        var out = Bytes32()
        out.withUnsafeMutableBytes { o in
            x.withUnsafeBytes { a in y.withUnsafeBytes { b in _scalarMul(o.baseAddress!, a.baseAddress!, b.baseAddress!) } }
        }
        return out
    }

    /// `(−x) mod ℓ`.
    @inlinable
    public static func scalarNegate(_ x: Bytes32) -> Bytes32 {
        var out = Bytes32()
        out.withUnsafeMutableBytes { o in x.withUnsafeBytes { a in _scalarNegate(o.baseAddress!, a.baseAddress!) } }
        return out
    }

    /// `true` when the little-endian integer `scalar` is less than ℓ (a canonical scalar encoding).
    ///
    /// Runs in variable time: use it on public values (signature components) only.
    public static func isCanonicalScalar(_ scalar: Bytes32) -> Bool {
        scalar.withUnsafeBytes { s in
            order.withUnsafeBytes { l in
                var i = 31
                while i >= 0 {
                    if s[i] < l[i] { return true }
                    if s[i] > l[i] { return false }
                    i -= 1
                }
                return false // equal to ℓ
            }
        }
    }

    // MARK: - Thin, non-inlinable bridges (keep the C module out of the inlinable surface)

    @usableFromInline static func _isValidPoint(_ p: UnsafeRawPointer) -> Bool {
        Sodium.initialize()
        return crypto_core_ristretto255_is_valid_point(p.assumingMemoryBound(to: UInt8.self)) == 1
    }

    @usableFromInline static func _scalarMultBase(_ q: UnsafeMutableRawPointer, _ n: UnsafeRawPointer) -> Bool {
        Sodium.initialize()
        return crypto_scalarmult_ristretto255_base(q.assumingMemoryBound(to: UInt8.self), n.assumingMemoryBound(to: UInt8.self)) == 0
    }

    @usableFromInline static func _scalarMult(_ q: UnsafeMutableRawPointer, _ n: UnsafeRawPointer, _ p: UnsafeRawPointer) -> Bool {
        Sodium.initialize()
        return crypto_scalarmult_ristretto255(
            q.assumingMemoryBound(to: UInt8.self), n.assumingMemoryBound(to: UInt8.self), p.assumingMemoryBound(to: UInt8.self)) == 0
    }

    @usableFromInline static func _add(_ r: UnsafeMutableRawPointer, _ p: UnsafeRawPointer, _ q: UnsafeRawPointer) -> Bool {
        Sodium.initialize()
        return crypto_core_ristretto255_add(
            r.assumingMemoryBound(to: UInt8.self), p.assumingMemoryBound(to: UInt8.self), q.assumingMemoryBound(to: UInt8.self)) == 0
    }

    @usableFromInline static func _sub(_ r: UnsafeMutableRawPointer, _ p: UnsafeRawPointer, _ q: UnsafeRawPointer) -> Bool {
        Sodium.initialize()
        return crypto_core_ristretto255_sub(
            r.assumingMemoryBound(to: UInt8.self), p.assumingMemoryBound(to: UInt8.self), q.assumingMemoryBound(to: UInt8.self)) == 0
    }

    @usableFromInline static func _reduce(_ r: UnsafeMutableRawPointer, _ s: UnsafeRawPointer) {
        Sodium.initialize()
        crypto_core_ristretto255_scalar_reduce(r.assumingMemoryBound(to: UInt8.self), s.assumingMemoryBound(to: UInt8.self))
    }

    @usableFromInline static func _scalarAdd(_ z: UnsafeMutableRawPointer, _ x: UnsafeRawPointer, _ y: UnsafeRawPointer) {
        Sodium.initialize()
        crypto_core_ristretto255_scalar_add(
            z.assumingMemoryBound(to: UInt8.self), x.assumingMemoryBound(to: UInt8.self), y.assumingMemoryBound(to: UInt8.self))
    }

    @usableFromInline static func _scalarMul(_ z: UnsafeMutableRawPointer, _ x: UnsafeRawPointer, _ y: UnsafeRawPointer) {
        Sodium.initialize()
        crypto_core_ristretto255_scalar_mul(
            z.assumingMemoryBound(to: UInt8.self), x.assumingMemoryBound(to: UInt8.self), y.assumingMemoryBound(to: UInt8.self))
    }

    @usableFromInline static func _scalarNegate(_ z: UnsafeMutableRawPointer, _ x: UnsafeRawPointer) {
        Sodium.initialize()
        crypto_core_ristretto255_scalar_negate(z.assumingMemoryBound(to: UInt8.self), x.assumingMemoryBound(to: UInt8.self))
    }
}
