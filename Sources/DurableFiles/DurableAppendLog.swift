#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only file of whole lines (JSON Lines) that a crash cannot leave with a torn last line,
/// and whose appended lines are durable when ``append(_:)`` returns.
///
/// - Opening with `truncate` starts from an empty file, written with ``DurableWriter`` (so the old
///   contents are replaced atomically); otherwise a missing file is created the same way, and an
///   existing file whose last line has no newline (a crash mid-append) is cut back to its last
///   complete line.
/// - ``append(_:)`` writes the line (a newline is added when missing) and fsyncs the file when
///   durable. A line that fails half-way is cut off again, so the file only ever holds whole lines.
/// - A symlink at the path is refused.
///
/// Not thread-safe: one writer at a time (callers serialize, e.g. under a lock).
public final class DurableAppendLog {
    public let path: String
    public let durable: Bool
    private let faults: DurableWriter.Faults?
    private var descriptor: Int32
    /// The file's length after the last whole line.
    public private(set) var length: Int

    public init(path: String, truncate: Bool, durable: Bool = true,
                faults: DurableWriter.Faults? = nil) throws(DurableWriteError) {
        self.path = path
        self.durable = durable
        self.faults = faults
        let writer = DurableWriter(durable: durable, faults: faults)
        var info = stat()
        if truncate || lstat(path, &info) != 0 {
            try writer.write([UInt8](), to: path)
        }
        if let code = faults?(.checkDestination, path) { throw DurableWriteError(step: .checkDestination, path: path, errno: code) }
        let fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw DurableWriteError(step: .checkDestination, path: path, errno: errno) }
        descriptor = fd
        length = 0
        do throws(DurableWriteError) {
            length = try Self.wholeLinesLength(fd, path: path)
            try cut()
        } catch {
            _ = closeDescriptor(fd)
            throw error
        }
    }

    deinit { if descriptor >= 0 { _ = closeDescriptor(descriptor) } }

    /// Appends `line` (and a newline, unless it ends with one), durably when ``durable``.
    ///
    /// - Throws: ``DurableWriteError``; the file is cut back to its previous whole lines.
    public func append(_ line: [UInt8]) throws(DurableWriteError) {
        var bytes = line
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        do throws(DurableWriteError) {
            if let code = faults?(.write, path) {
                // Half the line goes out first, so the failure leaves a torn line to cut.
                _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count / 2) }
                throw DurableWriteError(step: .write, path: path, errno: code)
            }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw DurableWriteError(step: .write, path: path, errno: errno)
                }
                offset += n
            }
            if durable {
                if let code = faults?(.syncFile, path) { throw DurableWriteError(step: .syncFile, path: path, errno: code) }
                guard fsync(descriptor) == 0 else { throw DurableWriteError(step: .syncFile, path: path, errno: errno) }
            }
        } catch {
            try? cut()
            throw error
        }
        length += bytes.count
    }

    /// ``append(_:)`` for text, as UTF-8.
    public func append(_ line: String) throws(DurableWriteError) { try append(Array(line.utf8)) }

    public func close() {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
    }

    /// Truncates the file to ``length`` if it is longer (a torn line), durably.
    private func cut() throws(DurableWriteError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw DurableWriteError(step: .write, path: path, errno: errno) }
        guard Int(info.st_size) > length else { return }
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw DurableWriteError(step: .write, path: path, errno: errno) }
        if durable, fsync(descriptor) != 0 { throw DurableWriteError(step: .syncFile, path: path, errno: errno) }
    }

    /// The offset just after the file's last newline (0 when it has none).
    private static func wholeLinesLength(_ fd: Int32, path: String) throws(DurableWriteError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DurableWriteError(step: .checkDestination, path: path, errno: errno) }
        var end = Int(info.st_size)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while end > 0 {
            let start = max(0, end - chunk.count)
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, end - start, off_t(start)) }
            guard n == end - start else { throw DurableWriteError(step: .checkDestination, path: path, errno: n < 0 ? errno : EIO) }
            if let last = chunk[0..<n].lastIndex(of: UInt8(ascii: "\n")) { return start + last + 1 }
            end = start
        }
        return 0
    }
}

/// `close(2)`, at file scope so the log's own `close()` cannot shadow it.
private func closeDescriptor(_ fd: Int32) -> Int32 {
    close(fd)
}
