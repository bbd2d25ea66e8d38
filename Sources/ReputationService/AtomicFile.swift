import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system steps of an all-or-nothing write: create directories (refusing symlinks), write a
/// temporary file in the destination directory, rename it over the final name, fsync a directory.
///
/// ``GroupCommitter`` orders these steps (and the syncs between them) so a reader sees either no file
/// or the whole file, and, when durable, the file and its directory entry survive a crash before the
/// caller answers.
enum AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var path: String
        var errno: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    }

    /// A temporary file holding the complete contents of `directory/name`, not yet renamed.
    ///
    /// `descriptor` stays open (for a later fsync) until ``close()``.
    struct Staged {
        var descriptor: Int32
        var directory: String
        var temporaryPath: String
        var finalPath: String

        func close() { _ = sysClose(descriptor) }

        /// Drops the file's pages from the page cache once they are clean (after an fsync): the service
        /// never reads an allocation back, and the freed pages are reused, warm, by the next write
        /// instead of the kernel taking fresh memory for every file (on a VM whose host reclaims idle
        /// guest memory, touching fresh pages costs more than the write itself). Advisory: a failure
        /// changes nothing.
        func dropCachedPages() {
            #if os(Linux)
            _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
            #endif
        }
    }

    /// Creates `directory/.tmp-<name>.<random>` exclusively and writes `data` into it.
    ///
    /// - Throws: ``Failure`` (create or write); the temporary file is removed and closed on failure.
    static func stage(_ data: [UInt8], directory: String, name: String) throws(Failure) -> Staged {
        var random = SystemRandomNumberGenerator()
        let temp = directory + "/.tmp-" + name + "." + String(random.next() & 0xFFFF_FFFF, radix: 16)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(operation: "create", path: temp, errno: errno) }
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { buf in sysWrite(fd, buf.baseAddress! + offset, buf.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let failure = Failure(operation: "write", path: temp, errno: errno)
                _ = sysClose(fd)
                unlink(temp)
                throw failure
            }
            offset += n
        }
        return Staged(descriptor: fd, directory: directory, temporaryPath: temp, finalPath: directory + "/" + name)
    }

    /// fsyncs a directory so entries created or renamed in it are durable.
    static func syncDirectory(_ directory: String) throws(Failure) {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw Failure(operation: "open directory", path: directory, errno: errno) }
        defer { _ = sysClose(dfd) }
        guard fsync(dfd) == 0 else { throw Failure(operation: "fsync directory", path: directory, errno: errno) }
    }

    /// Creates `root/components…` one level at a time (mode 0755), refusing anything that is not a real
    /// directory (symlinks included).
    ///
    /// - Parameter created: receives the parent of every directory this call created; those parents
    ///   must be synced before the new entries count as durable.
    /// - Returns: the full path.
    static func makeDirectories(root: String, _ components: [String], created: inout Set<String>) throws(Failure) -> String {
        var path = root
        for component in components {
            let parent = path
            path += "/" + component
            if mkdir(path, 0o755) == 0 {
                created.insert(parent)
            } else if errno != EEXIST {
                throw Failure(operation: "mkdir", path: path, errno: errno)
            }
            // A real directory: O_NOFOLLOW refuses a symlink (ELOOP), O_DIRECTORY anything else (ENOTDIR).
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw Failure(operation: "not a directory:", path: path, errno: errno) }
            _ = sysClose(fd)
        }
        return path
    }

    /// ``makeDirectories(root:_:created:)``, then fsyncs the parents of new directories when `durable`.
    static func makeDirectories(root: String, _ components: [String], durable: Bool) throws(Failure) -> String {
        var created = Set<String>()
        let path = try makeDirectories(root: root, components, created: &created)
        if durable { for parent in created { try syncDirectory(parent) } }
        return path
    }

    /// `root/components…`: the path ``makeDirectories(root:_:created:)`` returns.
    static func path(root: String, _ components: [String]) -> String {
        components.reduce(root) { $0 + "/" + $1 }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// `write(2)`, at file scope so no method named `write` can shadow it.
private func sysWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// `close(2)`, at file scope so ``AtomicFile/Staged/close()`` can call it.
func sysClose(_ fd: Int32) -> Int32 {
    close(fd)
}
