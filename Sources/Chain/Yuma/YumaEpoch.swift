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
        var weights: [SparseRow<S>] = []
        weights.reserveCapacity(n)
        for i in 0..<n {
            guard permits[i] else { weights.append([]); continue }
            let updated = input.lastUpdate[i]
            var row: SparseRow<S> = []
            row.reserveCapacity(input.weights.rows[i].count)
            for e in input.weights.rows[i] {
                if e.column == i && i != owner { continue }
                if updated <= input.registeredAt[e.column] { continue }
                row.append((e.column, S.integer(Int64(e.value))))
            }
            weights.append(row)
        }
        SparseMath.rowNormalize(&weights)

        // == Consensus, validator trust ==
        let kappa = S.proportion(hyper.kappa)
        let consensus = SparseMath.weightedMedianColumns(stake: activeStake, weights, columns: n, majority: kappa)
        let clipped = SparseMath.colClip(weights, consensus)
        let validatorTrust = SparseMath.rowSum(clipped)

        // == Ranks, trust, incentive ==
        let ranks = SparseMath.matmul(clipped, activeStake, columns: n)
        let preranks = SparseMath.matmul(weights, activeStake, columns: n)
        let trust: [S] = zip(ranks, preranks).map { S.safeDiv($0, $1) }
        var incentive = ranks
        switch self.incentive {
        case .proportional: SparseMath.normalize(&incentive)
        case .winnerTakesAll: incentive = Self.winnerTakesAll(ranks)
        }

        // == Bonds and dividends ==
        let bondsPenalty = S.proportion(hyper.bondsPenalty)
        let weightsForBonds = SparseMath.interpolate(weights, clipped, ratio: bondsPenalty)
        let lastTempo = block >= hyper.tempo ? block - hyper.tempo : 0
        let stored = state.bonds.rows
        func oldBonds(asProportion: Bool) -> [SparseRow<S>] {
            (0..<n).map { i -> SparseRow<S> in
                guard i < stored.count else { return [] }
                var row: SparseRow<S> = []
                for e in stored[i] where e.column < n {
                    // Remove bonds to UIDs registered since the last tempo.
                    if lastTempo <= input.registeredAt[e.column] { continue }
                    let u = Self.u16(e.value)
                    row.append((e.column, asProportion ? S.proportion(u) : S.integer(Int64(u))))
                }
                return row
            }
        }

        var dividends: [S]
        var emaBonds: [SparseRow<S>]
        switch bonds {
        case .yuma3:
            let old = oldBonds(asProportion: true)
            emaBonds = computeBondsYuma3(weightsForBonds, old, consensus: consensus, columns: n)
            var norm = emaBonds
            SparseMath.colNormalize(&norm, columns: n)
            let perValidator = SparseMath.matmulTranspose(norm, incentive)
            dividends = zip(perValidator, activeStake).map { S.mul($0, $1) }
            SparseMath.normalize(&dividends)
        case .yuma2, .original:
            var old = oldBonds(asProportion: bonds == .original ? true : false)
            if bonds == .yuma2 { SparseMath.colNormalize(&old, columns: n) }
            var delta = weightsForBonds
            for i in delta.indices { for k in delta[i].indices { delta[i][k].v = S.mul(delta[i][k].v, activeStake[i]) } }
            SparseMath.colNormalize(&delta, columns: n)
            let alpha = S.emaAlpha(bondsMovingAverage: hyper.bondsMovingAverage)
            emaBonds = Self.emaSparse(delta, old, alpha: alpha)
            if bonds == .yuma2 { SparseMath.colNormalize(&emaBonds, columns: n) }
            dividends = SparseMath.matmulTranspose(emaBonds, incentive)
            SparseMath.normalize(&dividends)
            if bonds == .yuma2 { SparseMath.colMaxUpscale(&emaBonds, columns: n) }
        case .capacity(let decayRate, let capacityAlpha):
            let old = oldBonds(asProportion: true)
            emaBonds = Self.capacityBonds(weightsForBonds, old, stake: activeStake,
                                          decay: S.sub(.one, S.constant(decayRate)), capacityAlpha: S.constant(capacityAlpha))
            var norm = emaBonds
            SparseMath.colNormalize(&norm, columns: n)
            dividends = SparseMath.matmulTranspose(norm, incentive)
            SparseMath.normalize(&dividends)
        }

        // == Emission ==
        var emissionSum = S.zero
        for i in 0..<n { emissionSum = S.add(emissionSum, S.add(incentive[i], dividends[i])) }
        var serverShare = incentive
        var validatorShare = dividends
        if emissionSum != .zero {
            for i in 0..<n {
                serverShare[i] = S.safeDiv(serverShare[i], emissionSum)
                validatorShare[i] = S.safeDiv(validatorShare[i], emissionSum)
            }
        } else {
            // No weights, outdated weights or only self-weights: emission follows stake.
            validatorShare = SparseMath.sum(activeStake) == .zero ? stake : activeStake
        }
        let serverEmission = S.amounts(serverShare, emission: input.emission)
        let validatorEmission = S.amounts(validatorShare, emission: input.emission)

        // == Stored outputs and carried state ==
        var storedBonds = SparseMatrix<UInt16>(count: n)
        var carried = SparseMatrix<Double>(count: n)
        for i in 0..<n {
            if newPermits[i] {
                for e in emaBonds[i] {
                    let u = e.v.proportionToU16
                    guard u > 0 else { continue }
                    storedBonds.rows[i].append(.init(column: e.col, value: u))
                    carried.rows[i].append(.init(column: e.col, value: Double(u) / 65535))
                }
            } else if permits[i] {
                // Permit lost: the row is cleared.
            } else if i < stored.count {
                // Neither before nor now: the stored row is left as it was.
                carried.rows[i] = stored[i]
                storedBonds.rows[i] = stored[i].map { SparseMatrix<UInt16>.Entry(column: $0.column, value: Self.u16($0.value)) }
            }
        }
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
    static func u16(_ x: Double) -> UInt16 {
        let v = (x * 65535).rounded()
        return v <= 0 ? 0 : (v >= 65535 ? 65535 : UInt16(v))
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

    /// `mat_ema_sparse`: α·new + (1 − α)·old per cell, positive cells kept.
    static func emaSparse<S: YumaArithmetic>(_ new: [SparseRow<S>], _ old: [SparseRow<S>], alpha: S) -> [SparseRow<S>] {
        let oneMinusAlpha = S.sub(.one, alpha)
        return zip(new, old).map { nrow, orow in
            var out: SparseRow<S> = []
            out.reserveCapacity(Swift.max(nrow.count, orow.count))
            var p = 0, q = 0
            while p < nrow.count || q < orow.count {
                let cn = p < nrow.count ? nrow[p].col : Int.max
                let co = q < orow.count ? orow[q].col : Int.max
                let col = Swift.min(cn, co)
                var acc = S.zero
                if cn == col { acc = S.add(acc, S.mul(alpha, nrow[p].v)); p += 1 }
                if co == col { acc = S.add(acc, S.mul(oneMinusAlpha, orow[q].v)); q += 1 }
                if acc > .zero { out.append((col, acc)) }
            }
            return out
        }
    }

    /// `compute_bonds_sparse`: liquid alpha (when on and consensus is not all zero) or the fixed α,
    /// then `mat_ema_alpha_sparse` / `mat_ema_sparse`.
    func computeBondsYuma3<S: YumaArithmetic>(_ weights: [SparseRow<S>], _ bonds: [SparseRow<S>], consensus: [S],
                                             columns: Int) -> [SparseRow<S>] {
        guard hyper.liquidAlpha, consensus.contains(where: { $0 != .zero }) else {
            return Self.emaSparse(weights, bonds, alpha: S.emaAlpha(bondsMovingAverage: hyper.bondsMovingAverage))
        }
        let low = S.proportion(hyper.alphaLow), high = S.proportion(hyper.alphaHigh)
        let steep = S.integer(hyper.alphaSigmoidSteepness)
        // mat_ema_alpha_sparse: only columns present in the new (weights) row are emitted; the old
        // bond decays by (1 − α) there and is dropped elsewhere.
        return zip(weights, bonds).map { wrow, brow in
            var out: SparseRow<S> = []
            out.reserveCapacity(wrow.count)
            var q = 0
            for w in wrow {
                while q < brow.count && brow[q].col < w.col { q += 1 }
                let b = (q < brow.count && brow[q].col == w.col) ? brow[q].v : S.zero
                let a = Self.alphaSigmoid(consensus: consensus[w.col], weight: w.v, bond: b,
                                          low: low, high: high, steepness: steep)
                let decayed = S.mul(S.sub(.one, a), b)
                let inc = Swift.max(S.mul(a, w.v), .zero)
                let v = Swift.min(S.add(decayed, inc), .one)
                if v > .zero { out.append((w.col, v)) }
            }
            return out
        }
    }

    /// `alpha_sigmoid`: α = low + sigmoid·(high − low), sigmoid of how far the weight is above
    /// consensus (buying) or the bond above the weight (selling), clamped to [low, high].
    static func alphaSigmoid<S: YumaArithmetic>(consensus: S, weight: S, bond: S, low: S, high: S, steepness: S) -> S {
        let one = S.one
        func clamp(_ v: S, _ lo: S, _ hi: S) -> S { Swift.max(Swift.min(v, hi), lo) }
        let diffBuy = clamp(S.sub(weight, consensus), .zero, one)
        let diffSell = clamp(S.sub(bond, weight), .zero, one)
        let combined = weight >= bond ? diffBuy : diffSell
        let exponent = S.mul(S.saturatingDiv(steepness, S.integer(-100)), S.sub(combined, S.constant(0.5)))
        let sigmoid = S.saturatingDiv(one, S.add(one, S.expSafe(exponent)))
        let alpha = S.add(low, S.mul(sigmoid, S.sub(high, low)))
        return clamp(alpha, low, high)
    }

    /// yuma-simulation's Yuma 2C bonds, in units of normalised stake: each validator buys
    /// `min(capacity_alpha·S_i, S_i − B_ij)⁺ · W_ij`, old bonds decay by `1 − decay_rate`, capped at `S_i`.
    static func capacityBonds<S: YumaArithmetic>(_ weights: [SparseRow<S>], _ old: [SparseRow<S>], stake: [S],
                                                decay: S, capacityAlpha: S) -> [SparseRow<S>] {
        zip(weights, old).enumerated().map { i, rows in
            let (wrow, orow) = rows
            let cap = stake[i]
            let buy = S.mul(capacityAlpha, cap)
            return SparseMath.mergeRows(wrow, orow) { w, b in
                let remaining = Swift.max(S.sub(cap, b), .zero)
                let purchase = S.mul(Swift.min(buy, remaining), w)
                return Swift.min(S.add(S.mul(decay, b), purchase), cap)
            }
        }
    }
}
