/// Format checks for the identifiers that reach the file system or the wire.
///
/// These are syntactic checks that need no cryptography: ``isPlausibleSS58(_:)`` accepts what could be
/// an SS58 address (base58 alphabet, 46…48 characters), and the service additionally verifies the
/// checksum with `Signatures.SS58Address`. ``isSafeCycleID(_:)`` and ``isSafeIdempotencyKey(_:)`` accept
/// only names that are a single, ordinary path component, so no request can name a path outside the
/// data directory.
public enum Identifiers {
    /// The Bitcoin base58 alphabet SS58 uses.
    public static let base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

    /// Lengths an SS58 address with a one-byte prefix and a 32-byte key can have (47 or 48 in practice).
    public static let ss58Lengths: ClosedRange<Int> = 46...48

    /// The longest cycle id accepted.
    public static let maxCycleIDLength = 64
    /// The longest idempotency key accepted.
    public static let maxIdempotencyKeyLength = 128

    /// Bit `c` of (`low`, `high`) is set when ASCII `c` is in the base58 alphabet (a table, not a
    /// `Set`: this runs for every miner of every request).
    private static let base58Mask: (low: UInt64, high: UInt64) = {
        var low: UInt64 = 0, high: UInt64 = 0
        for c in base58Alphabet.utf8 {
            if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
        }
        return (low, high)
    }()

    /// Whether `text` could be an SS58 address: only base58 characters, 46…48 of them.
    public static func isPlausibleSS58(_ text: String) -> Bool {
        plausibleSS58Hash(text) != nil
    }

    /// For a plausible SS58 address (``isPlausibleSS58(_:)``), a 64-bit hash of its bytes; nil for
    /// anything else. The alphabet check and the hash share one loop over the bytes, so a caller that
    /// looks for repeated addresses (``RewardAllocation/entryProblem()``) reads each one once. Equal
    /// texts give equal hashes; unequal ones may collide, so equal hashes still need a comparison.
    static func plausibleSS58Hash(_ text: String) -> UInt64? {
        var text = text
        return text.withUTF8 { bytes -> UInt64? in
            guard ss58Lengths.contains(bytes.count) else { return nil }
            let (low, high) = base58Mask
            // `valid` keeps its 1 only if every byte is below 128 and has its bit set in the table.
            var valid: UInt64 = 1
            var hash = UInt64(bytes.count), word: UInt64 = 0
            for (k, c) in bytes.enumerated() {
                let mask = c < 64 ? low : high
                valid &= c < 128 ? mask >> UInt64(c & 63) : 0
                word = word << 8 | UInt64(c)
                if k & 7 == 7 {
                    hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
                    hash ^= hash >> 29
                }
            }
            return valid & 1 == 1 ? hash ^ word : nil
        }
    }

    /// Whether `text` is a safe cycle id: 1…64 characters from `A–Z a–z 0–9 . _ -`, starting with a
    /// letter or digit (so never `.` or `..`, never hidden, never a path separator).
    public static func isSafeCycleID(_ text: String) -> Bool {
        isSafeComponent(text, maxLength: maxCycleIDLength)
    }

    /// Whether `text` is a safe idempotency key: the cycle-id charset, up to 128 characters.
    public static func isSafeIdempotencyKey(_ text: String) -> Bool {
        isSafeComponent(text, maxLength: maxIdempotencyKeyLength)
    }

    /// A single path component of `A–Z a–z 0–9 . _ -`, 1…`maxLength` characters, starting alphanumeric.
    public static func isSafeComponent(_ text: String, maxLength: Int) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, (1...maxLength).contains(utf8.count), isAlnum(first) else { return false }
        return utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    @inline(__always)
    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
}
