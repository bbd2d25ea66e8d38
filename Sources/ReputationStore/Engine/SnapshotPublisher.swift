public import Foundation
public import Reputation

/// Writes a reputation snapshot from the store's `miner_reputation` rows where the service watches it:
/// validated first, then temporary file, fsync, rename, directory fsync — a reader sees the old file
/// or the new one, never half of one.
public enum SnapshotPublisher {
    public static func snapshot(_ reputations: [String: StoredReputation], version: String) -> ReputationSnapshot {
        var miners: [String: Reputation.MinerReputation] = [:]
        miners.reserveCapacity(reputations.count)
        for (k, r) in reputations {
            miners[k] = Reputation.MinerReputation(repScore: r.score, repTier: ReputationTier(rawValue: r.tier))
        }
        return ReputationSnapshot(version: version, generatedAt: StoreClock.now(), miners: miners)
    }

    public static func write(_ reputations: [String: StoredReputation], version: String, to path: String,
                             knownTiers: [String]) throws {
        let s = snapshot(reputations, version: version)
        try s.validate(knownTiers: Set(knownTiers.map { ReputationTier(rawValue: $0) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try atomicWrite(try encoder.encode(s), to: path)
    }

    /// Temporary file in the same directory, data synced, renamed over `path`, directory synced.
    public static func atomicWrite(_ data: Data, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = dir + "/." + (path as NSString).lastPathComponent + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: tmp]) }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let dfd = open(dir, O_RDONLY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}

/// `write(2)`, named apart from ``SnapshotPublisher/write(_:version:to:knownTiers:)``.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
