import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durable, all-or-nothing file writes: temp file in the same directory, write, fsync, rename over the
/// final name, fsync the directory. A reader sees either no file or the whole file, and after the call
/// returns the file survives a crash (when `durable`).
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var path: String
        var errno: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    }

    /// Writes `data` to `directory/name` atomically. The directory must exist.
    static func write(_ data: [UInt8], directory: String, name: String, durable: Bool) throws {
        let final = directory + "/" + name
        var suffix = SystemRandomNumberGenerator()
        let temp = directory + "/.tmp-" + name + "." + String(suffix.next() & 0xFFFF_FFFF, radix: 16)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(operation: "create", path: temp, errno: errno) }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        do {
            defer { close(fd) }
            var offset = 0
            while offset < data.count {
                let n = data.withUnsafeBytes { buf in
                    sysWrite(fd, buf.baseAddress! + offset, buf.count - offset)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(operation: "write", path: temp, errno: errno)
                }
                offset += n
            }
            if durable, fsync(fd) != 0 { throw Failure(operation: "fsync", path: temp, errno: errno) }
        }
        guard rename(temp, final) == 0 else { throw Failure(operation: "rename", path: final, errno: errno) }
        ok = true
        if durable { try syncDirectory(directory) }
    }

    /// fsyncs a directory so entries created or renamed in it are durable.
    static func syncDirectory(_ directory: String) throws {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw Failure(operation: "open directory", path: directory, errno: errno) }
        defer { close(dfd) }
        guard fsync(dfd) == 0 else { throw Failure(operation: "fsync directory", path: directory, errno: errno) }
    }

    /// Creates `root/components…` one level at a time (mode 0755), refusing symlinks, and fsyncs the
    /// parent of every directory it creates when `durable`. Returns the full path.
    static func makeDirectories(root: String, _ components: [String], durable: Bool) throws -> String {
        var path = root
        for component in components {
            let parent = path
            path += "/" + component
            if mkdir(path, 0o755) == 0 {
                if durable { try syncDirectory(parent) }
            } else if errno != EEXIST {
                throw Failure(operation: "mkdir", path: path, errno: errno)
            }
            let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            guard type == .typeDirectory else { throw Failure(operation: "not a directory:", path: path, errno: ENOTDIR) }
        }
        return path
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// `write(2)`, at file scope so it is not shadowed by ``AtomicFile/write(_:directory:name:durable:)``.
private func sysWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
