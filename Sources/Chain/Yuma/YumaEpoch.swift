public import ScoringCore

/// How a Yuma-family mechanism turns weights into bonds and incentive. `yuma` takes the bond rule
/// from `yuma3`; the research variants fix one.
enum BondRule: Sendable, Hashable {
    /// Yuma 2 (subtensor with `Yuma3On` off): ΔB = W∘S column-normalised, EMA, EMA column-normalised,
    /// stored column-max-upscaled.
    case yuma2
    /// Yuma 3: bonds as u16 proportions, EMA toward the weights capped at 1 (liquid alpha optional).
    case yuma3
    /// The original Yuma (docs/consensus.md): ΔB column-normalised, EMA not re-normalised, so bonds
    /// to a server nobody weights decay; stored as proportions.
    case original
    /// yuma-simulation's Yuma 2C: bonds bought with a share of each validator's stake capacity,
    /// decaying, capped at the validator's stake.
    case capacity(decayRate: Double, capacityAlpha: Double)
}

enum IncentiveRule: Sendable, Hashable {
    /// Incentive = normalised ranks.
    case proportional
    /// The server(s) with the highest rank share incentive 1 equally (yuma-simulation's `winner_takes_all`).
    case winnerTakesAll
}

/// One epoch of subtensor's `epoch_mechanism` (run_epoch.rs at 14bc6f9f9), step for step, generic
/// over the arithmetic. The step comments name subtensor's helpers.
struct YumaEpoch: Sendable {
    var hyper: YumaHyperparameters
    var bonds: BondRule
    var incentive: IncentiveRule = .proportional
    /// Where the intermediate matrices' buffers come from and go back to (the mechanism's own, so
    /// they are reused from one epoch to the next); `nil`: fresh buffers each epoch.
    var workspace: EpochWorkspace? = nil

    func run(_ input: ChainEpochInput, state: ChainState, arithmetic: ChainArithmetic) throws -> ChainEpochResult {
        try ChainInputCheck.validate(input, state: state)
        switch arithmetic {
        case .fixed: return run(input, state: state, as: I32F32.self)
        case .float: return run(input, state: state, as: Double.self)
        }
    }

    func run<S: YumaArithmetic>(_ input: ChainEpochInput, state: ChainState, as: S.Type) -> ChainEpochResult {
        let n = input.uidCount
        let block = input.block
        let owner = input.ownerUID.flatMap { $0 >= 0 && $0 < n ? $0 : nil }

        // == Active & updated ==
        let cutoff = hyper.activityCutoffBlocks
        let active: [Bool] = input.lastUpdate.map { u in
            let (sum, o) = u.addingReportingOverflow(cutoff)
            return !((o ? .max : sum) < block)
        }

        // == Stake == (threshold filter, owner exempt; I64F64 normalisation in fixed)
        let filtered: [Double] = input.stakes.enumerated().map { uid, s in
            if uid != owner, s.rounded(.down) < Double(hyper.stakeThreshold) { return 0 }
            return s
        }
        let stake: [S] = S.normalizedStake(filtered)

        // == Validator permits ==
        var permits = input.validatorPermits
        if let owner { permits[owner] = true }
        var newPermits = Self.topKNonzero(stake, k: hyper.maxAllowedValidators)
        if let owner { newPermits[owner] = true }

        // == Active stake ==
        var activeStake = stake
        for i in 0..<n where !active[i] || !permits[i] { activeStake[i] = .zero }
        SparseMath.normalize(&activeStake)

        // == Weights == (permit rows, diagonal except owner, weights set before the target registered)
        // Read straight from the input's compressed rows (no per-row arrays); each row is
        // normalised (`inplace_row_normalize_sparse`) as soon as it is written, while in cache.
        let wOffsets = input.weights.rowOffsets, wColumns = input.weights.columnIndices, wValues = input.weights.values
        let registeredAt = input.registeredAt
        let workspace = self.workspace
        let weights = wOffsets.withUnsafeVector { wOffsets in
            wColumns.withUnsafeVector { wColumns in
                wValues.withUnsafeVector { wValues in
                    registeredAt.withUnsafeVector { registeredAt in
                        CompressedRows<S>.build(rows: n, capacity: input.weights.nonZeroCount, workspace: workspace, filler: .zero) { out in
                            for i in 0..<n {
                                if permits[i] {
                                    let updated = input.lastUpdate[i]
                                    var sum = S.zero
                                    var cursor = out.cursor
                                    for p in wOffsets[i]..<wOffsets[i + 1] {
                                        let column = wColumns[p]
                                        let c = Int(column)
                                        if c == i && i != owner { continue }
                                        if updated <= registeredAt[c] { continue }
                                        let w = S.integer(Int64(wValues[p]))
                                        cursor.append(column, w)
                                        sum = S.add(sum, w)
                                    }
                                    out.advance(to: cursor)
                                    SparseMath.normalizeEntries(out.writtenValues, out.rowStart..<out.count, sum: sum)
                                }
                                out.closeRow()
                            }
                        }
                    }
                }
            }
        }

        // == Consensus, validator trust ==
        let kappa = S.proportion(hyper.kappa)
        let consensus = WeightedMedian.columns(stake: activeStake, weights, columns: n, majority: kappa)
        // Clipping, validator trust (row sums of the clipped weights), ranks and pre-ranks in one row
        // walk; the clipped weights themselves are made where the bonds use them.
        let (validatorTrust, ranks, preranks) = SparseMath.clipAndRank(weights, consensus: consensus,
                                                                       stake: activeStake, columns: n)

        // == Ranks, trust, incentive ==
        let trust: [S] = zip(ranks, preranks).map { S.safeDiv($0, $1) }
        var incentive = ranks
        switch self.incentive {
        case .proportional: SparseMath.normalize(&incentive)
        case .winnerTakesAll: incentive = Self.winnerTakesAll(ranks)
        }

        // == Bonds and dividends ==
        let bondsPenalty = S.proportion(hyper.bondsPenalty)
        let lastTempo = block >= hyper.tempo ? block - hyper.tempo : 0
        let stored = state.bonds
        let oldBonds = StoredBonds(bonds: stored, registeredAt: registeredAt, lastTempo: lastTempo)

        var dividends: [S]
        var emaBonds: CompressedRows<S>
        // The stored and carried bonds, when the bond rule makes them itself (Yuma 2).
        var storage: (stored: SparseMatrix<UInt16>, carried: SparseMatrix<Double>)? = nil
        switch bonds {
        case .yuma3:
            let weightsForBonds = SparseMath.bondWeights(weights, consensus: consensus, penalty: bondsPenalty, workspace: workspace)
            let old: CompressedRows<S> = oldBonds.matrix(ProportionBonds.self, rows: n, workspace: workspace)
            emaBonds = computeBondsYuma3(weightsForBonds, old, consensus: consensus, columns: n)
            weightsForBonds.recycle(into: workspace)
            old.recycle(into: workspace)
            let perValidator = SparseMath.colNormalizedProduct(emaBonds, sums: SparseMath.columnSums(emaBonds, columns: n),
                                                               vector: incentive)
            dividends = zip(perValidator, activeStake).map { S.mul($0, $1) }
            SparseMath.normalize(&dividends)
        case .yuma2, .original:
            // ΔB = colnorm(W∘S) over the bond weights; Yuma 2 column-normalises the old bonds too;
            // mat_ema_sparse; all in one merge of the weights with the stored bonds.
            // ΔB's column totals Σᵢ Sᵢ·Wᵢⱼ over the bond weights are the ranks when those are the
            // clipped weights (full penalty, the default) and the pre-ranks when they are the
            // weights (no penalty): the same products added in the same order.
            let deltaSums: [S] = bondsPenalty == .one ? ranks : bondsPenalty == .zero ? preranks
                : SparseMath.bondWeightProducts(weights, consensus: consensus, penalty: bondsPenalty, stake: activeStake, columns: n)
            let alpha = S.emaAlpha(bondsMovingAverage: hyper.bondsMovingAverage)
            let emaSums: [S]
            if bonds == .yuma2 {
                let emaMax: [S]
                (emaBonds, emaSums, emaMax) = Self.emaOfNormalized(weights, consensus: consensus, penalty: bondsPenalty, stake: activeStake,
                                                                   old: oldBonds, IntegerBonds.self, normalizeOld: true, deltaSums: deltaSums,
                                                                   alpha: alpha, columns: n, workspace: workspace)
                // Yuma 2: EMA column-normalised, dividends Bᵀ·I, stored column-max-upscaled: one walk
                // that also makes the stored and carried bonds.
                let columnDivisor = emaSums.map { SparseMath.columnDivisor($0) }
                let maxDivisor = zip(emaMax, columnDivisor).map { SparseMath.columnDivisor(S.divide($0, by: $1)) }
                dividends = [S](repeating: .zero, count: n)
                storage = dividends.withUnsafeMutableVector { dividends in
                    columnDivisor.withUnsafeVector { columnDivisor in
                        maxDivisor.withUnsafeVector { maxDivisor in
                            incentive.withUnsafeVector { incentive in
                                BondStorage.store(emaBonds, rows: n, newPermits: newPermits, permits: permits, stored: stored,
                                                  Yuma2BondScaling(columnDivisor: columnDivisor, maxDivisor: maxDivisor,
                                                                   incentive: incentive, dividends: dividends))
                            }
                        }
                    }
                }
                SparseMath.normalize(&dividends)
            } else {
                (emaBonds, emaSums, _) = Self.emaOfNormalized(weights, consensus: consensus, penalty: bondsPenalty, stake: activeStake,
                                                              old: oldBonds, ProportionBonds.self, normalizeOld: false, deltaSums: deltaSums,
                                                              alpha: alpha, columns: n, workspace: workspace)
                dividends = SparseMath.matmulTranspose(emaBonds, incentive)
                SparseMath.normalize(&dividends)
            }
        case .capacity(let decayRate, let capacityAlpha):
            let weightsForBonds = SparseMath.bondWeights(weights, consensus: consensus, penalty: bondsPenalty, workspace: workspace)
            let old: CompressedRows<S> = oldBonds.matrix(ProportionBonds.self, rows: n, workspace: workspace)
            emaBonds = Self.capacityBonds(weightsForBonds, old, stake: activeStake,
                                          decay: S.sub(.one, S.constant(decayRate)), capacityAlpha: S.constant(capacityAlpha))
            weightsForBonds.recycle(into: workspace)
            old.recycle(into: workspace)
            dividends = SparseMath.colNormalizedProduct(emaBonds, sums: SparseMath.columnSums(emaBonds, columns: n),
                                                        vector: incentive)
            SparseMath.normalize(&dividends)
        }

        // == Emission ==
        var emissionSum = S.zero
        for i in 0..<n { emissionSum = S.add(emissionSum, S.add(incentive[i], dividends[i])) }
        var serverShare = incentive
        var validatorShare = dividends
        if emissionSum != .zero {
            let d = S.divisor(emissionSum)
            for i in 0..<n {
                serverShare[i] = S.divide(serverShare[i], by: d)
                validatorShare[i] = S.divide(validatorShare[i], by: d)
            }
        } else {
            // No weights, outdated weights or only self-weights: emission follows stake.
            validatorShare = SparseMath.sum(activeStake) == .zero ? stake : activeStake
        }
        let serverEmission = S.amounts(serverShare, emission: input.emission)
        let validatorEmission = S.amounts(validatorShare, emission: input.emission)

        // == Stored outputs and carried state ==
        // One set of compressed rows for both: the stored u16 bonds and the carried bonds share
        // their offsets and columns; only the values differ.
        let (storedBonds, carried) = storage ?? BondStorage.store(emaBonds, rows: n, newPermits: newPermits, permits: permits,
                                                                  stored: stored, BondsAsComputed<S>())
        // The intermediate matrices' buffers back to the workspace for the next epoch.
        emaBonds.recycle(into: workspace)
        weights.recycle(into: workspace)
        let d = { (x: [S]) in x.map(\.doubleValue) }
        let u = { (x: [S]) in x.map(\.proportionToU16) }
        return ChainEpochResult(
            ranks: d(ranks), trust: d(trust), consensus: d(consensus), incentive: d(incentive),
            validatorTrust: d(validatorTrust), dividends: d(dividends),
            serverEmission: serverEmission, validatorEmission: validatorEmission,
            validatorPermits: newPermits, active: active,
            stored: .init(consensus: u(consensus), incentive: u(incentive), dividends: u(dividends), trust: u(trust),
                          validatorTrust: u(validatorTrust), bonds: storedBonds),
            state: ChainState(bonds: carried, consensus: d(consensus)))
    }

    /// A carried bond in [0, 1] back to the u16 the chain stored.
    @inline(__always)
    static func u16(_ x: Double) -> UInt16 {
        // Rounded half away from zero, with no branch and no checked conversion: clamped to
        // [0, 65535] (NaN to 0); the nearest integer, ties to even, by the 2⁵² shift (its low bits);
        // plus one where a tie went down (v − nearest is exact here).
        let scaled = x * 65535
        let v = Swift.min(scaled > 0 ? scaled : 0, 65535)
        let shifted = v + 0x1p52
        let nearest = shifted - 0x1p52
        let whole = UInt32(truncatingIfNeeded: shifted.bitPattern)
        return UInt16(truncatingIfNeeded: whole &+ (v - nearest == 0.5 ? 1 : 0))
    }

    /// `is_topk_nonzero`: non-zero entries, minus the n − k smallest (ascending stable sort).
    static func topKNonzero<S: YumaArithmetic>(_ v: [S], k: Int) -> [Bool] {
        var result = v.map { $0 != .zero }
        let n = v.count
        if n < k { return result }
        let order = v.indices.sorted { a, b in v[a] < v[b] || (v[a] == v[b] && a < b) }
        for idx in order.prefix(n - k) { result[idx] = false }
        return result
    }

    static func winnerTakesAll<S: YumaArithmetic>(_ ranks: [S]) -> [S] {
        guard let best = ranks.max(), best > .zero else { return ranks.map { _ in .zero } }
        let winners = ranks.filter { $0 == best }.count
        let share = S.safeDiv(.one, S.integer(Int64(winners)))
        return ranks.map { $0 == best ? share : .zero }
    }

    /// Yuma 2's (and the original Yuma's) bond EMA in one merge of the weights' rows with the
    /// stored bonds' rows: each cell's bond weight (``SparseMath/bondWeight(_:consensus:penalty:)``),
    /// `ΔB = colnorm(W∘S)` (`W∘S` row-scaled, `inplace_col_normalize_sparse` by `deltaSums`, its
    /// column totals), the old bond (``StoredBonds``) column-normalised by its column totals when
    /// `normalizeOld` (Yuma 2), then `mat_ema_sparse(ΔB, B, α)`. Every cell is the same operations on
    /// the same operands as those steps one after another over the materialised matrices (a bond
    /// weight that is not kept, or a removed bond, is the 0 of a missing cell). Also returns the
    /// column sums of the result, summed in storage order as `inplace_col_normalize_sparse` does.
    static func emaOfNormalized<S: YumaArithmetic, Scale: BondScale>(
        _ w: CompressedRows<S>, consensus: [S], penalty: S, stake: [S], old: StoredBonds, _ scale: Scale.Type,
        normalizeOld: Bool, deltaSums: [S], alpha: S, columns: Int, workspace: EpochWorkspace? = nil
    ) -> (CompressedRows<S>, sums: [S], maxima: [S]) {
        let oldSum: [S] = normalizeOld ? old.columnSums(scale, columns: columns) : [S](repeating: .zero, count: columns)
        let deltaDiv = deltaSums.map { SparseMath.columnDivisor($0) }, oldDiv = oldSum.map { SparseMath.columnDivisor($0) }
        let oneMinusAlpha = S.sub(.one, alpha)
        var emaSum = [S](repeating: .zero, count: columns), emaMax = emaSum
        let ema = emaSum.withUnsafeMutableVector { emaSum in
            emaMax.withUnsafeMutableVector { emaMax in
                stake.withUnsafeVector { stake in
                    consensus.withUnsafeVector { consensus in
                        deltaDiv.withUnsafeVector { deltaDiv in
                            oldDiv.withUnsafeVector { oldDiv in
                                old.registeredAt.withUnsafeVector { registeredAt in
                                    w.withUnsafeRows { w in
                                        old.withUnsafeRows { stored in
                                            SparseMath.mergeRows(w, stored, workspace: workspace,
                                                NormalizedEMA<S, Scale>(consensus: consensus, penalty: penalty, stake: stake,
                                                                        deltaDiv: deltaDiv, oldDiv: oldDiv,
                                                                        registeredAt: registeredAt, lastTempo: old.lastTempo,
                                                                        alpha: alpha, oneMinusAlpha: oneMinusAlpha,
                                                                        emaSum: emaSum, emaMax: emaMax))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (ema, emaSum, emaMax)
    }

    /// The cell of ``emaOfNormalized``: the bond weight, ΔB = it·Sᵢ / its column total, the stored
    /// bond read and divided by its column total, their EMA; each kept cell added to its column's total.
    struct NormalizedEMA<S: YumaArithmetic, Scale: BondScale>: CellMerge {
        typealias A = S
        typealias B = Double
        let consensus: _UnsafeVector<S>, penalty: S
        let stake: _UnsafeVector<S>
        /// ΔB's and the old bonds' column divisors (``SparseMath/columnDivisor(_:)``).
        let deltaDiv: _UnsafeVector<S.Divisor>, oldDiv: _UnsafeVector<S.Divisor>
        let registeredAt: _UnsafeVector<UInt64>, lastTempo: UInt64
        let alpha: S, oneMinusAlpha: S
        /// Each column's total and maximum of the kept cells.
        let emaSum: _UnsafeMutableValues<S>, emaMax: _UnsafeMutableValues<S>

        @inline(__always) func combine(row i: Int, _ w: S, _ stored: Double, column c: Int) -> S {
            let weight = SparseMath.bondWeight(w, consensus: consensus[c], penalty: penalty).value
            let old: S = StoredBonds.value(stored, column: c, registeredAt: registeredAt, lastTempo: lastTempo, Scale.self)
            // 0 divided is 0: a weight clipped away (every cell of a column whose consensus is 0)
            // or a missing bond skips its division, the costly step in fixed point.
            let delta = weight == .zero ? .zero : S.divide(S.mul(weight, stake[i]), by: deltaDiv[c])
            let bond = old == .zero ? .zero : S.divide(old, by: oldDiv[c])
            return emaCell(delta, bond, alpha: alpha, oneMinusAlpha: oneMinusAlpha)
        }

        @inline(__always) func kept(column c: Int, _ value: S) {
            emaSum[c] = S.add(emaSum[c], value)
            emaMax[c] = S.greater(emaMax[c], value)
        }
    }

    /// `mat_ema_sparse`: α·new + (1 − α)·old per cell, positive cells kept.
    static func emaSparse<S: YumaArithmetic>(_ new: CompressedRows<S>, _ old: CompressedRows<S>, alpha: S) -> CompressedRows<S> {
        let oneMinusAlpha = S.sub(.one, alpha)
        return SparseMath.mergeRows(new, old) { _, n, o, _ in emaCell(n, o, alpha: alpha, oneMinusAlpha: oneMinusAlpha) }
    }

    /// One cell of `mat_ema_sparse`: α·new + (1 − α)·old (a missing cell is 0).
    @inline(__always)
    static func emaCell<S: YumaArithmetic>(_ new: S, _ old: S, alpha: S, oneMinusAlpha: S) -> S {
        S.add(S.mul(alpha, new), S.mul(oneMinusAlpha, old))
    }

    /// `compute_bonds_sparse`: liquid alpha (when on and consensus is not all zero) or the fixed α,
    /// then `mat_ema_alpha_sparse` / `mat_ema_sparse`.
    func computeBondsYuma3<S: YumaArithmetic>(_ weights: CompressedRows<S>, _ bonds: CompressedRows<S>, consensus: [S],
                                             columns: Int) -> CompressedRows<S> {
        guard hyper.liquidAlpha, consensus.contains(where: { $0 != .zero }) else {
            return Self.emaSparse(weights, bonds, alpha: S.emaAlpha(bondsMovingAverage: hyper.bondsMovingAverage))
        }
        let low = S.proportion(hyper.alphaLow), high = S.proportion(hyper.alphaHigh)
        // `steepness / −100`, the same for every bond of the epoch.
        let scale = S.saturatingDiv(S.integer(hyper.alphaSigmoidSteepness), S.integer(-100))
        // mat_ema_alpha_sparse: only columns present in the new (weights) row are emitted; the old
        // bond decays by (1 − α) there and is dropped elsewhere.
        return CompressedRows.build(rows: weights.rowCount, capacity: weights.entryCount, workspace: workspace, filler: .zero) { out in
            for i in 0..<weights.rowCount {
                var q = bonds.offsets[i]
                let qe = bonds.offsets[i + 1]
                for p in weights.range(i) {
                    let col = weights.columns[p], w = weights.values[p]
                    while q < qe && bonds.columns[q] < col { q += 1 }
                    let b = (q < qe && bonds.columns[q] == col) ? bonds.values[q] : S.zero
                    let a = Self.alphaSigmoid(consensus: consensus[Int(col)], weight: w, bond: b,
                                              low: low, high: high, scale: scale)
                    let decayed = S.mul(S.sub(.one, a), b)
                    let inc = Swift.max(S.mul(a, w), .zero)
                    let v = Swift.min(S.add(decayed, inc), .one)
                    if v > .zero { out.append(col, v) }
                }
                out.closeRow()
            }
        }
    }

    /// `alpha_sigmoid`: α = low + sigmoid·(high − low), sigmoid of how far the weight is above
    /// consensus (buying) or the bond above the weight (selling), clamped to [low, high]; `scale`
    /// is `steepness / −100` (subtensor's `saturating_div`).
    @inline(__always)
    static func alphaSigmoid<S: YumaArithmetic>(consensus: S, weight: S, bond: S, low: S, high: S, scale: S) -> S {
        let one = S.one
        func clamp(_ v: S, _ lo: S, _ hi: S) -> S { Swift.max(Swift.min(v, hi), lo) }
        let diffBuy = clamp(S.sub(weight, consensus), .zero, one)
        let diffSell = clamp(S.sub(bond, weight), .zero, one)
        let combined = weight >= bond ? diffBuy : diffSell
        let exponent = S.mul(scale, S.sub(combined, S.constant(0.5)))
        let sigmoid = S.saturatingDiv(one, S.add(one, S.expSafe(exponent)))
        let alpha = S.add(low, S.mul(sigmoid, S.sub(high, low)))
        return clamp(alpha, low, high)
    }

    /// yuma-simulation's Yuma 2C bonds, in units of normalised stake: each validator buys
    /// `min(capacity_alpha·S_i, S_i − B_ij)⁺ · W_ij`, old bonds decay by `1 − decay_rate`, capped at `S_i`.
    static func capacityBonds<S: YumaArithmetic>(_ weights: CompressedRows<S>, _ old: CompressedRows<S>, stake: [S],
                                                decay: S, capacityAlpha: S) -> CompressedRows<S> {
        SparseMath.mergeRows(weights, old) { i, w, b, _ in
            let cap = stake[i]
            let buy = S.mul(capacityAlpha, cap)
            let remaining = Swift.max(S.sub(cap, b), .zero)
            let purchase = S.mul(Swift.min(buy, remaining), w)
            return Swift.min(S.add(S.mul(decay, b), purchase), cap)
        }
    }
}
