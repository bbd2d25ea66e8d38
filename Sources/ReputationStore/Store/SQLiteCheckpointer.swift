import Foundation
import GRDB

/// Runs SQLite's WAL checkpoints on a connection and thread of its own, so the writer does not wait
/// for them.
///
/// A checkpoint copies the committed pages from the write-ahead log into the database file and
/// `fdatasync`s both. On the writer connection (SQLite's auto-checkpoint, every 1,000 pages) that wait
/// was about half the wall time of a large ingest: each batch of 256 allocations is ~1,600 pages, so
/// every batch commit was followed by a checkpoint and its syncs while the decoded next batch waited.
/// Here the writer only notes how much it wrote; past ``threshold`` bytes a `PASSIVE` checkpoint is
/// queued on this connection, and it runs while the writer goes on with the next transaction.
///
/// Durability is unchanged: a commit is in the WAL before `COMMIT` returns, whoever checkpoints it
/// later, and a checkpoint killed mid-way is redone from the WAL on the next open. A `PASSIVE`
/// checkpoint never waits for or blocks the writer or readers; when it cannot run (another checkpoint
/// holds the lock) the next one, or the writer's own auto-checkpoint — kept, at ``writerPages`` — does
/// the work.
final class SQLiteCheckpointer: Sendable {
    /// Bytes written (the store's estimate) before a background checkpoint is queued: SQLite's own
    /// auto-checkpoint point, 1,000 pages of 4 KiB.
    static let threshold = 1_000 * 4_096
    /// `wal_autocheckpoint` of the writer connection: a bound on the WAL when the background checkpoints
    /// fall behind or writes do not note their size. Above one ingest batch (~1,600 pages), so the
    /// writer does not checkpoint after every batch.
    static let writerPages = 8_192

    private let queue: DatabaseQueue
    private let state = Locked()

    init(path: String, configuration: Configuration) throws {
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Records that a committed transaction wrote about `bytes`; queues a checkpoint past ``threshold``.
    func wrote(bytes: Int) {
        guard state.add(bytes, threshold: Self.threshold) else { return }
        queue.asyncWriteWithoutTransaction { [state] db in
            state.started()
            // PASSIVE: copies what it can without waiting; a busy or failed checkpoint is left to the next one.
            _ = try? db.checkpoint(.passive)
            state.finished()
        }
    }

    /// The background checkpoints run so far (tests).
    var checkpointsRun: Int { state.runs }

    /// Returns once the queued checkpoints have run (tests).
    func drain() { queue.inDatabase { _ in } }

    /// Waits for a queued checkpoint and closes the connection.
    func close() throws { try queue.close() }

    /// The bytes noted since the last queued checkpoint, and whether one is queued and not yet started.
    private final class Locked: @unchecked Sendable {
        // Every access holds `lock`.
        private let lock = NSLock()
        private var bytes = 0
        private var queued = false
        private var finishedRuns = 0

        /// Adds `n`; true when a checkpoint should be queued now (past the threshold, none waiting).
        func add(_ n: Int, threshold: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            bytes += n
            guard bytes >= threshold, !queued else { return false }
            queued = true
            bytes = 0
            return true
        }

        func started() {
            lock.lock()
            queued = false
            lock.unlock()
        }

        func finished() {
            lock.lock()
            finishedRuns += 1
            lock.unlock()
        }

        var runs: Int {
            lock.lock()
            defer { lock.unlock() }
            return finishedRuns
        }
    }
}
