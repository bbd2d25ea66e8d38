import Foundation

/// Where rendered output goes: a file, standard output, or memory (tests).
///
/// Writes are buffered as bytes and flushed every 64 KiB and on ``close()``, so streamed formats
/// (JSONL, CSV) keep memory flat however many epochs run.
public final class OutputSink {
    private let handle: FileHandle?
    private let ownsHandle: Bool
    private var buffer: [UInt8] = []
    private var memory: [UInt8] = []
    /// Everything written, for a memory sink.
    public var contents: String { String(decoding: memory, as: UTF8.self) }

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
        if handle != nil { buffer.reserveCapacity(Self.flushSize + 16_384) }
    }

    private static let flushSize = 65_536

    public func write(_ text: String) {
        write(bytes: text.utf8)
    }

    /// Writes UTF-8 bytes.
    public func write<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard handle != nil else { memory.append(contentsOf: bytes); return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushSize { flush() }
    }

    public func flush() {
        guard let handle, !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() {
        flush()
        if ownsHandle { try? handle?.close() }
    }
}
