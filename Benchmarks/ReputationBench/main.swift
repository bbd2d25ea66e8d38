import Foundation
import Reputation
import ReputationStore

// Reputation store figures (release build; `make bench-reputation`):
//  1. ingest of FILES allocation files of 256 entries into a fresh SQLite store (files/s), and into
//     PostgreSQL beside it when --postgres URL is given;
//  2. one engine pass (review-delta → got-rewarded-decay → neutral-decay) over 10,000 miners with
//     100,000 history rows already in the store, including the snapshot write.
// Options: --files N (2000), --miners-per-file N (256), --rounds N (3), --postgres URL, --batch-size N
// (files per transaction, AllocationIngest's default when not given).

var files = 2000, perFile = 256, rounds = 3
var batchSize: Int?
var postgres: String?
var args = CommandLine.arguments.dropFirst().makeIterator()
while let a = args.next() {
    switch a {
    case "--files": files = Int(args.next() ?? "") ?? files
    case "--miners-per-file": perFile = Int(args.next() ?? "") ?? perFile
    case "--rounds": rounds = Int(args.next() ?? "") ?? rounds
    case "--postgres": postgres = args.next()
    case "--batch-size": batchSize = Int(args.next() ?? "")
    default: FileHandle.standardError.write(Data("unknown option \(a)\n".utf8)); exit(2)
    }
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func since(_ start: UInt64) -> Double { Double(now() - start) / 1e9 }
/// CPU seconds (user + system, all threads) this process has used: beside wall time it shows what a
/// phase costs on a machine other work is loading.
func cpu() -> Double {
    var u = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &u)  // Glibc imports the enum; the call takes its raw value
    #else
    getrusage(RUSAGE_SELF, &u)
    #endif
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

let work = FileManager.default.temporaryDirectory.appendingPathComponent("reputation-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }
print("writing \(files) allocation files of \(perFile) entries under \(work) …")
try SyntheticRewardFiles.write(count: files, miners: perFile, validators: 8, to: work + "/data")

@MainActor func ingest(_ store: any ReputationStore) -> AllocationIngest {
    batchSize.map { AllocationIngest(store: store, batchSize: $0) } ?? AllocationIngest(store: store)
}

print("ingest (\(rounds) rounds, fresh store each, backends alternating):")
var sqliteRates: [Double] = [], postgresRates: [Double] = []
for round in 0..<rounds {
    let db = "\(work)/r\(round).sqlite"
    let store = try SQLiteReputationStore(path: db)
    var start = now()
    var cpuStart = cpu()
    var report = try await ingest(store).run(directory: work + "/data")
    var t = since(start)
    var c = cpu() - cpuStart
    try await store.close()
    precondition(report.allocationsInserted == files && report.failures.isEmpty, "ingest stored \(report.allocationsInserted) of \(files)")
    sqliteRates.append(Double(files) / t)
    print(String(format: "  sqlite    round %d: %.3f s, %.0f files/s, %.0f entries/s, %.2f CPU s", round + 1, t, Double(files) / t,
                 Double(files * perFile) / t, c))
    if let postgres, case .postgres(let address) = try StoreLocation(parsing: postgres) {
        let schema = "bench_\(getpid())_\(round)"
        let pg = try await PostgresReputationStore.connect(address, schema: schema)
        start = now()
        cpuStart = cpu()
        report = try await ingest(pg).run(directory: work + "/data")
        t = since(start)
        c = cpu() - cpuStart
        precondition(report.allocationsInserted == files, "postgres ingest stored \(report.allocationsInserted) of \(files)")
        try await pg.dropSchema(schema)
        try await pg.close()
        postgresRates.append(Double(files) / t)
        print(String(format: "  postgres  round %d: %.3f s, %.0f files/s, %.0f entries/s, %.2f CPU s (client only)", round + 1, t,
                     Double(files) / t, Double(files * perFile) / t, c))
    }
}
func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
print(String(format: "ingest median: sqlite %.0f files/s (target ≥ 2000)%@", median(sqliteRates),
             postgresRates.isEmpty ? "" : String(format: ", postgres %.0f files/s", median(postgresRates))))

// Engine pass over 10,000 miners and 100,000 history rows.
let minerCount = 10_000
let engineDB = "\(work)/engine.sqlite"
let store = try SQLiteReputationStore(path: engineDB)
let miners = (0..<minerCount).map { SyntheticRewardFiles.hotkey("miner", $0) }
try await store.addMiners(miners)
let seedEngine = ReputationEngine(updates: [NeutralDecayUpdate(halfLife: 1000)], assignment: .miidPhase3)
// 10 passes of 10,000 history rows each: the 100,000 rows already there.
for p in 0..<10 {
    var input = try await store.engineInput()
    if p == 0 {
        // Start everyone off neutral so neutral decay writes one row per miner per pass.
        for (i, m) in miners.enumerated() { input.reputations[m] = .some(StoredReputation(score: 0.7 + Double(i % 80) / 100, tier: "Neutral")) }
    }
    var record = seedEngine.plan(input, passId: "seed-\(p)", snapshotVersion: "seed", now: "2026-12-01T00:00:00.000Z")
    record.history = record.history.filter { $0.autoSource != "initial" }
    _ = try await store.commit(record)
    try await store.markSnapshotWritten(passId: "seed-\(p)")
}
// The period's inputs: 20,000 reviews and 40 allocations of 256 entries.
var reviews: [ReviewRecord] = []
for i in 0..<20_000 {
    reviews.append(ReviewRecord(minerHotkey: miners[(i * 7) % minerCount], validationScore: Double(i % 11) / 10,
                                reviewer: "r\(i % 5)", reviewedAt: "2026-12-01T00:00:00Z"))
}
try await store.addReviews(reviews)
let allocationDir = work + "/engine-data"
try SyntheticRewardFiles.write(count: 40, miners: 256, validators: 8, to: allocationDir)
_ = try await AllocationIngest(store: store).run(directory: allocationDir)
let before = try await store.counts()
print("engine pass: \(before.miners) miners, \(before.history) history rows, \(before.unprocessedReviews) reviews, \(before.allocations) allocations")
let engine = ReputationEngine(updates: [ReviewDeltaUpdate(), GotRewardedDecayUpdate(), NeutralDecayUpdate()], assignment: .miidPhase3)
let engineStart = now()
let engineCPU = cpu()
let outcome = try await engine.run(store: store, passId: "bench", snapshotPath: work + "/reputation_snapshot.json",
                                   snapshotVersion: "bench")
let engineSeconds = since(engineStart)
print(String(format: "engine pass: %.3f s, %.2f CPU s (target < 1 s): %@", engineSeconds, cpu() - engineCPU, "\(outcome)"))
try await store.close()
