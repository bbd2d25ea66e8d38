import Foundation
import NIOCore
import NIOConcurrencyHelpers

/// `/reputation_request` bodies already answered for one snapshot version, keyed by the exact bytes
/// of the request's `miners` list.
///
/// Validators ask for the same miner list again and again; a hit skips decoding the list, checking
/// each hotkey and rendering the answer (the cached `ByteBuffer` is shared, not copied). Everything
/// else still happens per request: allow-list, signature, freshness and replay checks.
///
/// Guarantees:
/// - one cache belongs to one ``RenderedSnapshot`` (a reload starts an empty one), so a hit is the
///   answer of the version the request reads;
/// - only lists that passed validation and belonged to an authenticated request are inserted, and the
///   key is compared byte for byte (the hash only picks the slot), so a hit is exactly the answer the
///   full path would render;
/// - bounded: at most ``maxEntries`` entries and ``maxBytes`` bytes of keys and bodies; the oldest
///   entry goes first.
final class ResponseCache: Sendable {
    static let maxEntries = 64
    static let maxBytes = 16 << 20

    private struct Entry {
        var key: [UInt8]
        var body: ByteBuffer
        var cost: Int { key.count + body.readableBytes }
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var order: [UInt64] = []
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())

    /// The body cached for this exact miners list, if any.
    func body(for key: UnsafeRawBufferPointer) -> ByteBuffer? {
        let hash = Self.hash(key)
        return state.withLockedValue { s -> ByteBuffer? in
            guard let entry = s.entries[hash], Self.equal(entry.key, key) else { return nil }
            return entry.body
        }
    }

    /// Remembers `body` as the answer for `key`, evicting the oldest entries to stay within bounds.
    func insert(_ key: UnsafeRawBufferPointer, body: ByteBuffer) {
        let entry = Entry(key: Array(key), body: body)
        guard entry.cost <= Self.maxBytes / 4 else { return }
        let hash = Self.hash(key)
        state.withLockedValue { s in
            if let old = s.entries.removeValue(forKey: hash) {
                s.bytes -= old.cost
                s.order.removeAll { $0 == hash }
            }
            while !s.order.isEmpty, s.order.count >= Self.maxEntries || s.bytes + entry.cost > Self.maxBytes {
                let oldest = s.order.removeFirst()
                if let gone = s.entries.removeValue(forKey: oldest) { s.bytes -= gone.cost }
            }
            s.entries[hash] = entry
            s.order.append(hash)
            s.bytes += entry.cost
        }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }

    private static func equal(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let base = b.baseAddress else { return true }
        return a.withUnsafeBytes { memcmp($0.baseAddress!, base, b.count) == 0 }
    }

    /// A fast 64-bit mix of the bytes (slot choice only; equality is checked on the bytes).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var k = 0
        while k + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            k += 8
        }
        while k < bytes.count {
            h = (h ^ UInt64(bytes[k])) &* 0x100_0000_01B3
            k += 1
        }
        return h ^ (h >> 29)
    }
}
