// Ed25519 (RFC 8032) signatures through libsodium's crypto_sign.

internal import CSodium

/// Ed25519 key pairs, signing and verification.
public enum Ed25519 {
    /// Public key length, 32 bytes.
    public static let publicKeyLength = 32
    /// Seed length, 32 bytes.
    public static let seedLength = 32
    /// libsodium secret key length (seed ‖ public key), 64 bytes.
    public static let secretKeyLength = 64
    /// Signature length, 64 bytes.
    public static let signatureLength = 64

    /// Derives a key pair from a 32-byte seed.
    ///
    /// - Returns: The public key and the 64-byte libsodium secret key (seed ‖ public key),
    ///   which stays in ``SecureBytes``.
    public static func keyPair(seed: SecureBytes) -> (publicKey: [UInt8], secretKey: SecureBytes) {
        precondition(seed.count == seedLength, "Ed25519 seed must be 32 bytes")
        Sodium.initialize()
        var publicKey = [UInt8](repeating: 0, count: publicKeyLength)
        let secretKey = SecureBytes(zeroedCount: secretKeyLength)
        let rc = seed.withUnsafeBytes { s in
            secretKey.withUnsafeMutableBytes { sk in
                publicKey.withUnsafeMutableBytes { pk in
                    crypto_sign_seed_keypair(
                        pk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        sk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        s.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        precondition(rc == 0, "crypto_sign_seed_keypair failed")
        return (publicKey, secretKey)
    }

    /// Signs `message` with a 64-byte libsodium secret key; returns the 64-byte signature.
    public static func sign(_ message: [UInt8], secretKey: SecureBytes) -> [UInt8] {
        precondition(secretKey.count == secretKeyLength, "Ed25519 secret key must be 64 bytes")
        Sodium.initialize()
        var signature = [UInt8](repeating: 0, count: signatureLength)
        let rc = message.withUnsafeBytes { m in
            secretKey.withUnsafeBytes { sk in
                signature.withUnsafeMutableBytes { sig in
                    crypto_sign_detached(
                        sig.baseAddress!.assumingMemoryBound(to: UInt8.self), nil,
                        m.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(m.count),
                        sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        precondition(rc == 0, "crypto_sign_detached failed")
        return signature
    }

    /// Verifies a detached signature. Wrong lengths make the signature invalid (no trap).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        return signature.withUnsafeBytes { s in
            message.withUnsafeBytes { m in
                publicKey.withUnsafeBytes { pk in verify(signature: s, message: m, publicKey: pk) }
            }
        }
    }

    /// Verifies a detached signature held in raw buffers (no copies).
    public static func verify(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, publicKey: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        Sodium.initialize()
        return crypto_sign_verify_detached(
            signature.baseAddress!.assumingMemoryBound(to: UInt8.self),
            message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
            publicKey.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 0
    }
}
