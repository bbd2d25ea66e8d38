import Foundation

/// `shard.json`: what a shard directory holds, written when the shard starts and again when it ends.
///
/// ```json
/// {"kind":"matrix","plan_hash":"…","shard":{"index":2,"count":4},"items":24,"complete":true}
/// ```
/// `plan_hash` is the hash of the resolved plan (every config the full job would run), so `merge`
/// can refuse shards of different plans; `items` is the size of the full plan (matrix: cells × seeds;
/// Monte Carlo: runs), so `merge` can name what is missing.
public struct ShardManifest: Sendable, Hashable {
    /// The file name inside a shard directory.
    public static let fileName = "shard.json"

    public enum Kind: String, Sendable, Hashable {
        case matrix
        case monteCarlo = "monte-carlo"
    }

    public var kind: Kind
    public var planHash: String
    public var shard: ShardAssignment
    public var items: Int
    public var complete: Bool
    /// A matrix's seeds (items are cells × seeds, cell-major), to name missing runs.
    public var seeds: [Int]
    /// A matrix's `cells differ` axes, checked by `merge` once every cell is in.
    public var cellsDiffer: [String]

    public init(kind: Kind, planHash: String, shard: ShardAssignment, items: Int, complete: Bool, seeds: [Int] = [],
                cellsDiffer: [String] = []) {
        self.seeds = seeds
        self.cellsDiffer = cellsDiffer
        self.kind = kind
        self.planHash = planHash
        self.shard = shard
        self.items = items
        self.complete = complete
    }

    public var json: ConfigNode {
        .map([
            ConfigEntry(key: "kind", value: .string(kind.rawValue)),
            ConfigEntry(key: "plan_hash", value: .string(planHash)),
            ConfigEntry(key: "shard", value: .map([ConfigEntry(key: "index", value: .int(shard.index)),
                                                   ConfigEntry(key: "count", value: .int(shard.count))])),
            ConfigEntry(key: "items", value: .int(items)),
            ConfigEntry(key: "complete", value: .bool(complete)),
            ConfigEntry(key: "seeds", value: .list(seeds.map { .int($0) })),
            ConfigEntry(key: "cells_differ", value: .list(cellsDiffer.map { .string($0) })),
        ])
    }

    /// Writes `DIR/shard.json` durably.
    public func write(into directory: String) throws {
        try MatrixOutput.writeAtomically(json.jsonString(pretty: true) + "\n", to: "\(directory)/\(Self.fileName)")
    }

    /// Reads `DIR/shard.json`; `nil` when the directory has none.
    public static func read(from directory: String) throws -> ShardManifest? {
        let path = "\(directory)/\(fileName)"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let node = try ConfigLoader().parse(yaml: text, name: path)
        let r = try ConfigReader(node, path: "shard.json")
        let kindName = try r.string("kind", choices: ["matrix", "monte-carlo"])
        let s = try r.section("shard")
        let index = try s.int("index")
        let count = try s.int("count")
        let shard: ShardAssignment
        do { shard = try ShardAssignment(index: index, count: count, source: path) } catch {
            throw ShardError("\(path): \(error.message)")
        }
        return ShardManifest(kind: Kind(rawValue: kindName)!, planHash: try r.string("plan_hash"), shard: shard,
                             items: try r.int("items"), complete: try r.bool("complete", default: false),
                             seeds: (r.raw("seeds")?.elements ?? []).compactMap(\.intValue),
                             cellsDiffer: (r.raw("cells_differ")?.elements ?? []).compactMap(\.stringValue))
    }
}

/// The shard directories given to a `merge`, checked: one plan, one shard count, nothing missing.
public struct ShardSet: Sendable {
    public var directories: [String]
    public var manifests: [ShardManifest]

    /// Expands each argument: a shard directory (with `shard.json`) is taken as is; a directory
    /// without one contributes its `shard-*` subdirectories and any subdirectory holding a
    /// `shard.json` (so `merge OUT` works on a directory that `--shard auto` wrote into).
    public static func expand(_ arguments: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for dir in arguments {
            if fm.fileExists(atPath: "\(dir)/\(ShardManifest.fileName)") { out.append(dir); continue }
            let children = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted()
                .map { "\(dir)/\($0)" }
                .filter { fm.fileExists(atPath: "\($0)/\(ShardManifest.fileName)") }
            guard !children.isEmpty else {
                throw ShardError("'\(dir)' is not a shard directory (no \(ShardManifest.fileName)) and holds none; "
                                 + "pass the directories that `--shard` runs wrote")
            }
            out += children
        }
        return out
    }

    /// Reads and checks the manifests of `directories` (already expanded).
    /// - Throws: ``ShardError`` when a directory has no manifest, when kinds, plans or shard counts differ.
    public init(directories: [String], kind: ShardManifest.Kind) throws {
        guard !directories.isEmpty else { throw ShardError("merge needs at least one shard directory") }
        var manifests: [ShardManifest] = []
        for dir in directories {
            guard let m = try ShardManifest.read(from: dir) else {
                throw ShardError("'\(dir)' has no \(ShardManifest.fileName): not a shard directory")
            }
            guard m.kind == kind else {
                throw ShardError("'\(dir)' holds a \(m.kind.rawValue) shard; this merge needs \(kind.rawValue) shards")
            }
            manifests.append(m)
        }
        let plans = Dictionary(grouping: zip(directories, manifests), by: { $0.1.planHash })
        if plans.count > 1 {
            let groups = plans.sorted { $0.key < $1.key }.map { hash, members in
                "plan \(hash.prefix(12)): \(members.map(\.0).joined(separator: ", "))"
            }
            throw ShardError("refusing to merge shards of different plans (the resolved configs differ): "
                             + groups.joined(separator: "; "))
        }
        let counts = Set(manifests.map(\.shard.count))
        if counts.count > 1 {
            throw ShardError("refusing to merge shards cut into different counts: "
                             + zip(directories, manifests).map { "\($0.0) is \($0.1.shard)" }.joined(separator: ", "))
        }
        self.directories = directories
        self.manifests = manifests
    }

    public var planHash: String { manifests[0].planHash }
    public var shardCount: Int { manifests[0].shard.count }
    public var items: Int { manifests[0].items }

    /// Throws when an item of the plan has no result, naming the shards that are absent and the
    /// items each present shard lacks.
    /// - Parameters:
    ///   - present: the plan positions (0..<items) that have results.
    ///   - owner: the shard (1-based) that runs a position.
    ///   - describe: a position in words (`cell 3 seed 2`, `run 17`).
    public func requireComplete(present: Set<Int>, owner: (Int) -> Int, describe: (Int) -> String) throws {
        let missing = (0..<items).filter { !present.contains($0) }
        guard !missing.isEmpty else { return }
        let here = Set(manifests.map(\.shard.index))
        var lines: [String] = []
        for (shard, positions) in Dictionary(grouping: missing, by: owner).sorted(by: { $0.key < $1.key }) {
            let list = positions.prefix(8).map(describe).joined(separator: ", ") + (positions.count > 8 ? ", …" : "")
            if here.contains(shard) {
                lines.append("shard \(shard)/\(shardCount) is incomplete: \(positions.count) missing (\(list)); rerun it with --resume")
            } else {
                lines.append("shard \(shard)/\(shardCount) is absent: \(positions.count) missing (\(list))")
            }
        }
        throw ShardError("cannot merge: \(missing.count) of \(items) results are missing — " + lines.joined(separator: "; "))
    }
}
