import Foundation
import Testing
@testable import DurableFiles

/// A fresh directory under the system temporary directory, removed by the caller.
private func makeScratch() throws -> String {
    let path = NSTemporaryDirectory() + "durable-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    return path
}

private func names(in directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

/// A writer whose `step` fails with EIO.
private func failing(at step: DurableWriteStep) -> DurableWriter {
    DurableWriter(faults: { s, _ in s == step ? EIO : nil })
}

@Suite("DurableWriter")
struct DurableWriterTests {
    @Test("writes the exact bytes, replaces an existing file, leaves no temporary file")
    func writesAndReplaces() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = DurableWriter()
        try writer.write("first", to: dir + "/a.json")
        #expect(contents(dir + "/a.json") == "first")
        try writer.write("second, longer", to: dir + "/a.json")
        #expect(contents(dir + "/a.json") == "second, longer")
        #expect(names(in: dir) == ["a.json"])
    }

    @Test("makes missing directories, and an empty file is a file")
    func makesDirectories() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DurableWriter().write([UInt8](), to: dir + "/x/y/z.txt")
        #expect(contents(dir + "/x/y/z.txt") == "")
        let noCreate = DurableWriter(createDirectories: false)
        #expect(throws: DurableWriteError.self) { try noCreate.write("n", to: dir + "/missing/f") }
        #expect(names(in: dir) == ["x"])
    }

    @Test("the mode asked for, regardless of umask (0600 for wallet files)")
    func permissions() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DurableWriter(permissions: 0o600).write("secret", to: dir + "/key")
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/key")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test("createNew never overwrites: an existing file fails with fileExists and keeps its bytes")
    func createNewRefusesExisting() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = DurableWriter()
        try writer.write("original", to: dir + "/hotkey", mode: .createNew)
        let error = #expect(throws: DurableWriteError.self) {
            try writer.write("replacement", to: dir + "/hotkey", mode: .createNew)
        }
        #expect(error?.fileExists == true)
        #expect(error?.description.contains("exists") == true)
        #expect(contents(dir + "/hotkey") == "original")
        #expect(names(in: dir) == ["hotkey"])
    }

    @Test("a symlink at the final name is refused and left alone; its target is untouched")
    func refusesSymlinkedFile() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "target".write(toFile: dir + "/target", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/target")
        for mode in [DurableWriter.Mode.replace, .createNew] {
            let error = #expect(throws: DurableWriteError.self) { try DurableWriter().write("x", to: dir + "/link", mode: mode) }
            #expect(error?.isSymlink == true)
        }
        #expect(contents(dir + "/target") == "target")
        #expect(names(in: dir) == ["link", "target"])
    }

    @Test("a symlinked destination directory is refused")
    func refusesSymlinkedDirectory() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir + "/alias", withDestinationPath: dir + "/real")
        let error = #expect(throws: DurableWriteError.self) { try DurableWriter().write("x", to: dir + "/alias/f") }
        #expect(error?.isSymlink == true, "\(String(describing: error))")
        var created: [String] = []
        #expect(throws: DurableWriteError.self) { try DurableWriter().makeDirectories(root: dir, ["alias", "sub"], created: &created) }
        #expect(names(in: dir + "/real").isEmpty)
    }

    /// Every step, in both modes, on a fresh name and over an existing file: the step named in the
    /// error is the one that failed, no temporary file remains, and the final name holds either
    /// nothing or its old bytes (or, only when the directory fsync failed after a replace, the
    /// complete new bytes).
    @Test("a failure at any step leaves no partial file", arguments: DurableWriteStep.allCases)
    func failureAtEachStep(step: DurableWriteStep) throws {
        for mode in [DurableWriter.Mode.replace, .createNew] {
            // (createNew over an existing file is the fileExists case, tested above; with the
            // directory already there, no mkdir runs.)
            for existing in [false, true] where !(existing && (mode == .createNew || step == .makeDirectory)) {
                let dir = try makeScratch()
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let target = dir + "/sub/file.json"
                if existing { try DurableWriter().write("old", to: target) }
                let payload = String(repeating: "new-bytes ", count: 1000)
                let error = #expect(throws: DurableWriteError.self) {
                    try failing(at: step).write(payload, to: target, mode: mode)
                }
                #expect(error?.step == step, "\(step) \(mode) existing=\(existing)")
                #expect(error?.errno == EIO)
                let left = names(in: dir + "/sub")
                #expect(!left.contains { $0.contains(".tmp-") }, "temporary file left after \(step): \(left)")
                if existing {
                    let now = contents(target)
                    let replacedWhole = mode == .replace && step == .syncDirectory && now == payload
                    #expect(now == "old" || replacedWhole, "\(step) \(mode): \(now?.prefix(20) ?? "nil")")
                    #expect(left == ["file.json"])
                } else {
                    #expect(left.isEmpty, "\(step) \(mode): left \(left)")
                }
            }
        }
    }

    @Test("publish then a failed directory sync: withdraw removes a new file, keeps a replaced one")
    func withdraw() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = DurableWriter()
        let fresh = try writer.publish(Array("a".utf8), directory: dir, name: "new")
        #expect(fresh.isNew)
        fresh.withdraw()
        #expect(names(in: dir).isEmpty)
        try writer.write("old", to: dir + "/kept")
        let replaced = try writer.publish(Array("b".utf8), directory: dir, name: "kept")
        #expect(!replaced.isNew)
        replaced.withdraw()
        #expect(contents(dir + "/kept") == "b")
    }

    @Test("a relative path writes into the current directory's tree")
    func split() {
        for (path, directory, name) in [("a.json", ".", "a.json"), ("/a.json", "/", "a.json"), ("x/y/a.json", "x/y", "a.json")] {
            let split = DurableWriter.split(path)
            #expect(split.directory == directory && split.name == name, "\(path)")
        }
    }
}

@Suite("DurableAppendLog")
struct DurableAppendLogTests {
    @Test("appends whole lines; reopening keeps them; truncate empties")
    func appendsAndReopens() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.jsonl"
        let log = try DurableAppendLog(path: path, truncate: false)
        try log.append("{\"a\":1}")
        try log.append("{\"b\":2}\n")
        log.close()
        #expect(contents(path) == "{\"a\":1}\n{\"b\":2}\n")
        let again = try DurableAppendLog(path: path, truncate: false)
        try again.append("{\"c\":3}")
        again.close()
        #expect(contents(path) == "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n")
        let fresh = try DurableAppendLog(path: path, truncate: true)
        fresh.close()
        #expect(contents(path) == "")
        #expect(names(in: dir) == ["results.jsonl"])
    }

    @Test("a line torn by a crash is cut off when the log is opened again")
    func cutsATornLine() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.jsonl"
        try "{\"a\":1}\n{\"b\":".write(toFile: path, atomically: false, encoding: .utf8)
        let log = try DurableAppendLog(path: path, truncate: false)
        #expect(contents(path) == "{\"a\":1}\n")
        try log.append("{\"c\":3}")
        log.close()
        #expect(contents(path) == "{\"a\":1}\n{\"c\":3}\n")
    }

    @Test("a failed append (write or fsync) leaves only the previous whole lines", arguments: [DurableWriteStep.write, .syncFile])
    func failedAppend(step: DurableWriteStep) throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.jsonl"
        let fail = FailSwitch()
        let log = try DurableAppendLog(path: path, truncate: false, faults: { s, _ in s == step && fail.on ? EIO : nil })
        try log.append("{\"a\":1}")
        fail.on = true
        let error = #expect(throws: DurableWriteError.self) { try log.append(String(repeating: "x", count: 500)) }
        #expect(error?.step == step)
        #expect(contents(path) == "{\"a\":1}\n")
        fail.on = false
        try log.append("{\"b\":2}")
        #expect(contents(path) == "{\"a\":1}\n{\"b\":2}\n")
    }

    @Test("a symlink at the log's path is refused")
    func refusesSymlink() throws {
        let dir = try makeScratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x\n".write(toFile: dir + "/target", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/results.jsonl", withDestinationPath: dir + "/target")
        #expect(throws: DurableWriteError.self) { try DurableAppendLog(path: dir + "/results.jsonl", truncate: false) }
        #expect(contents(dir + "/target") == "x\n")
    }
}

/// A flag a fault hook reads (tests flip it between appends).
private final class FailSwitch: @unchecked Sendable {
    // @unchecked: flipped and read on the test's own thread only.
    var on = false
}
