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
        for (n, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let node = try ConfigLoader().parse(yaml: String(line), name: "\(path):\(n + 1)")
            out.append(try MatrixRecord(json: node))
        }
        return out
    }

    /// An appender for `results.jsonl` (created if missing). Lines are flushed as they are written.
    public func openResults(truncate: Bool) throws -> ResultsWriter {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if truncate || !FileManager.default.fileExists(atPath: resultsPath) {
            guard FileManager.default.createFile(atPath: resultsPath, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: resultsPath])
            }
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

    /// Writes through a temporary file in the same directory and renames it into place.
    public static func writeAtomically(_ text: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        let tmp = "\(path).tmp-\(UUID().uuidString)"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
            guard rename(tmp, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                             NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
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
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        try? handle.close()
    }
}
