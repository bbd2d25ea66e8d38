import Foundation

/// One buffer that file after file is read into, so reading a file costs no allocation: each decode
/// thread of ``AllocationIngest`` keeps one for its run. `FileManager.contents(atPath:)` allocated a
/// fresh `Data` of the file's size (about 70 KB for 256 entries) per file, with its own bookkeeping
/// around `open`/`fstat`/`read` (2.6 % of the ingest's CPU in the profile).
///
/// Unsafe because `read(2)` writes through the buffer's pointer; the bytes handed to `body` are only
/// valid inside it (the next file overwrites them).
struct _UnsafeFileBuffer {
    private var storage: [UInt8] = []

    /// Calls `body` with the whole content of the file at `path`; nil when it cannot be opened or read
    /// (as `FileManager.contents(atPath:)` is nil for a missing file, a directory or no permission).
    mutating func withContents<R>(of path: String, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, storage.count < Int(info.st_size) + 1 {
            // One byte more than the size, so the read that finds the end needs no growth.
            storage = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        }
        if storage.isEmpty { storage = [UInt8](repeating: 0, count: 4096) }
        var length = 0
        while true {
            if length == storage.count { storage += [UInt8](repeating: 0, count: storage.count) }  // the file grew
            let n = storage.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + length, buffer.count - length)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            length += n
        }
        return storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
    }
}
