import Foundation

/// Buffers that an epoch's intermediate matrices (masked weights, clipped weights, old and new
/// bonds) reuse from one epoch to the next, kept by a mechanism instance: a dense epoch of
/// 256 × 4,096 would otherwise map and zero ≈ 80 MB of fresh pages every time (a quarter of its
/// time went to the kernel's page faults and unmapping).
///
/// A buffer is handed over whole: ``take(_:count:filler:)`` removes it from the pool, and
/// ``give(_:)`` returns it after the epoch. Buffers are arrays, so a buffer that is still
/// referenced elsewhere is copied before it is written, never shared. Contents beyond what the
/// taker writes are never read, so results do not depend on the pool, on earlier epochs or on
/// threads. Only plain values (integers, `Double`, `I32F32`) are pooled.
final class EpochWorkspace: @unchecked Sendable {
    // Every access to `free` holds `lock`.
    private let lock = NSLock()
    private var free: [ObjectIdentifier: [Any]] = [:]
    /// At most this many buffers of one element type are kept.
    static let keptPerType = 8

    init() {}

    /// A buffer of at least `count` elements, contents unspecified (`filler` where it had to grow):
    /// the smallest pooled one that is large enough, else the largest, else a new one.
    func take<T>(_ type: T.Type, count: Int, filler: T) -> [T] {
        var buffer: [T] = lock.withLock {
            guard var list = free[ObjectIdentifier(T.self)], !list.isEmpty else { return [] }
            var best = 0, bestCount = (list[0] as! [T]).count
            for k in 1..<list.count {
                let c = (list[k] as! [T]).count
                let better = bestCount < count ? c > bestCount : (c >= count && c < bestCount)
                if better { best = k; bestCount = c }
            }
            let taken = list.remove(at: best) as! [T]
            free[ObjectIdentifier(T.self)] = list
            return taken
        }
        if buffer.count < count { buffer.append(contentsOf: repeatElement(filler, count: count - buffer.count)) }
        return buffer
    }

    /// Returns a buffer to the pool for a later epoch.
    func give<T>(_ buffer: [T]) {
        guard !buffer.isEmpty else { return }
        lock.withLock {
            var list = free[ObjectIdentifier(T.self), default: []]
            if list.count < Self.keptPerType { list.append(buffer) }
            free[ObjectIdentifier(T.self)] = list
        }
    }
}
