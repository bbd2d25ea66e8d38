// DenseFloor: how fast THIS machine runs one dense Yuma 2 epoch in Double when every generality
// is dropped. A measuring instrument for issue 15's speed targets, not part of the product and
// not exact to subtensor: no bounds checks (-Ounchecked), no sparsity (a dense V×N matrix), no
// input checks, no masks (every validator active and permitted, nobody re-registered), no fixed
// point. The median is the product's: buckets, then the partition search. Inputs are ChainBench's
// dense ones.
//
//   swiftc -Ounchecked Benchmarks/DenseFloor/dense_floor.swift -o .build/dense-floor
//   .build/dense-floor 256 4096 [--summary]
//
// Prints the median thread-CPU milliseconds per epoch (after two warm-up epochs, bonds carried),
// the time of each phase, and with --summary the first consensus and dividend values after four
// epochs, or EPOCHS=k epochs (compare with `ChainBench --summary 256x4096`, which reads EPOCHS
// too: the same epoch, so the same values to about 1e-12).
import Foundation

func threadMilliseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

final class DenseEpoch {
    let v: Int, n: Int
    var weights: [UInt16]
    var stake: [Double]
    var w: [Double]
    var bonds: [UInt16]            // carried as the chain stores them
    var ema: [Double]
    var consensus: [Double], ranks: [Double], dividends: [Double]
    var phases = [Double](repeating: 0, count: 5)

    init(v: Int, n: Int) {
        self.v = v
        self.n = n
        weights = [UInt16](repeating: 0, count: v * n)
        for i in 0..<v {
            for j in 0..<n where j != i { weights[i * n + j] = UInt16((2_654_435_761 &* i &+ 40_503 &* j &+ 12_345) % 65_536) }
        }
        let raw = (0..<v).map { Double(1000 + (7919 * $0) % 10_007) }
        let total = raw.reduce(0, +)
        stake = raw.map { $0 / total }
        w = [Double](repeating: 0, count: v * n)
        bonds = [UInt16](repeating: 0, count: v * n)
        ema = w
        consensus = [Double](repeating: 0, count: n)
        ranks = consensus
        dividends = [Double](repeating: 0, count: v)
    }

    /// subtensor's `weighted_median` (partition, here around the median of three scores) over `count` cells.
    static func median(_ score: UnsafeMutablePointer<Double>, _ weight: UnsafeMutablePointer<Double>, count: Int,
                       _ tScore: UnsafeMutablePointer<Double>, _ tWeight: UnsafeMutablePointer<Double>, minority: Double,
                       total: Double = 1) -> Double {
        var sv = score, ss = weight, dv = tScore, ds = tWeight
        var lo = 0, hi = count, partLo = 0.0, partHi = total
        while true {
            let m = hi - lo
            if m == 0 { return 0 }
            if m == 1 { return sv[lo] }
            let a = sv[lo], b = sv[lo + m / 2], c = sv[hi - 1]
            let pivot = max(min(a, b), min(max(a, b), c))     // median of three
            var f = 0, t = m - 1, below = 0.0, above = 0.0
            for k in lo..<hi {
                let x = sv[k], y = ss[k]
                dv[f] = x; ds[f] = y; dv[t] = x; ds[t] = y
                let l = x < pivot, g = x > pivot
                below += l ? y : 0
                above += g ? y : 0
                f &+= l ? 1 : 0
                t &-= g ? 1 : 0
            }
            if minority < partLo + below && f > 0 {
                partHi = partLo + below; lo = 0; hi = f
            } else if partHi - above <= minority && t < m - 1 {
                partLo = partHi - above; lo = t + 1; hi = m
            } else {
                return pivot
            }
            swap(&sv, &dv)
            swap(&ss, &ds)
        }
    }

    /// The median narrowed first to the one of 64 equal score ranges where the cumulative stake
    /// crosses the minority (the product's `bucketedSearch`), then searched there.
    static func bucketedMedian(_ score: UnsafeMutablePointer<Double>, _ weight: UnsafeMutablePointer<Double>, count: Int,
                               stakeIn: UnsafeMutablePointer<Double>,
                               _ tScore: UnsafeMutablePointer<Double>, _ tWeight: UnsafeMutablePointer<Double>, minority: Double) -> Double {
        var low = Double.infinity, high = -Double.infinity
        for k in 0..<count { low = min(low, score[k]); high = max(high, score[k]) }
        let buckets = min(64, count / 4)
        guard buckets >= 2, high > low else { return median(score, weight, count: count, tScore, tWeight, minority: minority) }
        let scale = Double(buckets) * 0.999_999 / (high - low)
        for b in 0..<buckets { stakeIn[b] = 0 }
        for k in 0..<count { stakeIn[Int((score[k] - low) * scale)] += weight[k] }
        var below = 0.0, chosen = -1
        for b in 0..<buckets {
            if minority < below + stakeIn[b] { chosen = b; break }
            below += stakeIn[b]
        }
        guard chosen >= 0 else { return median(score, weight, count: count, tScore, tWeight, minority: minority) }
        var kept = 0
        for k in 0..<count {
            tScore[kept] = score[k]; tWeight[kept] = weight[k]
            kept &+= Int((score[k] - low) * scale) == chosen ? 1 : 0
        }
        // The search on the chosen range with partition bounds [below, below + its stake].
        return median(tScore, tWeight, count: kept, score, weight, minority: minority - below, total: stakeIn[chosen])
    }

    func run() {
        let v = v, n = n, alpha = 0.1, minority = 0.5
        var clock = threadMilliseconds()
        func lap(_ k: Int) { let now = threadMilliseconds(); phases[k] += now - clock; clock = now }
        weights.withUnsafeBufferPointer { u in
        w.withUnsafeMutableBufferPointer { w in
        bonds.withUnsafeMutableBufferPointer { bonds in
        ema.withUnsafeMutableBufferPointer { ema in
        consensus.withUnsafeMutableBufferPointer { consensus in
        ranks.withUnsafeMutableBufferPointer { ranks in
        stake.withUnsafeBufferPointer { stake in
            // 1. Row-normalised weights.
            for i in 0..<v {
                var sum = 0.0
                for j in 0..<n { sum += Double(u[i * n + j]) }
                let inverse = sum > 0 ? 1 / sum : 0
                for j in 0..<n { w[i * n + j] = Double(u[i * n + j]) * inverse }
            }
            lap(0)
            // 2. Stake-weighted median per column (64-column tiles transposed, then searched).
            let tile = UnsafeMutablePointer<Double>.allocate(capacity: 64 * v)
            let cells = UnsafeMutablePointer<Double>.allocate(capacity: 4 * v)
            let stakeIn = UnsafeMutablePointer<Double>.allocate(capacity: 64)
            defer { tile.deallocate(); cells.deallocate(); stakeIn.deallocate() }
            for j0 in stride(from: 0, to: n, by: 64) {
                let j1 = min(n, j0 + 64)
                for i in 0..<v { for j in j0..<j1 { tile[(j - j0) * v + i] = w[i * n + j] } }
                for j in j0..<j1 {
                    for i in 0..<v { cells[i] = tile[(j - j0) * v + i]; cells[v + i] = stake[i] }
                    consensus[j] = Self.bucketedMedian(cells, cells + v, count: v, stakeIn: stakeIn, cells + 2 * v, cells + 3 * v, minority: minority)
                }
            }
            lap(1)
            // 3. Clip, ranks, old bonds' column totals.
            var oldSum = [Double](repeating: 0, count: n)
            for j in 0..<n { ranks[j] = 0 }
            for i in 0..<v {
                let s = stake[i]
                for j in 0..<n {
                    ranks[j] += s * min(w[i * n + j], consensus[j])
                    oldSum[j] += Double(bonds[i * n + j])
                }
            }
            lap(2)
            // 4. ΔB = colnorm(clipped W ∘ S), old bonds column-normalised, EMA.
            let deltaInverse = ranks.map { $0 > 0 ? 1 / $0 : 1 }, oldInverse = oldSum.map { $0 > 0 ? 1 / $0 : 1 }
            var emaSum = [Double](repeating: 0, count: n), emaMax = emaSum
            for i in 0..<v {
                let s = stake[i]
                for j in 0..<n {
                    let delta = min(w[i * n + j], consensus[j]) * s * deltaInverse[j]
                    let e = alpha * delta + (1 - alpha) * (Double(bonds[i * n + j]) * oldInverse[j])
                    ema[i * n + j] = e
                    emaSum[j] += e
                    emaMax[j] = max(emaMax[j], e)
                }
            }
            lap(3)
            // 5. EMA column-normalised, dividends Bᵀ·I, stored column-max-upscaled as u16.
            let rankSum = ranks.reduce(0, +)
            let incentive = ranks.map { $0 / rankSum }
            let sumInverse = emaSum.map { $0 > 0 ? 1 / $0 : 1 }
            let maxInverse = zip(emaMax, sumInverse).map { m, s in m * s > 0 ? 1 / (m * s) : 1 }
            for i in 0..<v {
                var d = 0.0
                for j in 0..<n {
                    let normalized = ema[i * n + j] * sumInverse[j]
                    d += normalized * incentive[j]
                    bonds[i * n + j] = UInt16(min(normalized * maxInverse[j], 1) * 65535)   // fixed_proportion_to_u16 truncates
                }
                dividends[i] = d
            }
            let total = dividends.reduce(0, +)
            if total > 0 { for i in 0..<v { dividends[i] /= total } }
            lap(4)
        }}}}}}}
    }
}

let args = CommandLine.arguments
let v = args.count > 2 ? Int(args[1])! : 256, n = args.count > 2 ? Int(args[2])! : 4096
let epoch = DenseEpoch(v: v, n: n)
if args.contains("--summary") {
    for _ in 0..<(Int(ProcessInfo.processInfo.environment["EPOCHS"] ?? "4") ?? 4) { epoch.run() }
    print("consensus[0..<4] \(epoch.consensus.prefix(4).map { String(format: "%.12f", $0) }.joined(separator: " "))")
    print("dividends[0..<4] \(epoch.dividends.prefix(4).map { String(format: "%.12f", $0) }.joined(separator: " "))")
} else {
    let reps = v * n > 1_000_000 ? 20 : 400
    for _ in 0..<2 { epoch.run() }
    epoch.phases = epoch.phases.map { _ in 0 }
    var samples: [Double] = []
    for _ in 0..<reps {
        let start = threadMilliseconds()
        epoch.run()
        samples.append(threadMilliseconds() - start)
    }
    samples.sort()
    let names = ["weights", "median", "clip+ranks", "ema", "storage+dividends"]
    let phases = zip(names, epoch.phases).map { "\($0) \(String(format: "%.3f", $1 / Double(reps)))" }.joined(separator: ", ")
    print("\(v)x\(n) dense floor: \(String(format: "%.3f", samples[reps / 2])) ms per epoch (thread CPU, median of \(reps)); \(phases)")
}
