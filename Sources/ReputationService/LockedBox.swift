import Foundation

/// A value guarded by a lock, for state that request handlers share and touch briefly.
///
/// `@unchecked Sendable` is sound because every access to `value` goes through `withLock`, which
/// holds `lock` for the whole closure; the value itself never escapes by reference.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    @discardableResult
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}
