/// subtensor's `weighted_median_col_sparse` (math.rs at 14bc6f9f9): the stake-weighted median of each
/// column over the rows with positive stake, at the `majority` (kappa) of their re-normalised stake,
/// in time proportional to the non-zeros.
///
/// subtensor fills a dense column × validator table (a validator with no entry in a column scores
/// 0 there) and runs `weighted_median` on every column: a partition search that picks the middle
/// index's score as pivot, splits the candidates into lower / equal / upper with their stake, moves
/// to the lower side while `minority < lo + lower stake`, to the upper side while
/// `hi − upper stake ≤ minority`, and otherwise returns the pivot. With exact sums (I32F32
/// additions of non-negative stakes summing to at most 1 never round or saturate) the result does
/// not depend on which candidate is the pivot: ordering the distinct scores v₁ < … < v_m with
/// cumulative stake C_t, it is v_t for the smallest t with C_t > minority, or v_m when there is none.
/// So each column here holds only its entries plus ONE cell standing for all the validators that
/// have none: score 0, stake = total − the entries' stake (exact in fixed point). The same search
/// then runs on that short list, in place, with a median-of-three pivot. `arithmetic: float` sums
/// in a different order than subtensor's index order, which can only matter when a cumulative
/// stake equals the minority to the last bit.
enum WeightedMedian {
    /// One candidate of a column: its score and its validator's (normalised) stake.
    struct Cell<S> {
        var score: S
        var stake: S
    }

    /// `weighted_median_col_sparse(stake, m, columns, majority)`.
    static func columns<S: YumaArithmetic>(stake: [S], _ m: CompressedRows<S>, columns: Int, majority: S) -> [S] {
        var useStake: [S] = stake.filter { $0 > .zero }
        SparseMath.normalize(&useStake)
        let k = useStake.count
        guard k > 0, columns > 0 else { return [S](repeating: .zero, count: columns) }
        let stakeSum = SparseMath.sum(useStake)
        let minority = S.sub(stakeSum, majority)

        return _UnsafeWeightedMedianSearch.columns(stake: stake, useStake: useStake, m, columns: columns,
                                                   minority: minority, total: stakeSum)
    }

    /// `weighted_median` over `cells` (every candidate of one column), with the partition bounds
    /// [0, `total`]: the reference search of the type's comment, for tests and small inputs.
    static func search<S: YumaArithmetic>(_ cells: [Cell<S>], minority: S, total: S) -> S {
        var cells = cells
        let all = cells.indices
        return _UnsafeWeightedMedianSearch.search(&cells, all, minority: minority, total: total)
    }
}

/// The column transpose and the partition search of ``WeightedMedian``. Pointer code lives here
/// only. The search partitions out of place, from one buffer into another (cells below the pivot
/// from the front, above it from the back), with no branch on the data, so random scores cost no
/// mispredictions and no swap waits on the previous one.
enum _UnsafeWeightedMedianSearch {
    typealias Cell = WeightedMedian.Cell

    /// How many cells one block of columns gathers at most: a block is transposed into one reused
    /// buffer that stays in cache, then searched column by column. Small enough for the scatter to
    /// write into L1/L2 (4,096 cells, 64 KiB, at 64 validators), large enough that every staked row
    /// gives each block about 64 entries (each block visits every row's cursor: at 256 validators
    /// × 4,096 UIDs, 4,096-cell blocks made the dense epoch ≈ 9 % slower than 32,768-cell ones).
    static func blockCells(stakedRows k: Int) -> Int {
        Swift.min(32_768, Swift.max(4_096, 64 * k))
    }

    /// The median of every column of `m` over the rows with positive `stake` (`useStake` holds
    /// their normalised stakes, in row order). Columns are gathered a block at a time: each staked
    /// row keeps a cursor into its entries and gives the block the entries below the block's end.
    static func columns<S: YumaArithmetic>(stake: [S], useStake: [S], _ m: CompressedRows<S>, columns: Int,
                                          minority: S, total: S) -> [S] {
        let k = useStake.count
        // The staked rows and their entry ranges; each column's entry count.
        var cursor: [Int] = [], rowEnd: [Int] = []
        cursor.reserveCapacity(k)
        rowEnd.reserveCapacity(k)
        for i in 0..<m.rowCount where stake[i] > .zero {
            cursor.append(m.offsets[i])
            rowEnd.append(m.offsets[i + 1])
        }
        var count = [Int](repeating: 0, count: columns)
        var longest = 1
        count.withUnsafeMutableBufferPointer { count in
            m.columns.withUnsafeBufferPointer { cols in
                for r in 0..<k {
                    for p in cursor[r]..<rowEnd[r] { count[Int(cols[p])] &+= 1 }
                }
            }
            for c in 0..<columns { longest = Swift.max(longest, count[c] + 1) }
        }
        // No more than every column's cells need (a small epoch does not touch a whole block's pages).
        let capacity = Swift.max(Swift.min(blockCells(stakedRows: k), m.entryCount + columns), longest)
        let cells = UnsafeMutablePointer<Cell<S>>.allocate(capacity: capacity)
        let scratch = UnsafeMutablePointer<Cell<S>>.allocate(capacity: 2 * longest)
        let stakeIn = UnsafeMutablePointer<S>.allocate(capacity: maxBuckets)
        let start = UnsafeMutablePointer<Int>.allocate(capacity: columns + 1)
        defer {
            cells.deallocate()
            scratch.deallocate()
            stakeIn.deallocate()
            start.deallocate()
        }
        var median = [S](repeating: .zero, count: columns)
        m.columns.withUnsafeBufferPointer { cols in
            m.values.withUnsafeBufferPointer { vals in
                var first = 0
                while first < columns {
                    // The block: columns first..<last, their cells (entries plus one) within capacity.
                    var last = first, used = 0
                    while last < columns && (last == first || used + count[last] + 1 <= capacity) {
                        start[last] = used
                        used &+= count[last] &+ 1
                        last &+= 1
                    }
                    // Gather: start[c] moves to the end of column c's cells as they arrive.
                    let limit = Int32(truncatingIfNeeded: last)
                    for r in 0..<k {
                        let s = useStake[r]
                        var p = cursor[r]
                        let e = rowEnd[r]
                        while p < e && cols[p] < limit {
                            let c = Int(cols[p])
                            (cells + start[c]).initialize(to: Cell(score: vals[p], stake: s))
                            start[c] &+= 1
                            p &+= 1
                        }
                        cursor[r] = p
                    }
                    for c in first..<last {
                        let hi = start[c], lo = hi - count[c]
                        var n = count[c]
                        // The column's score range, for the buckets of `bucketedSearch`.
                        var low = Double.infinity, high = -Double.infinity
                        var entered = S.zero
                        for p in lo..<hi {
                            entered = S.add(entered, cells[p].stake)
                            let v = cells[p].score.doubleValue
                            low = Swift.min(low, v)
                            high = Swift.max(high, v)
                        }
                        if n < k {
                            // Validators with no entry in this column: score 0, the rest of the stake.
                            (cells + hi).initialize(to: Cell(score: .zero, stake: S.sub(total, entered)))
                            n &+= 1
                            low = Swift.min(low, 0)
                            high = Swift.max(high, 0)
                        }
                        median[c] = bucketedSearch(cells + lo, count: n, low: low, high: high, scratch: scratch,
                                                   stakeIn: stakeIn, minority: minority, total: total)
                    }
                    first = last
                }
            }
        }
        return median
    }

    /// The search over `cells[range]` (reordered), for ``WeightedMedian/search(_:minority:total:)``.
    static func search<S: YumaArithmetic>(_ cells: inout [Cell<S>], _ range: Range<Int>, minority: S, total: S) -> S {
        let scratch = UnsafeMutablePointer<Cell<S>>.allocate(capacity: Swift.max(range.count, 1))
        defer { scratch.deallocate() }
        return cells.withUnsafeMutableBufferPointer { all in
            search(all.baseAddress! + range.lowerBound, count: range.count, scratch: scratch, minority: minority, total: total)
        }
    }

    /// How many buckets ``bucketedSearch`` spreads a column's scores over at most (about four
    /// cells a bucket below that).
    static let maxBuckets = 64

    /// The search of ``search(_:count:scratch:minority:total:)`` narrowed first by one pass of
    /// buckets: the scores in [`low`, `high`] are spread over ``buckets`` equal ranges (a bucket
    /// index that does not decrease as the score increases, so every bucket's scores are above the
    /// ones before it), each bucket's stake is added up, and the search runs only on the cells of
    /// the bucket where the cumulative stake first exceeds the minority, with partition bounds
    /// [stake below it, that plus its stake]: the state the full search reaches once it has
    /// narrowed to those cells, so the result is the same (with exact sums, as in fixed point).
    /// Short columns, and the case where no bucket exceeds the minority, search all cells.
    /// `scratch` holds at least `2 · count` cells, `stakeIn` at least ``maxBuckets`` values.
    static func bucketedSearch<S: YumaArithmetic>(_ cells: UnsafeMutablePointer<Cell<S>>, count: Int, low: Double, high: Double,
                                                 scratch: UnsafeMutablePointer<Cell<S>>, stakeIn: UnsafeMutablePointer<S>,
                                                 minority: S, total: S) -> S {
        guard count >= 48, high > low, (high - low).isFinite else {
            return search(cells, count: count, scratch: scratch, minority: minority, total: total)
        }
        let buckets = Swift.min(maxBuckets, count / 4)
        // (score − low)·scale is in [0, buckets) for every score in [low, high]; its nearest integer
        // (the 2⁵² shift: the low bits of the sum, no conversion check) never decreases as the score
        // increases, as the floor would not; the last bucket also takes the rounded-up top.
        let scale = Double(buckets) * 0.999_999 / (high - low)
        @inline(__always) func bucket(_ cell: Cell<S>) -> Int {
            let nearest = Int(truncatingIfNeeded: ((cell.score.doubleValue - low) * scale + 0x1p52).bitPattern & 0xFFFF)
            return Swift.min(nearest, buckets - 1)
        }
        for b in 0..<buckets { stakeIn[b] = .zero }
        for p in 0..<count {
            let b = bucket(cells[p])
            stakeIn[b] = S.add(stakeIn[b], cells[p].stake)
        }
        var below = S.zero, chosen = -1
        for b in 0..<buckets {
            let through = S.add(below, stakeIn[b])
            if minority < through {
                chosen = b
                break
            }
            below = through
        }
        guard chosen >= 0 else {
            return search(cells, count: count, scratch: scratch, minority: minority, total: total)
        }
        // The chosen bucket's cells, in their order, with no branch on the data.
        var kept = 0
        for p in 0..<count {
            let cell = cells[p]
            scratch[kept] = cell
            kept &+= bucket(cell) == chosen ? 1 : 0
        }
        return search(scratch, count: kept, scratch: scratch + count, minority: minority,
                      lower: below, upper: S.add(below, stakeIn[chosen]))
    }

    /// subtensor's `weighted_median` over the `count` cells at `cells`, partition bounds [0, `total`];
    /// `scratch` holds at least `count` cells. Both buffers are overwritten.
    static func search<S: YumaArithmetic>(_ cells: UnsafeMutablePointer<Cell<S>>, count: Int,
                                         scratch: UnsafeMutablePointer<Cell<S>>, minority: S, total: S) -> S {
        search(cells, count: count, scratch: scratch, minority: minority, lower: .zero, upper: total)
    }

    /// The search with partition bounds [`lower`, `upper`]: the cells are the candidates left
    /// after the stake `lower` below them and `total − upper` above them has been set aside.
    static func search<S: YumaArithmetic>(_ cells: UnsafeMutablePointer<Cell<S>>, count: Int,
                                         scratch: UnsafeMutablePointer<Cell<S>>, minority: S, lower: S, upper: S) -> S {
        var src = cells, dst = scratch
        var lo = 0, hi = count
        var partitionLo = lower, partitionHi = upper
        while true {
            let n = hi - lo
            if n == 0 { return .zero }
            if n == 1 { return src[lo].score }
            let pivot = medianOfThree(src[lo].score, src[lo + n / 2].score, src[hi - 1].score)
            let pivotKey = pivot.orderKey
            // Below the pivot to dst[0..<f], above it to dst[t+1..<n]; equal cells are dropped.
            // Compared as order keys: integer flags, no branch on the scores (random scores would
            // mispredict half the time).
            var f = 0, t = n - 1
            for i in lo..<hi {
                let x = src[i]
                let key = x.score.orderKey
                dst[f] = x
                dst[t] = x
                f &+= Int(truncatingIfNeeded: UInt8(key < pivotKey ? 1 : 0))
                t &-= Int(truncatingIfNeeded: UInt8(pivotKey < key ? 1 : 0))
            }
            // Each side's stake, added in the cells' order (the lower side keeps it from the front,
            // the upper side from the back): the same sums as adding them during the pass, and the
            // upper one only when the lower one does not decide.
            var loStake = S.zero
            for i in 0..<f { loStake = S.add(loStake, dst[i].stake) }
            if minority < S.add(partitionLo, loStake), f > 0 {
                partitionHi = S.add(partitionLo, loStake)
                lo = 0
                hi = f
                swap(&src, &dst)
                continue
            }
            var hiStake = S.zero
            var i = n - 1
            while i > t {
                hiStake = S.add(hiStake, dst[i].stake)
                i -= 1
            }
            if S.sub(partitionHi, hiStake) <= minority, t < n - 1 {
                partitionLo = S.sub(partitionHi, hiStake)
                lo = t + 1
                hi = n
            } else {
                return pivot
            }
            swap(&src, &dst)
        }
    }

    @inline(__always)
    static func medianOfThree<S: Comparable>(_ a: S, _ b: S, _ c: S) -> S {
        if a < b {
            if b < c { return b }
            return a < c ? c : a
        }
        if a < c { return a }
        return b < c ? c : b
    }
}
