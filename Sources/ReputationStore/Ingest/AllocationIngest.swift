import Foundation

/// `scoring reputation ingest DIR`: takes reward allocation files into the store.
///
/// - Idempotent: an allocation is stored once per (validator, cycle, step), whatever the reruns.
/// - Resumable: files are committed in batches, each with its ledger rows in the same transaction;
///   a rerun skips files the ledger has at the same size, so a killed run continues where it stopped
///   and loses or duplicates nothing.
/// - A malformed file is skipped with a located error (``AllocationFileReader/Failure``) and left in place.
public struct AllocationIngest: Sendable {
    public var store: any ReputationStore
    /// Files per transaction, at most (the first and last batches of a run are smaller, see
    /// ``batches(count:batchSize:)``).
    public var batchSize: Int
    /// Decode on this many threads (parsing dominates); 1 decodes inline.
    public var decodeThreads: Int

    public init(store: any ReputationStore, batchSize: Int = 256, decodeThreads: Int = 2) {
        self.store = store
        self.batchSize = max(1, batchSize)
        self.decodeThreads = max(1, decodeThreads)
    }

    /// What a run did.
    public struct Report: Sendable, Hashable {
        public var filesSeen = 0
        /// Files the ledger already had (not read again).
        public var filesSkipped = 0
        public var allocationsInserted = 0
        /// Allocations whose (validator, cycle, step) was already stored.
        public var allocationsDuplicate = 0
        public var entries = 0
        public var failures: [AllocationFileReader.Failure] = []
        public init() {}
    }

    /// The `reward_*.json` files under `directory` (any depth), sorted.
    public static func rewardFiles(under directory: String) throws -> [String] {
        let root = (directory as NSString).standardizingPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: root,
                                                             NSLocalizedDescriptionKey: "no such directory: \(root)"])
        }
        var out: [String] = []
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        for case let rel as String in e {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix("reward_"), name.hasSuffix(".json") { out.append(root + "/" + rel) }
        }
        return out.sorted()
    }

    /// Ingests every reward file under `directory`.
    /// - Parameter progress: called after each committed batch with the running report.
    public func run(directory: String, progress: (@Sendable (Report) -> Void)? = nil) async throws -> Report {
        let files = try Self.rewardFiles(under: directory)
        let ledger = try await store.ingestedFiles()
        var report = Report()
        report.filesSeen = files.count
        var pending: [(path: String, size: Int64)] = []
        for path in files {
            let size = Self.size(of: path)
            if let known = ledger[path], known == size {
                report.filesSkipped += 1
                continue
            }
            pending.append((path, size))
        }
        // Batch k+1 is read and decoded while batch k is written: the decode threads and the writer
        // overlap, and the commits stay in file order, one transaction per batch with its ledger rows.
        let batches = Self.batches(count: pending.count, batchSize: batchSize).map { Array(pending[$0]) }
        let threads = decodeThreads
        let store = store
        // The decode threads also do the store's connection-free work on each allocation
        // (``ReputationStore/prepare(_:)``: SQLite packs the entries), so the writer only binds values.
        func decode(_ k: Int) -> Task<[Result<PreparedAllocation, AllocationFileReader.Failure>], Never>? {
            guard k < batches.count else { return nil }
            let paths = batches[k].map(\.path)
            return Task.detached { await Self.parseOffPool(paths, threads: threads, prepare: store.prepare) }
        }
        var next = decode(0)
        for k in batches.indices {
            let batch = batches[k]
            let parsed = await next!.value
            next = decode(k + 1)
            var records: [PreparedAllocation] = []
            var taken: [IngestedFile] = []
            for (i, outcome) in parsed.enumerated() {
                switch outcome {
                case .success(let r):
                    records.append(r)
                    taken.append(IngestedFile(path: batch[i].path, size: batch[i].size))
                case .failure(let f):
                    report.failures.append(f)
                }
            }
            let result = try await store.store(prepared: records, ledger: taken)
            report.allocationsInserted += result.inserted
            report.allocationsDuplicate += result.duplicates
            report.entries += result.entries
            progress?(report)
        }
        return report
    }

    /// The smallest batch of the ramps in ``batches(count:batchSize:)``.
    static let firstBatch = 32

    /// How `count` files are cut into transactions: at most `batchSize` each, in order. The batches
    /// ramp up from ``firstBatch`` (doubling) to `batchSize` and back down at the end, so the writer
    /// waits only for a small first batch to be decoded, and the decoders only for a small last one to
    /// be written; in between, batch k+1 is decoded while batch k is written.
    static func batches(count: Int, batchSize: Int) -> [Range<Int>] {
        var ramp: [Int] = []
        var size = firstBatch
        while size < batchSize {
            ramp.append(size)
            size *= 2
        }
        let rampTotal = ramp.reduce(0, +)
        var sizes: [Int]
        if count >= 2 * rampTotal {
            let middle = count - 2 * rampTotal
            sizes = ramp
            sizes += Array(repeating: batchSize, count: middle / batchSize)
            if middle % batchSize > 0 { sizes.append(middle % batchSize) }
            sizes += ramp.reversed()
        } else {
            sizes = []
            var left = count
            for s in ramp + [batchSize] where left > 0 {
                sizes.append(min(s, left))
                left -= min(s, left)
            }
            while left > 0 {
                sizes.append(min(batchSize, left))
                left -= min(batchSize, left)
            }
        }
        var out: [Range<Int>] = []
        var start = 0
        for s in sizes where s > 0 {
            out.append(start..<(start + s))
            start += s
        }
        return out
    }

    /// The file's size in bytes (`stat`), -1 when it cannot be read.
    static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : -1
    }

    /// ``parse(_:threads:prepare:)`` on a dispatch thread, so the blocking work stays off the concurrency pool.
    static func parseOffPool(_ paths: [String], threads: Int, prepare: @escaping @Sendable (AllocationRecord) -> PreparedAllocation)
        async -> [Result<PreparedAllocation, AllocationFileReader.Failure>] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: parse(paths, threads: threads, prepare: prepare)) }
        }
    }

    /// Reads, decodes and prepares `paths`, in order, on up to `threads` threads.
    static func parse(_ paths: [String], threads: Int, prepare: @Sendable (AllocationRecord) -> PreparedAllocation)
        -> [Result<PreparedAllocation, AllocationFileReader.Failure>] {
        if threads <= 1 || paths.count < 2 {
            var buffer = _UnsafeFileBuffer()
            return paths.map { parseOne($0, into: &buffer).map(prepare) }
        }
        let results = ResultSlots(count: paths.count)
        let chunks = min(threads, paths.count)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var buffer = _UnsafeFileBuffer()
            var i = c
            while i < paths.count {
                results.set(i, parseOne(paths[i], into: &buffer).map(prepare))
                i += chunks
            }
        }
        return results.values()
    }

    /// Reads and decodes one file, reading it into `buffer`.
    static func parseOne(_ path: String, into buffer: inout _UnsafeFileBuffer) -> Result<AllocationRecord, AllocationFileReader.Failure> {
        let parsed = buffer.withContents(of: path) { bytes in
            Result { () throws(AllocationFileReader.Failure) in try AllocationFileReader.read(bytes: bytes, path: path) }
        }
        return parsed ?? .failure(.init(file: path, member: "", message: "cannot read the file"))
    }
}

/// Fixed slots written from several threads, each slot by one thread only.
private final class ResultSlots: @unchecked Sendable {
    // Each index is written by exactly one iteration of concurrentPerform and read only after it
    // returns; the buffer is allocated once and never resized, so the writes never race.
    private let slots: UnsafeMutableBufferPointer<Result<PreparedAllocation, AllocationFileReader.Failure>?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    func set(_ i: Int, _ v: Result<PreparedAllocation, AllocationFileReader.Failure>) { slots[i] = v }
    func values() -> [Result<PreparedAllocation, AllocationFileReader.Failure>] { slots.map { $0! } }
}
