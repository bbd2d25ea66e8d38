// sr25519: Schnorrkel Schnorr signatures on ristretto255 with Merlin transcripts, signing context "substrate".

internal import Sodium

/// sr25519 (Schnorrkel) signatures as Substrate and Bittensor use them.
///
/// A signature is `R ‖ s` (64 bytes) with bit 7 of byte 63 set as the Schnorrkel marker. The
/// challenge is `k = Merlin("SigningContext" …, "sign:c", 64 bytes) mod ℓ`; it is valid iff
/// `s·B − k·A` encodes to `R`. Point arithmetic is libsodium's ristretto255; the transcript is
/// ``MerlinTranscript``.
public enum Sr25519 {
    /// The signing context Substrate uses.
    public static let signingContext = "substrate"
    /// Signature length, 64 bytes.
    public static let signatureLength = 64
    /// Public key length, 32 bytes.
    public static let publicKeyLength = 32

    /// Verifies a signature over `message` by `publicKey`. Wrong lengths are simply invalid.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        signature.withUnsafeBytes { s in
            message.withUnsafeBytes { m in
                publicKey.withUnsafeBytes { pk in verify(signature: s, message: m, publicKey: pk) }
            }
        }
    }

    /// Verifies a signature held in raw buffers (allocates nothing).
    public static func verify(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, publicKey: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        guard signature[63] & 0x80 != 0 else { return false } // not marked as a Schnorrkel signature
        let r = Bytes32(copying: UnsafeRawBufferPointer(rebasing: signature[0..<32]))
        var s = Bytes32(copying: UnsafeRawBufferPointer(rebasing: signature[32..<64]))
        s[31] &= 0x7f
        guard Ristretto255.isCanonicalScalar(s) else { return false }
        let a = Bytes32(copying: publicKey)

        var transcript = signingTranscript(message: message)
        transcript.append("proto-name", staticBytes: "Schnorr-sig")
        a.withUnsafeBytes { transcript.append("sign:pk", $0) }
        r.withUnsafeBytes { transcript.append("sign:R", $0) }
        let k = challengeScalar(&transcript)

        // s·B − k·A == R. libsodium rejects an invalid A inside scalarMultiply and reports an
        // identity result as failure; both make the signature invalid.
        guard let sB = Ristretto255.scalarMultiplyBase(s),
              let kA = Ristretto255.scalarMultiply(k, a),
              let candidate = Ristretto255.subtract(sB, kA)
        else { return false }
        return candidate == r
    }

    /// The transcript up to and including the message: `SigningContext`, context, `sign-bytes`.
    @inline(__always)
    static func signingTranscript(message: UnsafeRawBufferPointer) -> MerlinTranscript {
        var transcript = substrateContext
        transcript.append("sign-bytes", message)
        return transcript
    }

    /// `Transcript("SigningContext")` after `append("", "substrate")`: the same for every
    /// signature, so it is computed once and copied (a transcript is a 200-byte value).
    static let substrateContext: MerlinTranscript = {
        var transcript = MerlinTranscript(label: "SigningContext")
        transcript.append("", staticBytes: "substrate")
        return transcript
    }()

    @inline(__always)
    static func challengeScalar(_ transcript: inout MerlinTranscript) -> Bytes32 {
        var wide = Bytes64()
        wide.withUnsafeMutableBytes { transcript.challengeBytes("sign:c", into: $0) }
        return Ristretto255.reduce(wide)
    }

    // MARK: - Keys and signing

    /// An expanded sr25519 secret: the secret scalar and the 32-byte nonce seed, held in ``SecureBytes``.
    struct SecretKey: Sendable {
        /// `scalar ‖ nonce`, 64 bytes (the `privateKey` of a Bittensor wallet file).
        let bytes: SecureBytes

        /// Expands a 32-byte mini secret key ("Ed25519 mode"): SHA-512, clamp, divide by 8.
        init(miniSecret seed: SecureBytes) {
            precondition(seed.count == 32, "sr25519 mini secret must be 32 bytes")
            var h = seed.withUnsafeBytes { SHA512.hash($0) }
            let out = SecureBytes(zeroedCount: 64)
            h.withUnsafeMutableBytes { hb in
                hb[0] &= 248
                hb[31] &= 63
                hb[31] |= 64
                out.withUnsafeMutableBytes { o in
                    // scalar = k >> 3 over the 256-bit little-endian integer k.
                    for i in 0..<32 {
                        let next: UInt8 = i < 31 ? hb[i + 1] : 0
                        o[i] = (hb[i] >> 3) | (next << 5)
                    }
                    for i in 0..<32 { o[32 + i] = hb[32 + i] }
                }
                Sodium.wipe(hb)
            }
            bytes = out
        }

        /// Takes `scalar ‖ nonce` as stored in a wallet file.
        init(expanded: SecureBytes) {
            precondition(expanded.count == 64, "sr25519 expanded secret must be 64 bytes")
            bytes = expanded
        }

        /// The public key `scalar · B`, or `nil` when the scalar is zero modulo ℓ.
        func publicKey() -> Bytes32? {
            var scalar = bytes.withUnsafeBytes { Bytes32(copying: $0) }
            defer { scalar.withUnsafeMutableBytes { Sodium.wipe($0) } }
            return Ristretto255.scalarMultiplyBase(reduceScalar(scalar))
        }

        /// Signs `message` for `publicKey` (which must be this key's public key).
        func sign(message: UnsafeRawBufferPointer, publicKey: Bytes32) -> Bytes64 {
            var transcript = Sr25519.signingTranscript(message: message)
            transcript.append("proto-name", staticBytes: "Schnorr-sig")
            publicKey.withUnsafeBytes { transcript.append("sign:pk", $0) }

            // Nonce r = BLAKE2b-512 keyed with the key's nonce seed over a challenge from a fork of
            // the transcript so far and 32 fresh random bytes, reduced mod ℓ. Secret, and never
            // reused unless both the transcript and the randomness repeat.
            var witness = transcript
            var witnessBytes = Bytes64()
            witnessBytes.withUnsafeMutableBytes { witness.challengeBytes("signing-witness", into: $0) }
            witness.wipe()
            let nonceKey = bytes.slice(32..<64)
            let hasher = BLAKE2b.Hasher(outputLength: 64, key: nonceKey)
            nonceKey.wipe()
            witnessBytes.withUnsafeBytes { hasher.update($0) }
            var randomness = Random.bytes32()
            hasher.update(randomness)
            var wide = Bytes64()
            wide.withUnsafeMutableBytes { hasher.finalize(into: $0) }
            var r = Ristretto255.reduce(wide)
            wide.withUnsafeMutableBytes { Sodium.wipe($0) }
            witnessBytes.withUnsafeMutableBytes { Sodium.wipe($0) }
            randomness.withUnsafeMutableBytes { Sodium.wipe($0) }

            guard let bigR = Ristretto255.scalarMultiplyBase(r) else {
                preconditionFailure("sr25519 nonce reduced to zero") // probability 2^-252
            }
            bigR.withUnsafeBytes { transcript.append("sign:R", $0) }
            let k = Sr25519.challengeScalar(&transcript)

            var scalar = bytes.withUnsafeBytes { Bytes32(copying: $0) }
            var s = Ristretto255.scalarAdd(Ristretto255.scalarMultiply(scalar: k, by: reduceScalar(scalar)), r)
            scalar.withUnsafeMutableBytes { Sodium.wipe($0) }
            r.withUnsafeMutableBytes { Sodium.wipe($0) }
            s[31] |= 0x80

            var signature = Bytes64()
            signature.low = bigR
            signature.high = s
            return signature
        }

        /// Reduces a 32-byte scalar mod ℓ (a no-op for keys expanded from a seed, which are < 2^253).
        private func reduceScalar(_ scalar: Bytes32) -> Bytes32 {
            var wide = Bytes64()
            wide.low = scalar
            let reduced = Ristretto255.reduce(wide)
            wide.withUnsafeMutableBytes { Sodium.wipe($0) }
            return reduced
        }
    }
}

extension MerlinTranscript {
    /// Appends the UTF-8 bytes of a static string under `label`.
    @inline(__always)
    mutating func append(_ label: StaticString, staticBytes value: StaticString) {
        MerlinTranscript.withBytes(value) { append(label, $0) }
    }
}
