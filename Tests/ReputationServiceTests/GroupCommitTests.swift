import Dispatch
import DurableFiles
import Foundation
import Reputation
@testable import ReputationService
import Signatures
import Testing
import NIOConcurrencyHelpers

/// The group committer on its own (batches built by hand, failures made real on disk) and through the
/// service (many concurrent allocations, some of which cannot be stored).
@Suite struct GroupCommitTests {
    static func temporaryRoot() throws -> String {
        let root = NSTemporaryDirectory() + "svc-commit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    /// Every file under `root` (relative paths), directories excluded.
    static func files(under root: String) -> [String] {
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: root)
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    static func bytes(_ i: Int) -> [UInt8] { Array("{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: 1000 + i))\"}".utf8) }

    @Test(arguments: [true, false])
    func aFailureInsideABatchFailsOnlyTheWritesItConcerns(durable: Bool) throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The final name of write 2 is taken by a non-empty directory: its rename fails (EISDIR).
        try FileManager.default.createDirectory(atPath: root + "/rewards/A/taken.json/inside", withIntermediateDirectories: true)
        // Write 4 needs a directory where a regular file stands: its mkdir fails (ENOTDIR/EEXIST).
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/rewards/FILE"))
        let requests: [GroupCommitter.Request] = [
            .init(components: ["rewards", "A"], name: "ok0.json", bytes: Self.bytes(0)),
            .init(components: ["rewards", "B", "deep"], name: "ok1.json", bytes: Self.bytes(1)),
            .init(components: ["rewards", "A"], name: "taken.json", bytes: Self.bytes(2)),
            .init(components: ["rewards", "A"], name: "ok3.json", bytes: Self.bytes(3)),
            .init(components: ["rewards", "FILE", "x"], name: "never.json", bytes: Self.bytes(4)),
            .init(components: ["rewards", "C"], name: "ok5.json", bytes: Self.bytes(5)),
        ]
        let committer = GroupCommitter(root: root, durable: durable)
        let results = committer.commit(requests)

        let failed = results.indices.filter { if case .failure = results[$0] { true } else { false } }
        #expect(failed == [2, 4])
        if case .failure(let f) = results[2] { #expect(f.step == .publish && f.path.hasSuffix("/rewards/A/taken.json")) }
        #expect(Self.files(under: root) == [
            "rewards/A/ok0.json", "rewards/A/ok3.json", "rewards/B/deep/ok1.json", "rewards/C/ok5.json", "rewards/FILE",
        ])
        for i in [0, 1, 3, 5] {
            let path = root + "/" + requests[i].components.joined(separator: "/") + "/" + requests[i].name
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == Self.bytes(i))
        }
        #expect(!Self.files(under: root).contains { $0.contains(".tmp-") })
    }

    /// A failure injected at each step of the durable-write recipe, under the batching layer: the
    /// write fails naming that step, and no file (partial, temporary or final) is left; writes into
    /// the same directory that do not hit the fault are stored whole.
    @Test(arguments: DurableWriteStep.allCases)
    func aFailureAtAnyStepLeavesNoFile(step: DurableWriteStep) throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Only the step under test, and only on paths in or to `rewards/bad`, fails.
        let committer = GroupCommitter(root: root, durable: true, faults: { s, path in
            s == step && path.contains("/rewards/bad") ? EIO : nil
        })
        let results = committer.commit([.init(components: ["rewards", "bad"], name: "bad.json", bytes: Self.bytes(1))])
        let good = committer.commit([.init(components: ["rewards", "good"], name: "ok.json", bytes: Self.bytes(2))])
        guard case .failure(let failure) = results[0] else { Issue.record("\(step): the write succeeded"); return }
        #expect(failure.step == step)
        guard case .success = good[0] else { Issue.record("\(step): an unaffected write failed: \(good[0])"); return }
        #expect(Self.files(under: root) == ["rewards/good/ok.json"], "\(step)")
    }

    /// A durable committer whose first commit round waits (before its fsync) until `gate` is
    /// signalled; `sizes` records every round's size in order.
    static func committerHoldingItsFirstRound(root: String) -> (GroupCommitter, gate: DispatchSemaphore, sizes: NIOLockedValueBox<[Int]>) {
        let gate = DispatchSemaphore(value: 0)
        let sizes = NIOLockedValueBox([Int]())
        let committer = GroupCommitter(root: root, durable: true, onBatch: { size in
            let first = sizes.withLockedValue { s -> Bool in s.append(size); return s.count == 1 }
            if first { gate.wait() }
        })
        return (committer, gate, sizes)
    }

    /// Files renamed into a directory while its sync round is in flight share the next round, and
    /// every caller gets its own answer.
    @Test func writesRenamedDuringADirectorySyncShareTheNextRound() async throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (committer, gate, sizes) = Self.committerHoldingItsFirstRound(root: root)
        let others = 20
        let answered = NIOLockedValueBox(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await committer.write(Self.bytes(0), under: ["rewards", "q"], name: "f0.json") }
            while sizes.withLockedValue({ $0 }).isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            for i in 1...others {
                group.addTask {
                    try await committer.write(Self.bytes(i), under: ["rewards", "q"], name: "f\(i).json")
                    answered.withLockedValue { $0 += 1 }
                }
            }
            // Their data is written, synced and renamed while the first round is held…
            while committer.pendingCount < others { try await Task.sleep(for: .milliseconds(1)) }
            #expect(Self.files(under: root).count == others + 1)
            // …but none is answered before a directory sync that began after its rename.
            #expect(answered.withLockedValue({ $0 }) == 0)
            gate.signal()
            try await group.waitForAll()
        }
        #expect(sizes.withLockedValue({ $0 }) == [1, others])
        #expect(committer.pendingCount == 0)
        let stored = Self.files(under: root)
        #expect(stored.count == others + 1)
        for i in 0...others {
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: root + "/rewards/q/f\(i).json"))) == Self.bytes(i))
        }
    }

    /// Two directory rounds in flight at once: while one directory's sync is held, a write into another
    /// directory commits completely, and writes into the held directory get their data durable and
    /// renamed meanwhile, then share one round. A write alone never waits for company.
    @Test func roundsOfDifferentDirectoriesOverlap() async throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (committer, gate, sizes) = Self.committerHoldingItsFirstRound(root: root)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await committer.write(Self.bytes(0), under: ["rewards", "A"], name: "a0.json") }
            while sizes.withLockedValue({ $0 }).isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            // Directory A's first round is held; directory B commits regardless (rounds of 1, no waiting).
            for i in 1...3 { try await committer.write(Self.bytes(i), under: ["rewards", "B"], name: "b\(i).json") }
            #expect(sizes.withLockedValue({ $0 }) == [1, 1, 1, 1])
            for i in 4...8 {
                group.addTask { try await committer.write(Self.bytes(i), under: ["rewards", "A"], name: "a\(i).json") }
            }
            while committer.pendingCount < 5 { try await Task.sleep(for: .milliseconds(1)) }
            gate.signal()
            try await group.waitForAll()
        }
        #expect(sizes.withLockedValue({ $0 }) == [1, 1, 1, 1, 5])
        #expect(Self.files(under: root) == ["rewards/A/a0.json"] + (4...8).map { "rewards/A/a\($0).json" }
            + (1...3).map { "rewards/B/b\($0).json" })
    }

    /// Many concurrent writes into one directory, some failing (their final name is a directory):
    /// only those fail, every other file is stored whole, and no temporary file is left.
    @Test(arguments: [true, false])
    func concurrentWritesFailIndependently(durable: Bool) async throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for i in stride(from: 0, to: 60, by: 5) {
            try FileManager.default.createDirectory(atPath: root + "/rewards/m/f\(i).json/inside", withIntermediateDirectories: true)
        }
        let committer = GroupCommitter(root: root, durable: durable)
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<60 {
                group.addTask {
                    do {
                        try await committer.write(Self.bytes(i), under: ["rewards", "m"], name: "f\(i).json")
                        return (i, true)
                    } catch {
                        return (i, false)
                    }
                }
            }
            var out: [Int: Bool] = [:]
            for await (i, ok) in group { out[i] = ok }
            return out
        }
        for i in 0..<60 {
            #expect(outcomes[i] == (i % 5 != 0), "write \(i)")
            if i % 5 != 0 {
                #expect(try Array(Data(contentsOf: URL(fileURLWithPath: root + "/rewards/m/f\(i).json"))) == Self.bytes(i))
            }
        }
        let files = Self.files(under: root)
        #expect(files.count == 48) // the 12 blockers are directories
        #expect(!files.contains { $0.contains(".tmp-") })
    }

    /// Many concurrent allocations through HTTP: every one answered 200, stored once, intact.
    @Test func concurrentAllocationsAllLandIntact() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let count = 60
        let miners = Harness.minerKeys(40)
        let bodies = (0..<count).map { i in h.allocationBody(cycle: "C\(i % 3)", miners: miners) }
        let names = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, body) in bodies.enumerated() {
                group.addTask {
                    let r = try await h.post("/reward_allocation", body)
                    #expect(r.status == 200, "request \(i): \(r.text)")
                    return (i, try r.decode(RewardAllocationResponse.self).filename)
                }
            }
            var out: [Int: String] = [:]
            for try await (i, name) in group { out[i] = name }
            return out
        }
        #expect(names.count == count)
        let stored = h.storedFiles()
        #expect(stored.count == count)
        #expect(!stored.contains { $0.contains(".tmp-") })
        for (i, name) in names {
            let path = h.dir + "/data/rewards/C\(i % 3)/\(h.validator.address.string)/\(name)"
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            let allocation = try #require(json?["allocation"] as? [String: Any])
            #expect(allocation["signature"] as? String == bodies[i].signature)
            #expect((allocation["miners"] as? [Any])?.count == miners.count)
        }
        let metrics = try await h.get("/metrics").text
        #expect(metrics.contains("reputation_commit_files_total \(count)"))
    }

    /// Concurrent allocations, some into a cycle whose directory cannot be created: those get a JSON
    /// 500, the others 200, and no partial or temporary file is left.
    @Test func concurrentFailuresAffectOnlyTheirRequests() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        try Data("x".utf8).write(to: URL(fileURLWithPath: h.dir + "/data/rewards/BROKEN"))
        let bodies = (0..<30).map { i in h.allocationBody(cycle: i % 3 == 0 ? "BROKEN" : "GOOD") }
        let statuses = try await withThrowingTaskGroup(of: (Int, Int, String?).self) { group in
            for (i, body) in bodies.enumerated() {
                group.addTask {
                    let r = try await h.post("/reward_allocation", body)
                    return (i, r.status, try r.json()["reason"] as? String)
                }
            }
            var out: [Int: (Int, String?)] = [:]
            for try await (i, status, reason) in group { out[i] = (status, reason) }
            return out
        }
        for (i, (status, reason)) in statuses {
            if i % 3 == 0 {
                #expect(status == 500 && reason == "storage_failure", "request \(i)")
            } else {
                #expect(status == 200, "request \(i)")
            }
        }
        let stored = h.storedFiles()
        #expect(stored.filter { $0.hasPrefix("rewards/GOOD/") }.count == 20)
        #expect(stored.count == 21) // + the blocking file rewards/BROKEN
        #expect(!stored.contains { $0.contains(".tmp-") })
    }
    /// The committer remembers a directory once made; if it is removed afterwards (by an operator
    /// clearing old cycles, say), the next write into it makes it again instead of failing.
    @Test(arguments: [true, false])
    func aDirectoryRemovedAfterAWriteIsMadeAgain(durable: Bool) throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let committer = GroupCommitter(root: root, durable: durable)
        let first = committer.commit([.init(components: ["rewards", "c1", "v"], name: "a.json", bytes: Self.bytes(1))])
        guard case .success = first[0] else { Issue.record("first write failed: \(first[0])"); return }
        try FileManager.default.removeItem(atPath: root + "/rewards/c1")
        let second = committer.commit([.init(components: ["rewards", "c1", "v"], name: "b.json", bytes: Self.bytes(2))])
        guard case .success = second[0] else { Issue.record("write after removal failed: \(second[0])"); return }
        #expect(Self.files(under: root) == ["rewards/c1/v/b.json"])
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: root + "/rewards/c1/v/b.json"))) == Self.bytes(2))
    }

    /// A symlink where a directory of the path should be is refused: nothing is written through it.
    @Test func aSymlinkInThePathIsRefused() throws {
        let root = try Self.temporaryRoot()
        let elsewhere = try Self.temporaryRoot()
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: elsewhere)
        }
        try FileManager.default.createDirectory(atPath: root + "/rewards", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/rewards/link", withDestinationPath: elsewhere)
        let results = GroupCommitter(root: root, durable: true).commit([
            .init(components: ["rewards", "link"], name: "a.json", bytes: Self.bytes(1)),
            .init(components: ["rewards", "link", "deeper"], name: "b.json", bytes: Self.bytes(2)),
        ])
        for result in results {
            guard case .failure(let failure) = result else { Issue.record("a write through a symlink succeeded"); continue }
            #expect(failure.path == root + "/rewards/link")
            #expect([ELOOP, ENOTDIR].contains(failure.errno)) // O_NOFOLLOW | O_DIRECTORY on a symlink
        }
        #expect(Self.files(under: elsewhere).isEmpty)
        #expect(Self.files(under: root).isEmpty)
    }

    #if os(Linux)
    /// A durable write leaves the file's bytes intact on disk but none of its pages in the page cache
    /// (they are dropped once clean, after the fsync); a write without fsync leaves them cached (dirty).
    @Test(arguments: [true, false])
    func durableWritesLeaveNoPagesCached(durable: Bool) throws {
        let root = try Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // tmpfs keeps every page in memory whatever the advice: nothing to check there.
        guard Self.fileSystemType(of: root) != "tmpfs" else { return }
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        let results = GroupCommitter(root: root, durable: durable)
            .commit([.init(components: ["rewards", "A"], name: "big.json", bytes: bytes)])
        guard case .success = results[0] else { Issue.record("write failed: \(results[0])"); return }
        let path = root + "/rewards/A/big.json"
        #expect(Self.residentPages(path) == (durable ? 0 : 16))
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    /// The type (`/proc/mounts`) of the file system holding `path`: that of its longest mount point.
    static func fileSystemType(of path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 2 else { continue }
            let point = fields[1]
            let covers = point == "/" || path == point || path.hasPrefix(point + "/")
            if covers, point.count > (best?.point.count ?? -1) { best = (point, fields[2]) }
        }
        return best?.type
    }

    /// How many of the file's pages are in the page cache (`mincore` on a mapping that touches none).
    static func residentPages(_ path: String) -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        let length = Int(lseek(fd, 0, SEEK_END))
        guard length > 0 else { return -1 }
        guard let map = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else { return -1 }
        defer { munmap(map, length) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var vector = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
        guard mincore(map, length, &vector) == 0 else { return -1 }
        return vector.filter { $0 & 1 != 0 }.count
    }
    #endif
}
