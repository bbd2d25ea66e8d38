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
/// 2. makes the data durable: one `syncfs(2)` per file system of the batch (Linux), or an fsync per
///    file and per new directory's parent elsewhere;
/// 3. renames every temporary file over its final name;
/// 4. makes the new directory entries durable: an fsync of the directory when the batch wrote into
///    one directory of a file system, one `syncfs` when it wrote into several;
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
/// - a failure affects only the writes it concerns (a bad directory fails the writes into it), except
///   a failed `syncfs`, which fails every write of the batch on that file system.
///
/// > Note: `syncfs` writes back everything dirty on the file system, including other programs' files.
/// > Keep the data directory on a file system without heavy unrelated writers.
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

        // 2. Data (and new directories) durable.
        if durable, !staged.isEmpty {
            if let syncfs = FilesystemSync.syncfs {
                let items = staged.map { (descriptor: $0.file.descriptor, path: $0.file.directory, member: $0.index) }
                for group in groupByDevice(items) where syncfs(group.descriptor) != 0 {
                    let failure = AtomicFile.Failure(operation: "syncfs", path: root, errno: errno)
                    for i in group.members { results[i] = .failure(failure) }
                }
            } else {
                for (i, file) in staged where fsync(file.descriptor) != 0 {
                    results[i] = .failure(AtomicFile.Failure(operation: "fsync", path: file.temporaryPath, errno: errno))
                }
                for parent in createdParents {
                    do {
                        try AtomicFile.syncDirectory(parent)
                    } catch {
                        for (i, file) in staged where file.directory.hasPrefix(parent + "/") { results[i] = .failure(error) }
                    }
                }
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
        defer { for d in opened { _ = sysClose(d.descriptor) } }
        for directory in directories {
            let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 {
                failed[directory] = AtomicFile.Failure(operation: "open directory", path: directory, errno: errno)
            } else {
                opened.append((fd, directory))
            }
        }
        let syncfs = FilesystemSync.syncfs
        for group in groupByDevice(opened.enumerated().map { ($0.element.descriptor, $0.element.directory, $0.offset) }) {
            if group.members.count > 1, let syncfs {
                if syncfs(group.descriptor) != 0 {
                    let failure = AtomicFile.Failure(operation: "syncfs", path: opened[group.members[0]].directory, errno: errno)
                    for m in group.members { failed[opened[m].directory] = failure }
                }
            } else {
                for m in group.members where fsync(opened[m].descriptor) != 0 {
                    failed[opened[m].directory] = AtomicFile.Failure(operation: "fsync directory", path: opened[m].directory, errno: errno)
                }
            }
        }
        return failed
    }

    /// Groups items (a descriptor open on `path`, and a member index) by file system; each group names
    /// one of its descriptors. An item whose file system cannot be determined forms a group of its own.
    private func groupByDevice(_ items: [(descriptor: Int32, path: String, member: Int)]) -> [(descriptor: Int32, members: [Int])] {
        var groups: [(device: UInt64?, descriptor: Int32, members: [Int])] = []
        var devices: [String: UInt64?] = [:]
        for item in items {
            let device: UInt64?
            if let known = devices[item.path] {
                device = known
            } else {
                device = FilesystemSync.device(of: item.path)
                devices[item.path] = device
            }
            if let device, let g = groups.firstIndex(where: { $0.device == device }) {
                groups[g].members.append(item.member)
            } else {
                groups.append((device, item.descriptor, [item.member]))
            }
        }
        return groups.map { ($0.descriptor, $0.members) }
    }
}
