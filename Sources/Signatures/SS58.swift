// SS58 addresses (Substrate): base58(prefix ‖ public key ‖ BLAKE2b-512("SS58PRE" ‖ prefix ‖ key)[0..<2]).

internal import Sodium

/// An error decoding an SS58 address. Compare with the static members (`error == .badChecksum`);
/// ``detail`` says what exactly was wrong.
public struct SS58Error: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case empty, invalidCharacter, invalidLength, badChecksum, unexpectedPrefix, unsupportedPrefix
    }
    private let kind: Kind
    /// A human-readable explanation naming the offending value.
    public let detail: String

    private init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The address is the empty string.
    public static let empty = SS58Error(.empty, "empty address")
    /// A character outside the Bitcoin base58 alphabet.
    public static let invalidCharacter = SS58Error(.invalidCharacter, "character outside the base58 alphabet")
    /// The decoded length is not prefix + 32-byte key + 2-byte checksum.
    public static let invalidLength = SS58Error(.invalidLength, "wrong decoded length")
    /// The two checksum bytes do not match.
    public static let badChecksum = SS58Error(.badChecksum, "checksum mismatch")
    /// The address is valid but for another network prefix than the one required.
    public static let unexpectedPrefix = SS58Error(.unexpectedPrefix, "unexpected network prefix")
    /// The first byte is ≥ 128, which SS58 reserves.
    public static let unsupportedPrefix = SS58Error(.unsupportedPrefix, "reserved SS58 prefix byte")

    static func invalidCharacter(_ c: Character, at offset: Int) -> SS58Error {
        SS58Error(.invalidCharacter, "character \"\(c)\" at offset \(offset) is outside the base58 alphabet")
    }
    static func invalidLength(_ n: Int, expected: Int) -> SS58Error {
        SS58Error(.invalidLength, "decoded \(n) bytes, expected \(expected) (prefix, 32-byte public key, 2-byte checksum)")
    }
    static func unexpectedPrefix(_ found: UInt16, expected: UInt16) -> SS58Error {
        SS58Error(.unexpectedPrefix, "network prefix \(found), expected \(expected)")
    }
    static func unsupportedPrefix(_ byte: UInt8) -> SS58Error {
        SS58Error(.unsupportedPrefix, "first byte \(byte) is a reserved SS58 prefix")
    }

    public static func == (a: SS58Error, b: SS58Error) -> Bool { a.kind == b.kind }

    public var description: String { "invalid SS58 address: \(detail)" }
}

/// An SS58 account address: a 32-byte public key and a network prefix.
public struct SS58Address: Sendable, Hashable, CustomStringConvertible {
    /// The Bittensor network prefix, 42 (the generic Substrate prefix).
    public static let bittensorPrefix: UInt16 = 42

    /// The 32-byte public key.
    public let publicKey: [UInt8]
    /// The network prefix (0…16383).
    public let prefix: UInt16
    /// The textual address.
    public let string: String

    /// Encodes `publicKey` (32 bytes) under `prefix` (0…63 one byte, 64…16383 two bytes).
    public init(publicKey: [UInt8], prefix: UInt16 = SS58Address.bittensorPrefix) {
        precondition(publicKey.count == 32, "SS58 public key must be 32 bytes")
        precondition(prefix < 16384, "SS58 prefix must be below 16384")
        self.publicKey = publicKey
        self.prefix = prefix
        self.string = SS58.encode(publicKey: publicKey, prefix: prefix)
    }

    /// Decodes an address, requiring the given prefix (Bittensor's 42 by default; `nil` accepts any).
    ///
    /// - Throws: ``SS58Error``.
    public init(_ string: String, expectedPrefix: UInt16? = SS58Address.bittensorPrefix) throws(SS58Error) {
        let (key, prefix) = try SS58.decode(string)
        if let expectedPrefix, expectedPrefix != prefix { throw .unexpectedPrefix(prefix, expected: expectedPrefix) }
        self.publicKey = key
        self.prefix = prefix
        self.string = string
    }

    public var description: String { string }
}

/// SS58 encoding and decoding of 32-byte account keys.
public enum SS58 {
    static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let inverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    /// The prefix bytes for a network identifier (one byte below 64, two bytes up to 16383).
    static func prefixBytes(_ ident: UInt16) -> [UInt8] {
        if ident < 64 { return [UInt8(ident)] }
        let first = UInt8(truncatingIfNeeded: ((ident & 0b0000_0000_1111_1100) >> 2) | 0b0100_0000)
        let second = UInt8(truncatingIfNeeded: (ident >> 8) | ((ident & 0b0000_0000_0000_0011) << 6))
        return [first, second]
    }

    static let checksumPrefix: [UInt8] = Array("SS58PRE".utf8)

    /// The first two bytes of BLAKE2b-512("SS58PRE" ‖ payload).
    static func checksum(_ payload: ArraySlice<UInt8>) -> (UInt8, UInt8) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 7 + payload.count) { buffer in
            for i in 0..<7 { buffer[i] = checksumPrefix[i] }
            var i = 7
            for b in payload { buffer[i] = b; i += 1 }
            let digest = BLAKE2b.hash(UnsafeRawBufferPointer(buffer), outputLength: 64)
            return (digest[0], digest[1])
        }
    }

    /// Encodes a 32-byte public key under a network prefix.
    public static func encode(publicKey: [UInt8], prefix: UInt16 = SS58Address.bittensorPrefix) -> String {
        var payload = prefixBytes(prefix)
        payload.append(contentsOf: publicKey)
        let sum = checksum(payload[...])
        payload.append(sum.0)
        payload.append(sum.1)
        return base58Encode(payload)
    }

    /// Decodes an address into its public key and prefix.
    ///
    /// - Throws: ``SS58Error`` naming the first problem found: empty, bad character, bad length,
    ///   reserved prefix, bad checksum.
    public static func decode(_ address: String) throws(SS58Error) -> (publicKey: [UInt8], prefix: UInt16) {
        if address.isEmpty { throw .empty }
        let bytes = try base58Decode(address)
        guard let first = bytes.first else { throw .invalidLength(0, expected: 35) }
        let prefix: UInt16
        let prefixLength: Int
        switch first {
        case 0..<64:
            prefix = UInt16(first)
            prefixLength = 1
        case 64..<128:
            guard bytes.count >= 2 else { throw .invalidLength(bytes.count, expected: 36) }
            let second = bytes[1]
            let lower = (UInt16(first & 0b0011_1111) << 2) | UInt16(second >> 6)
            let upper = UInt16(second & 0b0011_1111)
            prefix = lower | (upper << 8)
            prefixLength = 2
        default:
            throw .unsupportedPrefix(first)
        }
        let expected = prefixLength + 32 + 2
        guard bytes.count == expected else { throw .invalidLength(bytes.count, expected: expected) }
        let sum = checksum(bytes[0..<(prefixLength + 32)])
        guard sum.0 == bytes[expected - 2], sum.1 == bytes[expected - 1] else { throw .badChecksum }
        return (Array(bytes[prefixLength..<(prefixLength + 32)]), prefix)
    }

    static func base58Encode(_ bytes: [UInt8]) -> String {
        var zeros = 0
        while zeros < bytes.count && bytes[zeros] == 0 { zeros += 1 }
        var digits = [UInt8]() // base-58 digits, least significant first
        digits.reserveCapacity(bytes.count * 138 / 100 + 1)
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for i in 0..<digits.count {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        for d in digits.reversed() { out.append(alphabet[Int(d)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base58 into bytes (big-endian, leading `1`s as zero bytes).
    ///
    /// Works on the UTF-8 bytes with 32-bit limbs, so decoding an address costs about 50 × 9
    /// multiply-adds and one allocation.
    static func base58Decode(_ text: String) throws(SS58Error) -> [UInt8] {
        var text = text
        return try text.withUTF8 { utf8 in Result { () throws(SS58Error) -> [UInt8] in try base58Decode(utf8) } }.get()
    }

    static func base58Decode(_ utf8: UnsafeBufferPointer<UInt8>) throws(SS58Error) -> [UInt8] {
        do {
            // An account address is at most 50 characters; refuse anything absurd before allocating.
            guard utf8.count <= 128 else { throw .invalidLength(utf8.count * 733 / 1000, expected: 35) }
            var zeros = 0
            while zeros < utf8.count, utf8[zeros] == alphabet[0] { zeros += 1 }
            // limbs[0] is the least significant 32 bits.
            var limbs = [UInt32](repeating: 0, count: (utf8.count * 733 / 1000) / 4 + 2)
            var used = 0
            var offset = 0
            while offset < utf8.count {
                let c = utf8[offset]
                let value = c < 128 ? inverse[Int(c)] : -1
                guard value >= 0 else {
                    // Report the whole (possibly multi-byte) character at this position.
                    let characterOffset = String(decoding: UnsafeBufferPointer(rebasing: utf8[0..<offset]), as: UTF8.self).count
                    let character = String(decoding: UnsafeBufferPointer(rebasing: utf8[offset...]), as: UTF8.self).first ?? "?"
                    throw .invalidCharacter(character, at: characterOffset)
                }
                var carry = UInt64(value)
                for i in 0..<used {
                    carry += UInt64(limbs[i]) * 58
                    limbs[i] = UInt32(truncatingIfNeeded: carry)
                    carry >>= 32
                }
                if carry > 0 {
                    limbs[used] = UInt32(truncatingIfNeeded: carry)
                    used += 1
                }
                offset += 1
            }
            // Big-endian bytes of the number, without leading zeros, after the explicit zero bytes.
            var out = [UInt8](repeating: 0, count: zeros)
            out.reserveCapacity(zeros + used * 4)
            var started = false
            var i = used - 1
            while i >= 0 {
                let limb = limbs[i]
                for shift in stride(from: 24, through: 0, by: -8) {
                    let byte = UInt8(truncatingIfNeeded: limb >> UInt32(shift))
                    if started || byte != 0 {
                        started = true
                        out.append(byte)
                    }
                }
                i -= 1
            }
            return out
        }
    }
}
