import Foundation
import DurableFiles

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

    /// An appender for `results.jsonl` (created if missing; emptied with `truncate`). Each record is
    /// durable when ``ResultsWriter/append(_:)`` returns, and a record torn by a crash is cut off when
    /// the file is opened again (``DurableAppendLog``), so `--resume` reads whole records only.
    public func openResults(truncate: Bool) throws -> ResultsWriter {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return ResultsWriter(log: try DurableAppendLog(path: resultsPath, truncate: truncate))
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

    /// Writes `text` durably through the package's one recipe (``DurableWriter``: temporary file in
    /// the same directory, fsync, rename, directory fsync), creating the directory.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try DurableWriter().write(text, to: path)
    }
}

/// Appends JSON lines to `results.jsonl`; safe to call from the runner's sink.
public final class ResultsWriter: @unchecked Sendable {
    // @unchecked: the log and `failure` are only touched under `lock`.
    private let log: DurableAppendLog
    private let lock = NSLock()
    private var firstFailure: DurableWriteError?
    init(log: DurableAppendLog) { self.log = log }

    /// Appends `record` durably; a failure is kept (``failure``) and the file keeps whole records only.
    public func append(_ record: MatrixRecord) {
        lock.lock()
        defer { lock.unlock() }
        do {
            try log.append(record.json.jsonString(pretty: false))
        } catch {
            if firstFailure == nil { firstFailure = error }
        }
    }

    /// The first append that failed, if any.
    public var failure: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return firstFailure
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        log.close()
    }
}
