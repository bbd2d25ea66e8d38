#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader, or a crash, never sees a partial one: the one place in the package
/// that knows the recipe.
///
/// ``write(_:to:mode:)`` takes these steps (``DurableWriteStep``), in order:
/// 1. when ``createDirectories``, makes the missing directories on the way (each new directory's
///    parent is fsynced in step 7); then opens the destination directory, refusing a symlink;
/// 2. refuses a symlink at the final name (an existing regular file is fine);
/// 3. creates a temporary file `.<name>.tmp-<random>` in the same directory, exclusively and
///    without following symlinks, with mode ``permissions``;
/// 4. writes the bytes;
/// 5. fsyncs the temporary file (when ``durable``);
/// 6. publishes it: `rename(2)` over the final name (``Mode/replace``), or `link(2)` to the final
///    name then unlinks the temporary name (``Mode/createNew``: fails with
///    ``DurableWriteError/fileExists`` instead of overwriting, even when the name appears meanwhile);
/// 7. fsyncs the directory (when ``durable``), so the new entry survives a crash.
///
/// Guarantees:
/// - the final name shows either its old contents (or nothing) or the complete new bytes;
/// - on any failure the temporary file is removed; and when step 7 fails for a name that did not
///   exist before, the new file is removed too, so a write the caller was told failed leaves nothing
///   behind (a file that *replaced* an older one stays: it is complete, and the old one is gone);
/// - success is returned only once the data and its directory entry are durable (when ``durable``).
///
/// A batching layer may run steps 1–6 with ``publish(_:directory:name:mode:)`` and do step 7 for many
/// files with one ``syncDirectory(_:)``, calling ``Published/withdraw()`` for each file if that fails.
///
/// Tests make any step fail through ``faults`` and check that nothing partial is left.
public struct DurableWriter: Sendable {
    /// How step 6 treats an existing file at the final name.
    public enum Mode: Sendable {
        /// `rename(2)`: replaces an existing file atomically.
        case replace
        /// `link(2)`: never overwrites; an existing name fails with ``DurableWriteError/fileExists``.
        case createNew
    }

    /// A test hook, asked before each step's system call with the step and the path it acts on:
    /// returning an `errno` makes that call fail with it (``DurableWriteStep/write`` fails after
    /// half of the bytes are written, so a partial temporary file exists when it fails).
    public typealias Faults = @Sendable (DurableWriteStep, String) -> Int32?

    /// Steps 5 and 7 (and the fsync of a new directory's parent) run only when true.
    public var durable: Bool
    /// Step 1 makes missing directories (mode 0755) when true; otherwise a missing one fails the write.
    public var createDirectories: Bool
    /// The mode of new files (0644 by default; 0600 for secrets).
    public var permissions: UInt32
    /// After step 5, tells the kernel it may drop the file's (clean) pages from the page cache: for a
    /// writer that never reads its files back, so the next write reuses those pages warm. Advisory.
    public var dropsCachedPages: Bool
    public var faults: Faults?

    public init(durable: Bool = true, createDirectories: Bool = true, permissions: UInt32 = 0o644,
                dropsCachedPages: Bool = false, faults: Faults? = nil) {
        self.durable = durable
        self.createDirectories = createDirectories
        self.permissions = permissions
        self.dropsCachedPages = dropsCachedPages
        self.faults = faults
    }

    // MARK: - The whole recipe

    /// Writes `bytes` to `path` (steps 1–7).
    ///
    /// - Throws: ``DurableWriteError`` naming the step and path that failed; nothing partial is left.
    public func write(_ bytes: UnsafeRawBufferPointer, to path: String, mode: Mode = .replace) throws(DurableWriteError) {
        let (directory, name) = Self.split(path)
        var created: [String] = []
        try makeDirectories(directory, created: &created)
        let published = try publish(bytes, directory: directory, name: name, mode: mode)
        do {
            for parent in created { try syncDirectory(parent) }
            try syncDirectory(directory)
        } catch {
            published.withdraw()
            throw error
        }
    }

    /// ``write(_:to:mode:)`` for an array of bytes.
    public func write(_ bytes: [UInt8], to path: String, mode: Mode = .replace) throws(DurableWriteError) {
        // (withUnsafeBytes rethrows untyped errors, so the typed one travels in a Result.)
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(DurableWriteError) in try write(buffer, to: path, mode: mode) }
        }.get()
    }

    /// ``write(_:to:mode:)`` for text, as UTF-8.
    public func write(_ text: String, to path: String, mode: Mode = .replace) throws(DurableWriteError) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    // MARK: - Steps, for a batching layer

    /// A file published by ``publish(_:directory:name:mode:)`` whose directory entry is not yet durable.
    public struct Published: Sendable {
        public var path: String
        /// The directory to fsync (step 7).
        public var directory: String
        /// Whether the final name was free before step 6 (so ``withdraw()`` may remove it).
        public var isNew: Bool

        /// Undoes step 6 after a failed step 7, when the file took a free name: a write reported as
        /// failed leaves nothing behind. A file that replaced an older one is complete and stays.
        public func withdraw() {
            if isNew { _ = unlink(path) }
        }
    }

    /// Steps 2–6: the complete file at `directory/name`, whose directory entry still needs
    /// ``syncDirectory(_:)`` to be durable. `directory` must exist and have been checked (step 1).
    ///
    /// - Throws: ``DurableWriteError``; the temporary file is gone and the final name untouched.
    public func publish(_ bytes: UnsafeRawBufferPointer, directory: String, name: String,
                        mode: Mode = .replace) throws(DurableWriteError) -> Published {
        let finalPath = Self.join(directory, name)
        let isNew = try checkDestination(finalPath)
        let temporary = Self.join(directory, "." + name + ".tmp-" + Self.randomSuffix())
        let fd = try createTemporary(temporary)
        do {
            try writeAll(bytes, to: fd, path: temporary)
            if durable { try perform(.syncFile, temporary) { fsync(fd) == 0 } }
            if dropsCachedPages { Self.adviseDontNeed(fd) }
        } catch {
            _ = close(fd)
            _ = unlink(temporary)
            throw error
        }
        _ = close(fd)
        switch mode {
        case .replace:
            do {
                try perform(.publish, finalPath) { rename(temporary, finalPath) == 0 }
            } catch {
                _ = unlink(temporary)
                throw error
            }
        case .createNew:
            defer { _ = unlink(temporary) }
            try perform(.publish, finalPath) { link(temporary, finalPath) == 0 }
        }
        return Published(path: finalPath, directory: directory, isNew: isNew || mode == .createNew)
    }

    /// ``publish(_:directory:name:mode:)`` for an array of bytes.
    public func publish(_ bytes: [UInt8], directory: String, name: String,
                        mode: Mode = .replace) throws(DurableWriteError) -> Published {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(DurableWriteError) in try publish(buffer, directory: directory, name: name, mode: mode) }
        }.get()
    }

    /// Step 7: fsyncs `directory` (when ``durable``) so entries created or renamed in it survive a crash.
    public func syncDirectory(_ directory: String) throws(DurableWriteError) {
        guard durable else { return }
        try injectedFault(.syncDirectory, directory)
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw DurableWriteError(step: .syncDirectory, path: directory, errno: errno) }
        defer { _ = close(dfd) }
        guard fsync(dfd) == 0 else { throw DurableWriteError(step: .syncDirectory, path: directory, errno: errno) }
    }

    /// Step 1 for a whole path: makes every missing directory of `directory` (mode 0755), then
    /// checks that `directory` itself is a directory and not a symlink.
    ///
    /// - Parameter created: receives the parent of every directory made here; sync them
    ///   (``syncDirectory(_:)``) before counting the new directories as durable.
    public func makeDirectories(_ directory: String, created: inout [String]) throws(DurableWriteError) {
        if !createDirectories || Self.isDirectory(directory) {
            try checkDirectory(directory)
            return
        }
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/", omittingEmptySubsequences: true) {
            let parent = path.isEmpty ? "/" : path
            path = path + "/" + component
            try makeDirectory(path, parent: parent, created: &created)
        }
        try checkDirectory(directory)
    }

    /// Step 1 under a trusted root: makes `root/components…` one level at a time (mode 0755),
    /// refusing any component that is a symlink or not a directory.
    ///
    /// - Parameter created: receives the parent of every directory made here.
    /// - Returns: `root/components…`.
    @discardableResult
    public func makeDirectories(root: String, _ components: [String], created: inout [String]) throws(DurableWriteError) -> String {
        var path = root
        for component in components {
            let parent = path
            path += "/" + component
            try makeDirectory(path, parent: parent, created: &created)
            try checkDirectory(path)
        }
        return path
    }

    // MARK: - Single steps

    private func makeDirectory(_ path: String, parent: String, created: inout [String]) throws(DurableWriteError) {
        try injectedFault(.makeDirectory, path)
        if mkdir(path, 0o755) == 0 {
            if !created.contains(parent) { created.append(parent) }
        } else if errno != EEXIST {
            throw DurableWriteError(step: .makeDirectory, path: path, errno: errno)
        }
    }

    /// A real directory: `O_NOFOLLOW` refuses a symlink (`ELOOP`), `O_DIRECTORY` anything else (`ENOTDIR`).
    private func checkDirectory(_ path: String) throws(DurableWriteError) {
        try injectedFault(.checkDirectory, path)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw DurableWriteError(step: .checkDirectory, path: path, errno: errno) }
        _ = close(fd)
    }

    /// Refuses a symlink at `path`; returns whether the name is free.
    private func checkDestination(_ path: String) throws(DurableWriteError) -> Bool {
        try injectedFault(.checkDestination, path)
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else { throw DurableWriteError(step: .checkDestination, path: path, errno: errno) }
            return true
        }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            throw DurableWriteError(step: .checkDestination, path: path, errno: ELOOP)
        }
        return false
    }

    private func createTemporary(_ path: String) throws(DurableWriteError) -> Int32 {
        try injectedFault(.createTemporary, path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw DurableWriteError(step: .createTemporary, path: path, errno: errno) }
        // The umask may have narrowed the mode; secrets (0600) must not be widened by it, and
        // ordinary files get exactly what was asked.
        if fchmod(fd, mode_t(permissions)) != 0 {
            let code = errno
            _ = close(fd)
            _ = unlink(path)
            throw DurableWriteError(step: .createTemporary, path: path, errno: code)
        }
        return fd
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws(DurableWriteError) {
        // Under a fault, half the bytes go out first so the failure leaves a partial temporary file.
        let injected = faults?(.write, path)
        let end = injected == nil ? bytes.count : bytes.count / 2
        var offset = 0
        while offset < end {
            let n = sysWrite(fd, bytes.baseAddress! + offset, end - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw DurableWriteError(step: .write, path: path, errno: errno)
            }
            offset += n
        }
        if let injected { throw DurableWriteError(step: .write, path: path, errno: injected) }
    }

    /// Throws the failure the test hook asks for at `step`, if any.
    private func injectedFault(_ step: DurableWriteStep, _ path: String) throws(DurableWriteError) {
        if let code = faults?(step, path) { throw DurableWriteError(step: step, path: path, errno: code) }
    }

    /// Runs one system call of `step` (after the test hook); throws with `errno` when it returns false.
    private func perform(_ step: DurableWriteStep, _ path: String, _ call: () -> Bool) throws(DurableWriteError) {
        try injectedFault(step, path)
        guard call() else { throw DurableWriteError(step: step, path: path, errno: errno) }
    }

    // MARK: - Paths

    /// (directory, name) of `path`; the directory of a bare name is `.`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func randomSuffix() -> String {
        var random = SystemRandomNumberGenerator()
        return String(random.next() & 0xFFFF_FFFF_FFFF, radix: 16)
    }

    static func adviseDontNeed(_ fd: Int32) {
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
        #endif
    }
}

/// `write(2)`, at file scope so the writer's own `write` methods cannot shadow it.
private func sysWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
