import Dispatch
import DurableFiles
import Foundation
import NIOConcurrencyHelpers
import NIOPosix

/// Writes files atomically and, when `durable`, makes them durable with the directory flushes shared
/// between concurrent writes (group commit of directory entries), without making any write wait for
/// another write's data.
///
/// The file-system recipe itself is ``DurableWriter``'s (steps 1–3 below are its directory check and
/// ``DurableWriter/publish(_:directory:name:mode:)``); this type adds the batching of step 4.
///
/// Callers ``write(_:under:name:)`` and suspend. Each write runs on its own thread from a shared
/// `NIOThreadPool` (``threads``), independently of the others:
/// 1. the first time this committer writes into a directory: creates the directories along its path,
///    refusing anything that is not a real directory (symlinks included), and, when durable, fsyncs the
///    parents along the path, so the directory itself survives a crash. The directory is then remembered
///    and later writes into it skip this step (no mkdir, no check, no directory lock taken); if it has
///    been removed since, the write that finds it gone makes it again;
/// 2. writes the bytes to a temporary file beside the final name and, when durable, fsyncs it and
///    drops its (now clean) pages from the page cache, so the next write reuses them;
/// 3. renames the temporary file over its final name;
/// 4. when durable, makes the new directory entry durable by joining that directory's next sync
///    round: at most one fsync of a directory is in flight at a time; every write renamed into the
///    directory while it runs waits for the next round, which starts as soon as the current one ends
///    and covers all of them with one fsync (each round began after the renames it covers);
/// 5. resumes the caller with its own result.
/// So the CPU work of one request (parsing, verifying) overlaps the writes and flushes of others, the
/// data fsyncs of concurrent writes are in flight together (the device merges their cache flushes),
/// and a directory is flushed once per round rather than once per file. Nothing waits for a batch to
/// fill up: a write alone is committed at once.
///
/// Guarantees, per write:
/// - success is reported only after the file's data and its directory entry (and any directory it
///   created) are durable, when `durable`;
/// - a reader never sees a partial file: the final name appears only by rename, after step 2;
/// - on failure nothing is left behind: the temporary file is removed, and a file renamed in step 3
///   whose directory could not be synced in step 4 is removed again;
/// - a failure affects only the writes it concerns (a file that cannot be written, synced or renamed
///   fails its own write; a directory that cannot be created or synced fails the writes into it that
///   depended on that sync).
///
/// Only the writes' own files and directories are synced (no `sync`/`syncfs`), so unrelated writers on
/// the same file system do not lengthen a commit.
///
final class GroupCommitter: Sendable {
    /// One file to write: `root/components…/name`.
    struct Request: Sendable {
        var components: [String]
        var name: String
        var bytes: [UInt8]
    }

    let root: String
    let durable: Bool
    /// The durable-write recipe: fsyncs when `durable`, drops written pages from the page cache (the
    /// service never reads an allocation back, so the next write reuses them warm).
    let writer: DurableWriter
    /// Called with the number of files each commit round completes together: a directory sync round
    /// when durable, a single file otherwise (for metrics). Runs on a pool thread before the round's
    /// fsync.
    let onBatch: @Sendable (Int) -> Void

    typealias Completion = @Sendable (Result<Void, DurableWriteError>) -> Void

    /// A file renamed into a directory, waiting for a sync of that directory that began after the rename.
    private struct Waiter {
        var published: DurableWriter.Published
        var completion: Completion
    }

    /// One directory's sync rounds: `waiting` joins the next round; `syncing` while one is in flight.
    private struct Rounds {
        var waiting: [Waiter] = []
        var syncing = false
    }

    private struct State {
        var directories: [String: Rounds] = [:]
        /// Directories this committer has made (or found) and checked, and made durable when `durable`.
        var readyDirectories = Set<String>()
    }

    /// At most this many directories are remembered as ready; beyond it the set starts over (a forgotten
    /// directory only costs its check, and its parents' fsyncs, once more).
    private static let readyDirectoryLimit = 4096

    private let state = NIOLockedValueBox(State())

    /// Shared by every committer of the process: writes blocked in fsync never hold a Swift
    /// concurrency thread, and enough of them (32) can be in flight together for every connection,
    /// unlike `NIOThreadPool.singleton`, which has one thread per core. Started once, never shut down.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 32)
        pool.start()
        return pool
    }()

    /// - Parameter faults: a test hook making chosen steps fail (``DurableWriter/Faults``).
    init(root: String, durable: Bool, faults: DurableWriter.Faults? = nil,
         onBatch: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.root = root
        self.durable = durable
        self.writer = DurableWriter(durable: durable, createDirectories: true, dropsCachedPages: durable, faults: faults)
        self.onBatch = onBatch
    }

    private func locked<R>(_ body: (inout State) throws -> R) rethrows -> R {
        try state.withLockedValue(body)
    }

    /// Writes `root/components…/name` atomically (and durably, when `durable`).
    ///
    /// - Throws: ``DurableWriteError`` naming the step and path that failed; nothing is left behind.
    func write(_ bytes: [UInt8], under components: [String], name: String) async throws {
        let request = Request(components: components, name: name, bytes: bytes)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // The pool is never shut down, so every item runs (`.active`).
            Self.threads.submit { _ in
                self.perform(request) { continuation.resume(with: $0.mapError { $0 as any Error }) }
            }
        }
    }

    /// Renamed files waiting for a directory sync round that has not started yet.
    var pendingCount: Int { locked { $0.directories.values.reduce(0) { $0 + $1.waiting.count } } }

    /// Commits `requests` concurrently (steps 1–4 above, each on a pool thread), blocks the calling
    /// thread until all are done, and returns one result per request, in order. Never call it from a
    /// ``threads`` job (it would wait for jobs that may need that very thread).
    func commit(_ requests: [Request]) -> [Result<Void, DurableWriteError>] {
        let results = NIOLockedValueBox([Result<Void, DurableWriteError>](repeating: .success(()), count: requests.count))
        let group = DispatchGroup()
        for (i, request) in requests.enumerated() {
            group.enter()
            Self.threads.submit { _ in
                self.perform(request) { result in
                    results.withLockedValue { $0[i] = result }
                    group.leave()
                }
            }
        }
        group.wait()
        return results.withLockedValue({ $0 })
    }

    /// Steps 1–4 for one request on the calling (pool) thread; `done` is called exactly once, possibly
    /// later on another pool thread (the one running the directory sync round).
    private func perform(_ request: Request, _ done: @escaping Completion) {
        let published: DurableWriter.Published
        do {
            published = try publish(request)
        } catch {
            done(.failure(error))
            return
        }
        guard durable else {
            onBatch(1)
            done(.success(()))
            return
        }
        syncEntry(Waiter(published: published, completion: done), in: published.directory)
    }

    /// Steps 1–3: the file, complete (and its data durable, when durable), under its final name.
    private func publish(_ request: Request) throws(DurableWriteError) -> DurableWriter.Published {
        let directory = try directory(for: request.components)
        do {
            return try writer.publish(request.bytes, directory: directory, name: request.name)
        } catch where error.step == .createTemporary && (error.errno == ENOENT || error.errno == ENOTDIR) {
            // The directory was removed since this committer made it: make it again (once).
            locked { _ = $0.readyDirectories.remove(directory) }
            return try writer.publish(request.bytes, directory: try self.directory(for: request.components),
                                      name: request.name)
        }
    }

    /// Step 1: `root/components…`. Unless it is ready already, it is created as needed and checked and,
    /// when durable, the parent of every component is fsynced.
    private func directory(for components: [String]) throws(DurableWriteError) -> String {
        let path = components.reduce(root) { $0 + "/" + $1 }
        if locked({ $0.readyDirectories.contains(path) }) { return path }
        var created: [String] = []
        try writer.makeDirectories(root: root, components, created: &created)
        // Another write may have created a directory of this path without having synced its parent
        // yet, so every parent along the path is synced, not only those created here (no-ops unless
        // durable).
        var parent = root
        try writer.syncDirectory(parent)
        for component in components.dropLast() {
            parent += "/" + component
            try writer.syncDirectory(parent)
        }
        locked { s in
            if s.readyDirectories.count >= Self.readyDirectoryLimit { s.readyDirectories.removeAll() }
            s.readyDirectories.insert(path)
        }
        return path
    }

    /// Makes `root/components…` (refusing symlinks) and, when durable, the new directories durable.
    func prepare(_ components: [String]) throws(DurableWriteError) {
        var created: [String] = []
        try writer.makeDirectories(root: root, components, created: &created)
        for parent in created { try writer.syncDirectory(parent) }
    }

    /// Step 4: completes `waiter` once a sync of `directory` that began after its rename has ended.
    /// If no round is in flight, this thread runs rounds until nobody is waiting.
    private func syncEntry(_ waiter: Waiter, in directory: String) {
        var round: [Waiter]? = locked { s in
            var rounds = s.directories.removeValue(forKey: directory) ?? Rounds()
            rounds.waiting.append(waiter)
            defer { s.directories[directory] = rounds }
            guard !rounds.syncing else { return nil }
            rounds.syncing = true
            defer { rounds.waiting = [] }
            return rounds.waiting
        }
        while let waiters = round {
            onBatch(waiters.count)
            let failure = syncOnce(directory)
            for w in waiters {
                if let failure {
                    w.published.withdraw()
                    w.completion(.failure(failure))
                } else {
                    w.completion(.success(()))
                }
            }
            round = locked { s in
                guard var rounds = s.directories.removeValue(forKey: directory), !rounds.waiting.isEmpty else { return nil }
                defer { s.directories[directory] = rounds }
                defer { rounds.waiting = [] }
                return rounds.waiting
            }
        }
    }

    /// One fsync of `directory`; nil on success.
    private func syncOnce(_ directory: String) -> DurableWriteError? {
        do {
            try writer.syncDirectory(directory)
            return nil
        } catch {
            return error
        }
    }
}
