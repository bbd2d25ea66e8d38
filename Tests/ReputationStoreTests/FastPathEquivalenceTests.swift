import Foundation
@testable import Reputation
@testable import ReputationStore
import Testing

/// The scanner (ingest's fast path) reads exactly what `JSONDecoder` reads, or gives up.
@Suite("Allocation file scanner agrees with JSONDecoder")
struct RewardAllocationScannerTests {
    /// The reader's result through the scanner and through `JSONDecoder` alone, for one file's bytes.
    func bothPaths(_ text: String, path: String = "/d/rewards/C1/v/reward_1.json")
        -> (fast: (RewardAllocation, String?)?, reference: Result<AllocationRecord, AllocationFileReader.Failure>,
            read: Result<AllocationRecord, AllocationFileReader.Failure>) {
        let data = Data(text.utf8)
        let wrapped = AllocationFileReader.isWrapped(data)
        let fast = RewardAllocationScanner.scan(data, wrapped: wrapped)
        let reference = Result { () throws(AllocationFileReader.Failure) -> AllocationRecord in
            let (a, r) = try AllocationFileReader.decodeWithFoundation(data, path: path, wrapped: wrapped)
            return try AllocationFileReader.record(a, receivedAt: r, wrapped: wrapped, path: path)
        }
        let read = Result { () throws(AllocationFileReader.Failure) -> AllocationRecord in
            try AllocationFileReader.read(data, path: path)
        }
        return (fast, reference, read)
    }

    /// Asserts the scanner read the file and agrees with `JSONDecoder` field by field (doubles bit for bit).
    func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (fast, reference, read) = bothPaths(text)
        #expect(fast != nil, "the scanner gave up on a file it should read", sourceLocation: sourceLocation)
        #expect(read == reference, sourceLocation: sourceLocation)
        if case .success(let a) = read, case .success(let b) = reference {
            for (x, y) in zip(a.entries, b.entries) {
                #expect(x.baseReward.bitPattern == y.baseReward.bitPattern && x.repScore.bitPattern == y.repScore.bitPattern
                        && x.reputationBonus.bitPattern == y.reputationBonus.bitPattern
                        && x.totalReward.bitPattern == y.totalReward.bitPattern, sourceLocation: sourceLocation)
            }
        }
    }

    @Test("the service's files and the synthetic benchmark files: same records")
    func serviceFiles() throws {
        for seed in [0, 1, 7, 123] {
            try expectSame(SyntheticRewardFiles.fileText(validator: seed % 8, cycle: "C\(seed)", step: "s\(seed)", miners: 256, seed: seed))
        }
        try expectSame(String(decoding: try Fixtures.serviceFile(validator: 1, cycle: "C1", step: "s1", miners: 64), as: UTF8.self))
    }

    @Test("JSONEncoder output, pretty or compact, bare or wrapped, with random doubles: same records")
    func encodedRandomDoubles() throws {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let entries = (0..<32).map { m in
                // Finite non-negative doubles over many magnitudes, and some exact small integers.
                func value() -> Double {
                    switch rng.next() % 4 {
                    case 0: return Double(rng.next() % 1000)
                    case 1: return Double.random(in: 0..<1, using: &rng)
                    case 2: return Double(bitPattern: rng.next() >> 2 | 0x0010_0000_0000_0000) // normal, < 2^1023
                    default: return Double.random(in: 0..<1e-5, using: &rng)
                    }
                }
                return RewardAllocationEntry(minerHotkey: Hotkeys.make("miner", m), uid: m % 3 == 0 ? nil : m,
                                             baseReward: value(), repScore: value(), repTier: m % 2 == 0 ? "Gold" : "Platinum",
                                             reputationBonus: -value(), totalReward: value())
            }
            let allocation = RewardAllocation(validatorHotkey: Hotkeys.make("validator", round), repSnapshotVersion: round % 2 == 0 ? nil : "v",
                                              cycleId: "C\(round)", stepId: round % 3 == 0 ? nil : "s", timestamp: "2026-12-01T00:00:00Z",
                                              miners: entries, signature: "sig", idempotencyKey: round % 5 == 0 ? "k\(round)" : nil)
            let encoder = JSONEncoder()
            if round % 2 == 1 { encoder.outputFormatting = [.prettyPrinted, .sortedKeys] }
            let body = String(decoding: try encoder.encode(allocation), as: UTF8.self)
            try expectSame(body)
            try expectSame("{\"received_at\":\"2026-12-01T00:00:01Z\",\"request_id\":\"r\",\"idempotency_key\":null,\"allocation\":\(body)}\n")
        }
    }

    @Test("hand-written variants the scanner reads: nulls, unknown scalars, integers and exponents, whitespace")
    func variants() throws {
        let v = Hotkeys.make("validator", 0), m = Hotkeys.make("miner", 0), m1 = Hotkeys.make("miner", 1)
        // `"allocation":` without a space: that is how the reader tells a wrapped record (as before).
        try expectSame("""
            { "allocation": { "miners" : [ { "total_reward" : 1 , "rep_tier" : "Gold", "extra": [], "miner_hotkey" : "\(m)",
              "base_reward" : 0.5e1, "rep_score" : 1E-3, "reputation_bonus" : -2, "uid" : null } ],
              "validator_hotkey" : "\(v)", "signature" : "", "cycle_id" : null, "step_id" : "x", "note" : true, "n": -0.5 } ,
              "received_at" : null, "flag": false }
            """.replacingOccurrences(of: "\"extra\": [], ", with: ""))
        try expectSame("{\"validator_hotkey\":\"\(v)\",\"signature\":\"s\",\"cycle_id\":\"C2\",\"miners\":[]}")
        try expectSame("{\"validator_hotkey\":\"\(v)\",\"signature\":\"s\",\"cycle_id\":\"C2\",\"miners\":[{\"miner_hotkey\":\"\(m)\","
                       + "\"uid\":0,\"base_reward\":0,\"rep_score\":1.5,\"rep_tier\":\"Neutral\",\"reputation_bonus\":0,\"total_reward\":0},"
                       + "{\"miner_hotkey\":\"\(m1)\",\"base_reward\":1.7976931348623157e308,\"rep_score\":2.2250738585072014E-308,"
                       + "\"rep_tier\":\"N\",\"reputation_bonus\":-0.0,\"total_reward\":123456789012345678901234567890}]}\r\n\t ")
    }

    @Test("strings of every length up to 40, plain or with an escape (\\u or \\\"), a control or a non-ASCII byte at every place")
    func stringsAtEveryOffset() throws {
        let v = Hotkeys.make("validator", 0), m = Hotkeys.make("miner", 0)
        func body(step: String) -> String {
            "{\"validator_hotkey\":\"\(v)\",\"signature\":\"s\",\"cycle_id\":\"C1\",\"miners\":[{\"miner_hotkey\":\"\(m)\","
                + "\"base_reward\":0.5,\"rep_score\":1,\"rep_tier\":\"Gold\",\"reputation_bonus\":0,\"total_reward\":0.5}],"
                + "\"step_id\":\"\(step)\"}"
        }
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")
        for length in 0...40 {
            let text = String(plain[0..<length])
            try expectSame(body(step: text))
            // The step at the very end of the file, so the eight-byte steps meet the buffer's end.
            let fast = RewardAllocationScanner.scan(Data(body(step: text).utf8), wrapped: false)
            #expect(fast?.allocation.stepId == text)
            for place in 0..<max(length, 1) {
                for special in ["\\u0062", "\\\"", "\t", "\u{1}", "\u{7F}x", "é", "\u{80}"] {
                    var chars = Array(text)
                    if chars.isEmpty { chars = [" "] }
                    let mixed = String(chars[..<place]) + special + String(chars[(place + 1)...])
                    let (fast, reference, read) = bothPaths(body(step: mixed))
                    if special == "\u{7F}x" {
                        #expect(fast?.0.stepId == mixed, "DEL is an ordinary byte in JSON strings")
                    } else if special == "\\\"" {
                        // A simple escape (here \") is decoded on the fast path, as JSONDecoder decodes it.
                        #expect(fast?.0.stepId == mixed.replacingOccurrences(of: "\\\"", with: "\""))
                    } else {
                        #expect(fast == nil, "the scanner read a string with \(special.debugDescription) at \(place)")
                    }
                    #expect(read == reference)
                }
            }
        }
    }

    @Test("the scanner gives up where it could differ, and the reader then answers as JSONDecoder does")
    func givesUp() throws {
        let v = Hotkeys.make("validator", 0), m = Hotkeys.make("miner", 0)
        let entry = "{\"miner_hotkey\":\"\(m)\",\"uid\":1,\"base_reward\":0.5,\"rep_score\":1,\"rep_tier\":\"Gold\",\"reputation_bonus\":0,\"total_reward\":0.5}"
        func body(_ miners: String = "[\(entry)]", extra: String = "") -> String {
            "{\"validator_hotkey\":\"\(v)\",\"signature\":\"s\",\"cycle_id\":\"C1\"\(extra),\"miners\":\(miners)}"
        }
        let cases = [
            body(extra: ",\"step_id\":\"a\\u0062\""),                    // an escape
            body(extra: ",\"step_id\":\"é\""),                           // non-ASCII
            body(extra: ",\"cycle_id\":\"C2\""),                         // a member twice
            body(extra: ",\"meta\":{\"a\":1}"),                          // an unknown object
            body(extra: ",\"step_id\":3"),                               // a mistyped optional
            body(entry.replacingOccurrences(of: "\"uid\":1", with: "\"uid\":1.0")),
            body(entry.replacingOccurrences(of: "\"uid\":1", with: "\"uid\":99999999999999999999")),
            body(entry.replacingOccurrences(of: "0.5,", with: "1e999,")),     // not finite
            body(entry.replacingOccurrences(of: "0.5,", with: "1e-400,")),    // underflow
            body(entry.replacingOccurrences(of: "0.5,", with: "01,")),        // not JSON
            body(entry.replacingOccurrences(of: "0.5,", with: ".5,")),
            body(entry.replacingOccurrences(of: "0.5,", with: "NaN,")),
            body(entry.replacingOccurrences(of: "\"rep_tier\":\"Gold\",", with: "")),  // a required member missing
            body(entry.replacingOccurrences(of: "\"rep_tier\":\"Gold\"", with: "\"rep_tier\":null")),
            body("[\(entry),]"),                                          // trailing comma
            body() + "x",                                                 // trailing garbage
            String(body().dropLast()),                                    // truncated
            "{\"received_at\":5,\"allocation\":\(body())}",               // mistyped received_at
            "{\"allocation\":\(body()),\"allocation\":\(body())}",
        ]
        for text in cases {
            let (fast, reference, read) = bothPaths(text)
            #expect(fast == nil, "the scanner read: \(text)")
            #expect(read == reference, "\(text)")
        }
    }
}

/// History reasons format numbers as `String(format:)` did, so reasons are byte-identical.
@Suite("Reason numbers")
struct ReasonFormatTests {
    @Test("ReasonFormat equals String(format: %.4f / %+.4f) on edge and random values")
    func sameAsFoundation() {
        var values: [Double] = [0, -0.0, 1, -1, 0.00005, 0.00015, 0.00025, -0.00005, 1.23455, 2.5e-5, 0.99995, 1e15, -1e15,
                                999_999_999_999_999.9, 123456.78905, 1e300, -1e-300, .pi, 0.1 + 0.2, 0.03125, 0.09375, -0.03125,
                                0.15625, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                0.00004999999999, 0.0000500000001, 2.00005, 9_007_199_254_740_993]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            values.append(Double.random(in: -3...3, using: &rng))
            values.append(Double(Int.random(in: -300_000...300_000, using: &rng)) / 100_000 + 0.000_05)
            values.append(Double(Int.random(in: -3_000_000...3_000_000, using: &rng)) / 32)  // exact ties at 4 decimals
            values.append(Double(bitPattern: rng.next()))                                    // any double
        }
        for v in values {
            #expect(ReasonFormat.number(v) == String(format: "%.4f", v))
            #expect(ReasonFormat.signed(v) == String(format: "%+.4f", v))
        }
    }
}

/// The snapshot's bytes are `JSONEncoder`'s, whichever way they were produced.
@Suite("Snapshot bytes")
struct SnapshotBytesTests {
    @Test("the direct encoding equals JSONEncoder([.sortedKeys, .withoutEscapingSlashes]) byte for byte")
    func sameAsJSONEncoder() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz_-./~ ")
        var direct = 0
        for round in 0..<200 {
            var miners: [String: SnapshotReputation] = [:]
            for _ in 0..<Int.random(in: 0..<150, using: &rng) {
                let key = String((0..<Int.random(in: 1..<50, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                let score: Double
                switch rng.next() % 4 {
                case 0: score = Double(rng.next() % 5)                         // 0, 1, 2… written without ".0"
                case 1: score = Double.random(in: 0..<3, using: &rng)
                case 2: score = Double(bitPattern: rng.next() >> 1)            // any magnitude, exponents
                default: score = Double.random(in: 0..<1e-4, using: &rng)      // 1e-05 style
                }
                guard score.isFinite else { continue }
                let tier = ["Gold", "Neutral", "Watch/x", "Pla tinum", "Diamond"].randomElement(using: &rng)!
                miners[key] = SnapshotReputation(repScore: score, repTier: ReputationTier(rawValue: tier))
            }
            // Some snapshots need escapes (a quote, a non-ASCII tier): those go through JSONEncoder.
            if round % 9 == 0 { miners[Hotkeys.make("miner", round)] = SnapshotReputation(repScore: 1, repTier: "Gölд") }
            let s = ReputationSnapshot(version: round % 7 == 0 ? "v\"q" : "2026-12-01T00:00:\(round)Z",
                                       generatedAt: round % 3 == 0 ? nil : "2026-12-01T00:00:00.000Z", miners: miners)
            if SnapshotPublisher.direct(s) != nil { direct += 1 }
            #expect(try SnapshotPublisher.encode(s) == Array(SnapshotPublisher.foundationEncoding(s)))
        }
        #expect(direct > 100)  // the direct path was exercised
    }
}

/// Batches change how many files a transaction holds, never what is stored.
@Suite("Batched ingest equals file-by-file ingest")
struct BatchedIngestTests {
    func dump(_ store: any ReputationStore) async throws -> [String] {
        if let s = store as? SQLiteReputationStore { return try await s.dumpAllocations() }
        if let s = store as? PostgresReputationStore { return try await s.dumpAllocations() }
        Issue.record("no dump for \(type(of: store))")
        return []
    }

    @Test("same allocations, entries, miners, ledger, failures, then the same engine pass, history and snapshot",
          arguments: Backend.available)
    func batchedEqualsOneByOne(_ backend: Backend) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("batched-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SyntheticRewardFiles.write(count: 150, miners: 40, validators: 8, to: root + "/data")
        let v0 = Hotkeys.make("validator", 0)
        // A copy under another name (a duplicate identity), a malformed file, and a file the scanner leaves to JSONDecoder.
        let dir = root + "/data/rewards/C1/\(v0)"
        try FileManager.default.copyItem(atPath: dir + "/reward_000000.00000000.json", toPath: dir + "/reward_zcopy.json")
        try Data("{\"allocation\": {".utf8).write(to: URL(fileURLWithPath: dir + "/reward_zbad.json"))
        let escaped = SyntheticRewardFiles.fileText(validator: 0, cycle: "C1", step: "s\\u0031", miners: 5)
        try Data(escaped.utf8).write(to: URL(fileURLWithPath: dir + "/reward_zesc.json"))

        let one = try await TestStore.make(backend), many = try await TestStore.make(backend)
        defer { Task { try await one.cleanup(); try await many.cleanup() } }
        let a = try await AllocationIngest(store: one.store, batchSize: 1, decodeThreads: 1).run(directory: root + "/data")
        let b = try await AllocationIngest(store: many.store, batchSize: 64, decodeThreads: 2).run(directory: root + "/data")
        #expect(a.allocationsInserted == 152 - 1 && a.allocationsDuplicate == 1 && a.failures.count == 1)
        #expect(a == b)
        #expect(try await one.store.counts() == many.store.counts())
        let dumpA = try await dump(one.store), dumpB = try await dump(many.store)
        #expect(dumpA.count == (150 * 40 + 5) && dumpA == dumpB)
        #expect(dumpA.contains { $0.contains("|s1|") })  // the escaped step, decoded by JSONDecoder
        #expect(try await one.store.ingestedFiles() == many.store.ingestedFiles())

        // The same engine pass over both: the same reputations, history rows and snapshot.
        let miners = (0..<40).map { Hotkeys.make("miner", $0) }
        for t in [one, many] {
            try await t.store.addReviews((0..<100).map {
                ReviewRecord(minerHotkey: miners[($0 * 7) % 40], validationScore: Double($0 % 11) / 10, reviewer: "r",
                             reviewedAt: "2026-12-01T00:00:00Z")
            })
        }
        let engine = ReputationEngine(updates: [ReviewDeltaUpdate(), GotRewardedDecayUpdate(), NeutralDecayUpdate()])
        let inputA = try await one.store.engineInput(), inputB = try await many.store.engineInput()
        let planA = engine.plan(inputA, passId: "P", snapshotVersion: "v", now: "2026-12-01T00:00:00.000Z")
        let planB = engine.plan(inputB, passId: "P", snapshotVersion: "v", now: "2026-12-01T00:00:00.000Z")
        #expect(planA.history == planB.history && planA.reputations == planB.reputations)
        let committedA = try await one.store.commit(planA), committedB = try await many.store.commit(planB)
        #expect(committedA && committedB)
        #expect(try await one.store.reputations() == many.store.reputations())
        for m in miners {
            let h = try await one.store.history(of: m)
            #expect(h == planA.history.filter { $0.minerHotkey == m })  // stored exactly as planned
            #expect(try await h == many.store.history(of: m))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let snapA = try encoder.encode(SnapshotPublisher.snapshot(try await one.store.reputations(), version: "v").miners)
        let snapB = try encoder.encode(SnapshotPublisher.snapshot(try await many.store.reputations(), version: "v").miners)
        #expect(snapA == snapB)
    }
}
