import Dispatch

/// Runs blocking file-system work (reading idempotency records) off the Swift concurrency pool, so a
/// slow disk stalls only the requests waiting for it and never the threads serving other connections.
/// Allocation writes go through ``GroupCommitter``, which has threads of its own.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "reputation-service.io", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
