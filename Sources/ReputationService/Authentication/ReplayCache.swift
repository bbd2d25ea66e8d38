import Foundation
import NIOConcurrencyHelpers

/// Remembers signatures seen inside the freshness window, so a captured request cannot be replayed.
///
/// A signature only needs remembering until its message timestamp leaves the window (after that the
/// freshness check rejects it anyway), so entries expire at `timestamp + window` and are pruned
/// lazily. The cache is bounded: when `capacity` unexpired entries are held, new requests are refused
/// (503) rather than forgetting a live entry, which would reopen the replay hole.
final class ReplayCache: Sendable {
    enum Outcome: Sendable, Equatable { case fresh, replayed, full }

    private struct State {
        var expiries: [[UInt8]: Double] = [:]
        var nextPrune: Double = 0
        var lastFullPrune: Double = -.infinity
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Records `signature` until `expiry` (seconds since 1970) unless it is already held.
    func insert(_ signature: [UInt8], expiry: Double, now: Double) -> Outcome {
        state.withLockedValue { s in
            if let e = s.expiries[signature], e >= now { return .replayed }
            if now >= s.nextPrune || (s.expiries.count >= capacity && now >= s.lastFullPrune + 0.25) {
                // Pruning is O(n): at most every 5 s, or every 250 ms while full, never per request.
                s.expiries = s.expiries.filter { $0.value >= now }
                s.nextPrune = now + 5
                if s.expiries.count >= capacity { s.lastFullPrune = now }
            }
            if s.expiries.count >= capacity { return .full }
            s.expiries[signature] = expiry
            return .fresh
        }
    }

    /// Forgets `signature` (used when a request fails after its signature was recorded but before any
    /// effect, so the validator may retry with the same document).
    func remove(_ signature: [UInt8]) {
        state.withLockedValue { _ = $0.expiries.removeValue(forKey: signature) }
    }

    var count: Int { state.withLockedValue { $0.expiries.count } }
}
