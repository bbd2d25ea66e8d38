public import Foundation

/// Where rendered output goes: a file, standard output, or memory (tests).
///
/// Writes are buffered and flushed every 64 KiB and on ``close()``, so streamed formats (JSONL,
/// CSV) keep memory flat however many epochs run.
public final class OutputSink {
    private let handle: FileHandle?
    private let ownsHandle: Bool
    private var buffer = ""
    /// Everything written, for a memory sink.
    public private(set) var contents = ""

    /// A sink writing to standard output.
    public static func standardOutput() -> OutputSink { OutputSink(handle: .standardOutput, owns: false) }

    /// A sink that keeps the text in ``contents``.
    public static func memory() -> OutputSink { OutputSink(handle: nil, owns: false) }

    /// A sink writing to a new (truncated) file at `path`.
    public static func file(_ path: String) throws -> OutputSink {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        return OutputSink(handle: try FileHandle(forWritingTo: url), owns: true)
    }

    private init(handle: FileHandle?, owns: Bool) {
        self.handle = handle
        self.ownsHandle = owns
    }

    public func write(_ text: String) {
        guard handle != nil else { contents += text; return }
        buffer += text
        if buffer.utf8.count >= 65_536 { flush() }
    }

    public func flush() {
        guard let handle, !buffer.isEmpty else { return }
        handle.write(Data(buffer.utf8))
        buffer = ""
    }

    public func close() {
        flush()
        if ownsHandle { try? handle?.close() }
    }
}
