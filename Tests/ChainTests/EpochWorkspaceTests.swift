import Foundation
import Testing
import ScoringCore
@testable import Chain

/// The buffers a mechanism instance reuses from one epoch to the next (`EpochWorkspace`) must not
/// change any result: one instance run over a sequence of epochs whose shapes grow and shrink gives
/// exactly what a fresh instance (fresh buffers) gives for each epoch, also when two threads share it.
struct EpochWorkspaceTests {
    struct Rng {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Epoch `e` of a subnet of `n` UIDs whose first `v` are validators; the density changes per epoch.
    static func input(epoch e: Int, n: Int, v: Int, seed: UInt64) -> ChainEpochInput {
        var rng = Rng(state: seed &+ UInt64(e) &* 7919)
        let density = [100, 10, 60, 3, 100, 30][e % 6]
        var rows: [[SparseMatrix<UInt16>.Entry]] = Array(repeating: [], count: n)
        for i in 0..<v {
            for j in 0..<n where rng.next(100) < density { rows[i].append(.init(column: j, value: UInt16(rng.next(65_536)))) }
        }
        let block = UInt64(1000 + e * 10)
        return ChainEpochInput(block: block, stakes: (0..<n).map { $0 < v ? Double(1 + rng.next(1000)) : 0 },
                               weights: SparseMatrix(rows: rows), validatorPermits: (0..<n).map { $0 < v },
                               lastUpdate: Array(repeating: block - 1, count: n), registeredAt: Array(repeating: 0, count: n),
                               emission: 1e9)
    }

    static func mechanisms(_ a: ChainArithmetic) -> [(String, () -> any ChainConsensus)] {
        var y3 = YumaHyperparameters()
        y3.yuma3 = true
        y3.liquidAlpha = true
        return [("yuma", { Yuma(arithmetic: a) }), ("yuma3+LA", { Yuma(hyperparameters: y3, arithmetic: a) }),
                ("yuma1", {
                    var m = try! Yuma1.makeDefault()
                    m.arithmetic = a
                    return m
                })]
    }

    @Test(arguments: ChainArithmetic.allCases)
    func reusedBuffersGiveTheSameResults(_ arithmetic: ChainArithmetic) throws {
        for (name, make) in Self.mechanisms(arithmetic) {
            let shared = make()
            var state = ChainState.initial(uidCount: 40)
            for e in 0..<8 {
                let input = Self.input(epoch: e, n: 40, v: 12, seed: 5)
                let reused = try shared.epoch(input, state: state)
                let fresh = try make().epoch(input, state: state)
                #expect(reused == fresh, "\(name) \(arithmetic) epoch \(e)")
                state = reused.state
            }
        }
    }

    @Test func sharedInstanceAcrossThreads() throws {
        let m = Yuma(arithmetic: .float)
        let inputs = (0..<6).map { Self.input(epoch: $0, n: 64, v: 16, seed: 11) }
        let serial = try inputs.map { try Yuma(arithmetic: .float).epoch($0, state: .initial(uidCount: 64)) }
        let results = ResultBox(count: inputs.count * 4)
        DispatchQueue.concurrentPerform(iterations: inputs.count * 4) { k in
            results.set(k, try? m.epoch(inputs[k % inputs.count], state: .initial(uidCount: 64)))
        }
        for k in 0..<(inputs.count * 4) { #expect(results.get(k) == serial[k % inputs.count]) }
    }

    final class ResultBox: @unchecked Sendable {
        // Every access to `items` holds `lock`.
        private let lock = NSLock()
        private var items: [ChainEpochResult?]
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ r: ChainEpochResult?) { lock.withLock { items[k] = r } }
        func get(_ k: Int) -> ChainEpochResult? { lock.withLock { items[k] } }
    }

    @Test func poolHandsOutLargeEnoughBuffers() {
        let w = EpochWorkspace()
        let a = w.take(Double.self, count: 10, filler: 0)
        #expect(a.count >= 10)
        w.give([Double](repeating: 1, count: 100))
        w.give([Double](repeating: 2, count: 20))
        #expect(w.take(Double.self, count: 15, filler: 0).first == 2)   // the smallest large enough
        #expect(w.take(Double.self, count: 500, filler: 0).count >= 500) // grows the largest
        #expect(w.take(Double.self, count: 1, filler: 3) == [3])         // pool empty: new
    }
}
