import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files atomically and, when `durable`, makes them durable in batches (group commit), so the
/// cost of a device flush is shared by every request waiting at that moment.
///
/// Callers ``write(_:under:name:)`` and suspend. One committer thread takes everything queued, and for
/// that batch:
/// 1. creates the directories and writes each file's bytes to a temporary file beside its final name;
/// 2. makes the data durable: fsyncs every temporary file (and the parent of every directory it
///    created), all issued at once from parallel threads, so the device merges their cache flushes;
/// 3. renames every temporary file over its final name;
/// 4. makes the new directory entries durable: one fsync per distinct directory of the batch, again
///    issued together;
/// 5. resumes every caller with its own result.
/// While a batch commits, new writes queue up and form the next batch. Requests announce themselves
/// with ``expectWrite()`` when they arrive (before the body is read and verified) and withdraw when
/// they end, so the committer knows how many requests were in flight together during the last batch.
/// When durable, a batch waits (at most ``gatherDelay``) until that many writes are queued: concurrent
/// clients then keep sharing one flush instead of drifting into two half-full batches that alternate.
/// Under light load (one request at a time) nothing waits.
///
/// Guarantees, per write:
/// - success is reported only after the file's data and its directory entry (and any directory it
///   created) are durable, when `durable`;
/// - a reader never sees a partial file: the final name appears only by rename, after step 2;
/// - on failure nothing is left behind: the temporary file is removed, and a file renamed in step 3
///   whose directory could not be synced in step 4 is removed again;
/// - a failure affects only the writes it concerns (a file that cannot be synced fails its own write;
///   a directory that cannot be created or synced fails the writes into it).
///
/// Only the batch's own files and directories are synced (no `sync`/`syncfs`), so unrelated writers on
/// the same file system do not lengthen a commit.
///
/// `@unchecked Sendable`: every mutable field (`state`) is read and written only while `condition` is
/// locked.
final class GroupCommitter: @unchecked Sendable {
    /// One file to write: `root/components…/name`.
    struct Request: Sendable {
        var components: [String]
        var name: String
        var bytes: [UInt8]
    }

    let root: String
    let durable: Bool
    /// The longest a durable batch waits for announced requests that have not queued their write yet.
    let gatherDelay: Duration
    /// Called on the committer thread with each batch's size (for metrics).
    let onBatch: @Sendable (Int) -> Void

    /// A request that announced a write (``expectWrite()``).
    struct Ticket: Sendable {
        fileprivate let id: UInt64
    }

    private struct Pending {
        var request: Request
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
        /// Announced requests that have not withdrawn yet.
        var inFlight = Set<UInt64>()
        var nextTicket: UInt64 = 0
        /// The most requests in flight at once since the current batch was taken.
        var peak = 0
    }

    private let condition = NSCondition()
    private var state = State()
    private let queue = DispatchQueue(label: "reputation-service.group-commit", qos: .userInitiated)

    init(root: String, durable: Bool, gatherDelay: Duration = .milliseconds(2),
         onBatch: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.root = root
        self.durable = durable
        self.gatherDelay = gatherDelay
        self.onBatch = onBatch
    }

    private func locked<R>(_ body: (inout State) throws -> R) rethrows -> R {
        condition.lock()
        defer { condition.unlock() }
        return try body(&state)
    }

    /// Announces a request that will probably write soon (call when it arrives), and ``withdraw(_:)``
    /// the ticket when the request ends, whatever its outcome.
    func expectWrite() -> Ticket {
        locked { s in
            s.nextTicket += 1
            s.inFlight.insert(s.nextTicket)
            s.peak = max(s.peak, s.inFlight.count)
            return Ticket(id: s.nextTicket)
        }
    }

    /// The announced request has ended; withdrawing twice is harmless.
    func withdraw(_ ticket: Ticket) {
        locked { _ = $0.inFlight.remove(ticket.id) }
    }

    /// Writes `root/components…/name` atomically (and durably, when `durable`) with the next batch.
    ///
    /// - Throws: ``AtomicFile/Failure`` naming the step and path that failed; nothing is left behind.
    func write(_ bytes: [UInt8], under components: [String], name: String) async throws {
        let request = Request(components: components, name: name, bytes: bytes)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = locked { s -> Bool in
                s.pending.append(Pending(request: request, continuation: continuation))
                if s.draining { return false }
                s.draining = true
                return true
            }
            condition.broadcast()
            if start { queue.async { self.drain() } }
        }
    }

    /// Writes waiting for the next batch.
    var pendingCount: Int { locked { $0.pending.count } }

    /// Commits queued batches until the queue is empty.
    private func drain() {
        while true {
            condition.lock()
            if state.pending.isEmpty {
                state.draining = false
                condition.unlock()
                return
            }
            let target = state.peak
            if durable, state.pending.count < target {
                // As many requests were in flight together during the last batch: let them join this
                // one rather than the next flush. (No inout access to `state` spans the wait, which unlocks.)
                let (seconds, attoseconds) = gatherDelay.components
                let deadline = Date().addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
                while state.pending.count < target, condition.wait(until: deadline) {}
            }
            let batch = state.pending
            state.pending.removeAll(keepingCapacity: true)
            state.peak = state.inFlight.count
            condition.unlock()
            if batch.isEmpty { return }
            onBatch(batch.count)
            let results = commit(batch.map(\.request))
            for (pending, result) in zip(batch, results) {
                pending.continuation.resume(with: result.mapError { $0 as any Error })
            }
        }
    }

    /// Commits one batch (steps 1–4 above) on the calling thread and returns one result per request,
    /// in order.
    func commit(_ requests: [Request]) -> [Result<Void, AtomicFile.Failure>] {
        var results = [Result<Void, AtomicFile.Failure>](repeating: .success(()), count: requests.count)
        var staged: [(index: Int, file: AtomicFile.Staged)] = []
        var createdParents = Set<String>()

        // 1. Directories and temporary files.
        for (i, request) in requests.enumerated() {
            do {
                let directory = try AtomicFile.makeDirectories(root: root, request.components, created: &createdParents)
                staged.append((i, try AtomicFile.stage(request.bytes, directory: directory, name: request.name)))
            } catch {
                results[i] = .failure(error)
            }
        }

        // 2. Data (and new directories) durable: every file and new directory's parent synced together.
        if durable, !staged.isEmpty {
            var parents: [(descriptor: Int32, path: String)] = []
            for parent in createdParents {
                let fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if fd >= 0 {
                    parents.append((fd, parent))
                } else {
                    let failure = AtomicFile.Failure(operation: "open directory", path: parent, errno: errno)
                    for (i, file) in staged where file.directory.hasPrefix(parent + "/") { results[i] = .failure(failure) }
                }
            }
            let errors = Self.syncAll(staged.map(\.file.descriptor) + parents.map(\.descriptor))
            for (k, (i, file)) in staged.enumerated() where errors[k] != 0 {
                results[i] = .failure(AtomicFile.Failure(operation: "fsync", path: file.temporaryPath, errno: errors[k]))
            }
            for (k, parent) in parents.enumerated() {
                _ = sysClose(parent.descriptor)
                let code = errors[staged.count + k]
                guard code != 0 else { continue }
                let failure = AtomicFile.Failure(operation: "fsync directory", path: parent.path, errno: code)
                for (i, file) in staged where file.directory.hasPrefix(parent.path + "/") { results[i] = .failure(failure) }
            }
        }

        // 3. Rename (or clean up).
        var renamed: [(index: Int, file: AtomicFile.Staged)] = []
        for (i, file) in staged {
            file.close()
            guard case .success = results[i] else {
                unlink(file.temporaryPath)
                continue
            }
            if rename(file.temporaryPath, file.finalPath) == 0 {
                renamed.append((i, file))
            } else {
                results[i] = .failure(AtomicFile.Failure(operation: "rename", path: file.finalPath, errno: errno))
                unlink(file.temporaryPath)
            }
        }

        // 4. Directory entries durable; a file whose entry cannot be made durable is taken back.
        if durable, !renamed.isEmpty {
            let failed = syncDirectories(Set(renamed.map(\.file.directory)))
            for (i, file) in renamed {
                if let failure = failed[file.directory] {
                    results[i] = .failure(failure)
                    unlink(file.finalPath)
                }
            }
        }
        return results
    }

    /// Makes the entries of `directories` durable; returns the directories that failed, with why.
    private func syncDirectories(_ directories: Set<String>) -> [String: AtomicFile.Failure] {
        var failed: [String: AtomicFile.Failure] = [:]
        var opened: [(descriptor: Int32, directory: String)] = []
        for directory in directories {
            let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 {
                failed[directory] = AtomicFile.Failure(operation: "open directory", path: directory, errno: errno)
            } else {
                opened.append((fd, directory))
            }
        }
        let errors = Self.syncAll(opened.map(\.descriptor))
        for (k, d) in opened.enumerated() {
            _ = sysClose(d.descriptor)
            if errors[k] != 0 {
                failed[d.directory] = AtomicFile.Failure(operation: "fsync directory", path: d.directory, errno: errors[k])
            }
        }
        return failed
    }

    /// Serial queues get threads of their own (they may block in fsync without starving the
    /// concurrency pool); a batch's syncs are spread over them.
    private static let syncLanes = (0..<8).map { DispatchQueue(label: "reputation-service.fsync-\($0)", qos: .userInitiated) }

    /// fsyncs every descriptor, all in flight at once; returns each one's errno (0 for success).
    static func syncAll(_ descriptors: [Int32]) -> [Int32] {
        if descriptors.count <= 1 { return descriptors.map { fsync($0) == 0 ? 0 : errno } }
        let results = LockedBox([Int32](repeating: 0, count: descriptors.count))
        let group = DispatchGroup()
        for (k, fd) in descriptors.enumerated() {
            syncLanes[k % syncLanes.count].async(group: group) {
                let code = fsync(fd) == 0 ? 0 : errno
                results.withLock { $0[k] = code }
            }
        }
        group.wait()
        return results.current
    }
}
