import Chain
import ScoringCore

/// A small test mechanism (not Yuma): incentive is the stake-weighted sum of row-normalised
/// weights, consensus equals incentive, bonds are an exponential moving average (α = 0.5) of the
/// normalised weights, dividends follow each validator's bonds times incentive; half of the
/// emission goes to servers, half to validators. Enough state to test carrying, resets and
/// behaviours, simple enough to compute by hand.
struct ProportionalChain: ChainConsensus {
    static let descriptor = ComponentDescriptor(
        key: "test-proportional", kind: .chainConsensus, summary: "test mechanism: stake-weighted weights",
        parameters: [.number("alpha", default: 0.5, range: 0...1, "bond moving-average factor")])
    var alpha: Double
    init(parameters: ParameterValues) throws { alpha = try parameters.double("alpha") }

    func epoch(_ input: ChainEpochInput, state: ChainState) throws -> ChainEpochResult {
        let n = input.uidCount
        guard input.weights.rowCount == n else { throw ChainInputError(field: "weights", "expected \(n) rows") }
        let total = input.stakes.reduce(0, +)
        var normalised = [[Double]](repeating: Array(repeating: 0, count: n), count: n)
        for (i, row) in input.weights.rows.enumerated() {
            let sum = row.reduce(0.0) { $0 + Double($1.value) }
            guard sum > 0 else { continue }
            for e in row { normalised[i][e.column] = Double(e.value) / sum }
        }
        var incentive = Array(repeating: 0.0, count: n)
        for i in 0..<n where total > 0 { for j in 0..<n { incentive[j] += input.stakes[i] / total * normalised[i][j] } }
        let isum = incentive.reduce(0, +)
        if isum > 0 { incentive = incentive.map { $0 / isum } }
        var bonds = SparseMatrix<Double>(count: n)
        var dividends = Array(repeating: 0.0, count: n)
        for i in 0..<n {
            var old = Array(repeating: 0.0, count: n)
            if i < state.bonds.rowCount { for e in state.bonds.rows[i] { old[e.column] = e.value } }
            for j in 0..<n {
                let b = alpha * normalised[i][j] + (1 - alpha) * old[j]
                if b > 0 { bonds.rows[i].append(.init(column: j, value: b)) }
                dividends[i] += b * incentive[j]
            }
        }
        let dsum = dividends.reduce(0, +)
        if dsum > 0 { dividends = dividends.map { $0 / dsum } }
        let server = incentive.map { $0 * input.emission / 2 }
        let validator = dividends.map { $0 * input.emission / 2 }
        func q(_ xs: [Double]) -> [UInt16] { xs.map { UInt16(($0 * 65535).rounded()) } }
        return ChainEpochResult(
            ranks: incentive, trust: incentive, consensus: incentive, incentive: incentive,
            validatorTrust: dividends, dividends: dividends, serverEmission: server, validatorEmission: validator,
            validatorPermits: input.stakes.map { $0 > 0 }, active: Array(repeating: true, count: n),
            stored: .init(consensus: q(incentive), incentive: q(incentive), dividends: q(dividends), trust: q(incentive),
                          validatorTrust: q(dividends), bonds: SparseMatrix(rows: bonds.rows.map { $0.map { .init(column: $0.column, value: UInt16(($0.value * 65535).rounded())) } })),
            state: ChainState(bonds: bonds, consensus: incentive))
    }
}

struct TestChainModule: ScoringModule {
    let name = "test-chain"
    func register(into registry: inout ScoringRegistry) throws {
        try registry.register(ProportionalChain.self)
    }
}
