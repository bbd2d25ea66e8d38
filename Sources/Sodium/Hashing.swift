// BLAKE2b (crypto_generichash), SHA-512 and SHA-256.

internal import CSodium

/// BLAKE2b with a chosen output length (1…64 bytes) and an optional key (up to 64 bytes).
public enum BLAKE2b {
    /// The largest output length, 64 bytes.
    public static let maxOutputLength = 64
    /// The largest key length, 64 bytes.
    public static let maxKeyLength = 64

    /// Hashes `message` in one call.
    ///
    /// - Parameters:
    ///   - message: The bytes to hash.
    ///   - outputLength: 1…64.
    ///   - key: An optional key of at most 64 bytes (keyed BLAKE2b, a MAC/PRF).
    /// - Returns: `outputLength` bytes.
    public static func hash(_ message: [UInt8], outputLength: Int = 32, key: [UInt8] = []) -> [UInt8] {
        message.withUnsafeBytes { m in
            key.withUnsafeBytes { k in hash(m, outputLength: outputLength, key: k) }
        }
    }

    /// Hashes raw bytes in one call; see ``hash(_:outputLength:key:)-([UInt8],_,_)``.
    public static func hash(_ message: UnsafeRawBufferPointer, outputLength: Int = 32, key: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) -> [UInt8] {
        precondition((1...maxOutputLength).contains(outputLength), "BLAKE2b output length must be 1...64")
        precondition(key.count <= maxKeyLength, "BLAKE2b key must be at most 64 bytes")
        Sodium.initialize()
        var out = [UInt8](repeating: 0, count: outputLength)
        let rc = out.withUnsafeMutableBytes { o in
            crypto_generichash(
                o.baseAddress!.assumingMemoryBound(to: UInt8.self), outputLength,
                message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
                key.count > 0 ? key.baseAddress!.assumingMemoryBound(to: UInt8.self) : nil, key.count)
        }
        precondition(rc == 0, "crypto_generichash failed")
        return out
    }

    /// An incremental BLAKE2b computation, for input that arrives in pieces (no concatenation
    /// of secrets needed). The internal state is zeroed when finalised or released.
    public final class Hasher {
        private let state: UnsafeMutableRawPointer
        private let stateSize: Int
        private let outputLength: Int
        private var finished = false

        /// Starts a hash with the given output length (1…64) and optional key (≤ 64 bytes).
        public init(outputLength: Int = 32, key: [UInt8] = []) {
            precondition((1...BLAKE2b.maxOutputLength).contains(outputLength), "BLAKE2b output length must be 1...64")
            precondition(key.count <= BLAKE2b.maxKeyLength, "BLAKE2b key must be at most 64 bytes")
            Sodium.initialize()
            self.outputLength = outputLength
            stateSize = crypto_generichash_statebytes()
            state = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
            let rc = key.withUnsafeBytes { k in
                crypto_generichash_init(
                    OpaquePointer(state),
                    key.isEmpty ? nil : k.baseAddress!.assumingMemoryBound(to: UInt8.self), key.count, outputLength)
            }
            precondition(rc == 0, "crypto_generichash_init failed")
        }

        /// Starts a hash keyed with secret bytes.
        public convenience init(outputLength: Int = 32, key: SecureBytes) {
            self.init(outputLength: outputLength)
            precondition(key.count <= BLAKE2b.maxKeyLength, "BLAKE2b key must be at most 64 bytes")
            let rc = key.withUnsafeBytes { k in
                crypto_generichash_init(
                    OpaquePointer(state),
                    key.count == 0 ? nil : k.baseAddress!.assumingMemoryBound(to: UInt8.self), key.count, outputLength)
            }
            precondition(rc == 0, "crypto_generichash_init failed")
        }

        deinit {
            sodium_memzero(state, stateSize)
            state.deallocate()
        }

        /// Adds bytes to the hash.
        public func update(_ bytes: UnsafeRawBufferPointer) {
            precondition(!finished, "BLAKE2b.Hasher used after finalize()")
            guard bytes.count > 0 else { return }
            _ = crypto_generichash_update(
                OpaquePointer(state),
                bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
        }

        /// Adds bytes to the hash.
        public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

        /// Adds secret bytes to the hash.
        public func update(_ bytes: SecureBytes) { bytes.withUnsafeBytes { update($0) } }

        /// Adds inline bytes to the hash.
        public func update(_ bytes: Bytes32) { bytes.withUnsafeBytes { update($0) } }

        /// Finishes the hash into `output`, which must hold exactly the output length, and zeroes the state.
        public func finalize(into output: UnsafeMutableRawBufferPointer) {
            precondition(!finished, "BLAKE2b.Hasher finalised twice")
            precondition(output.count == outputLength, "BLAKE2b output buffer has the wrong size")
            finished = true
            _ = crypto_generichash_final(
                OpaquePointer(state),
                output.baseAddress!.assumingMemoryBound(to: UInt8.self), outputLength)
            sodium_memzero(state, stateSize)
        }

        /// Finishes the hash and returns the digest.
        public func finalize() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: outputLength)
            out.withUnsafeMutableBytes { finalize(into: $0) }
            return out
        }
    }
}

/// SHA-512 (FIPS 180-4).
public enum SHA512 {
    /// Hashes `message`; returns 64 bytes.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { hash($0).array }
    }

    /// Hashes raw bytes; returns the digest inline.
    public static func hash(_ message: UnsafeRawBufferPointer) -> Bytes64 {
        Sodium.initialize()
        var out = Bytes64()
        out.withUnsafeMutableBytes { o in
            _ = crypto_hash_sha512(
                o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count))
        }
        return out
    }
}

/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    /// Hashes `message`; returns 32 bytes.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { hash($0).array }
    }

    /// Hashes raw bytes; returns the digest inline.
    public static func hash(_ message: UnsafeRawBufferPointer) -> Bytes32 {
        Sodium.initialize()
        var out = Bytes32()
        out.withUnsafeMutableBytes { o in
            _ = crypto_hash_sha256(
                o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count))
        }
        return out
    }
}
