import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `syncfs(2)`: write back and make durable everything on the file system holding a descriptor, with
/// one journal commit and one device cache flush however many files are dirty.
///
/// Glibc declares it only under `_GNU_SOURCE`, which the Swift Glibc module does not define, so the
/// symbol is looked up once at run time. `nil` where the C library lacks it (not Linux); callers then
/// fsync each file instead.
///
/// > Note: since Linux 5.8 `syncfs` reports write-back errors of the file system (any file on it);
/// > callers treat a failure as the failure of every write it was meant to cover.
enum FilesystemSync {
    typealias Function = @convention(c) (Int32) -> Int32

    static let syncfs: Function? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil } // RTLD_DEFAULT
        return unsafeBitCast(symbol, to: Function.self)
        #else
        return nil
        #endif
    }()

    /// The file system (device number) `path` lives on, or nil when it cannot be examined.
    static func device(of path: String) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.systemNumber].flatMap { ($0 as? NSNumber)?.uint64Value }
    }
}
