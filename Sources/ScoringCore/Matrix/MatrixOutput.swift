import Foundation

/// The files a matrix writes into its output directory.
///
/// - `results.jsonl`: one record per (cell, seed) run, appended as runs finish (in plan order);
/// - `summary.csv`: one row per run with axis values and metrics;
/// - `junit.xml`: one test case per cell and expectation;
/// - `comparison.md`: the Markdown comparison table (mean ± 95% interval over seeds).
public struct MatrixOutput: Sendable {
    public var directory: String
    public init(directory: String) { self.directory = directory }

    public var resultsPath: String { "\(directory)/results.jsonl" }

    /// Records already in `results.jsonl` (for `--resume` and `merge`).
    public func existingRecords() throws -> [MatrixRecord] {
        try Self.readRecords(resultsPath)
    }

    public static func readRecords(_ path: String) throws -> [MatrixRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [MatrixRecord] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (n, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            // A last line without its newline was cut off when a run was killed: it is dropped and redone.
            if n == lines.count - 1 { break }
            let node = try ConfigLoader().parse(yaml: String(line), name: "\(path):\(n + 1)")
            out.append(try MatrixRecord(json: node))
        }
        return out
    }

    /// Rewrites `results.jsonl` with exactly `records` (durably), dropping a line a killed run cut off,
    /// before `--resume` appends to it.
    public func rewriteResults(_ records: [MatrixRecord]) throws {
        try Self.writeAtomically(records.map { $0.json.jsonString(pretty: false) + "\n" }.joined(), to: resultsPath)
    }

    /// An appender for `results.jsonl` (created if missing). Each line is written and fsynced as it comes.
    public func openResults(truncate: Bool) throws -> ResultsWriter {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if truncate || !FileManager.default.fileExists(atPath: resultsPath) {
            try Self.writeAtomically("", to: resultsPath)
        }
        guard let handle = FileHandle(forWritingAtPath: resultsPath) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: resultsPath])
        }
        handle.seekToEndOfFile()
        return ResultsWriter(handle: handle)
    }

    /// Writes summary.csv, junit.xml and comparison.md atomically; returns the Markdown table.
    @discardableResult
    public func writeSummaries(_ summary: MatrixSummary, name: String, tableMetrics: [String]? = nil) throws -> String {
        let markdown = summary.markdown(title: "Matrix \(name)", metrics: tableMetrics)
        try Self.writeAtomically(summary.csv(), to: "\(directory)/summary.csv")
        try Self.writeAtomically(summary.junit(name: name), to: "\(directory)/junit.xml")
        try Self.writeAtomically(markdown, to: "\(directory)/comparison.md")
        return markdown
    }

    /// Writes through a temporary file in the same directory, fsyncs it, renames it into place and
    /// fsyncs the directory, so a crash leaves either the old file or the whole new one.
    ///
    /// Every matrix and shard file goes through here or through ``ResultsWriter`` (the one place to
    /// switch to the project's shared durable-write helper).
    public static func writeAtomically(_ text: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        let tmp = "\(path).tmp-\(UUID().uuidString)"
        func fail(_ what: String) -> any Error {
            CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                     NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(errno)))"])
        }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail("cannot create \(tmp)") }
        do {
            let bytes = Array(text.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw fail("write")
                }
                written += n
            }
            guard fsync(fd) == 0 else { throw fail("fsync") }
            close(fd)
            guard rename(tmp, path) == 0 else { throw fail("rename") }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        syncDirectory(dir.isEmpty ? "." : dir)
    }

    /// fsyncs a directory so a rename or a new file in it survives a crash.
    static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}

/// Appends JSON lines to `results.jsonl`; safe to call from the runner's sink.
public final class ResultsWriter: @unchecked Sendable {
    // @unchecked: the handle is only touched under `lock`.
    private let handle: FileHandle
    private let lock = NSLock()
    init(handle: FileHandle) { self.handle = handle }

    public func append(_ record: MatrixRecord) {
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data((record.json.jsonString(pretty: false) + "\n").utf8))
        // Durable per record: a shard killed later keeps every line written so far (for --resume).
        try? handle.synchronize()
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        try? handle.close()
    }
}
