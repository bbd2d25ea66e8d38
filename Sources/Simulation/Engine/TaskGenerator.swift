public import ScoringCore

/// Generates an epoch's tasks with the reference's draw order.
///
/// First the traps: domain (among domains with traps), `choice` of trap template, difficulty in
/// `trap_difficulty`; then the regular tasks: domain, `choice` of template, difficulty in
/// `difficulty`, `previously_unsolved = random() < unsolved_rate`; then one shuffle of the list.
/// With a uniform domain mix the domain draw is `randbelow(count)` (the reference's `choice`);
/// with weights it is one `random()` against the cumulative weights.
public struct TaskGenerator: Sendable {
    let templateCounts: [Int]
    let trapGroundTruths: [[Double]]
    /// Domains that have traps, as indexes into the domain list.
    let trapDomains: [Int]
    let cumulativeWeights: [Double]?
    let trapCumulativeWeights: [Double]?
    let taskCount: Int
    let trapCount: Int
    let unsolvedRate: Double
    let difficulty: ClosedRange<Int>
    let trapDifficulty: ClosedRange<Int>

    public init(settings: SimulationSettings) {
        let domains = settings.domains.domains
        templateCounts = domains.map { $0.templates.count }
        trapGroundTruths = domains.map { $0.traps.map(\.groundTruth) }
        trapDomains = domains.indices.filter { !domains[$0].traps.isEmpty }
        func cumulative(_ indexes: [Int]) -> [Double]? {
            guard let w = settings.domains.weights else { return nil }
            var sum = 0.0
            return indexes.map { sum += w[$0]; return sum }
        }
        cumulativeWeights = cumulative(Array(domains.indices))
        trapCumulativeWeights = cumulative(trapDomains)
        taskCount = settings.tasksPerEpoch
        trapCount = settings.trapsPerEpoch
        unsolvedRate = settings.unsolvedRate
        difficulty = settings.difficulty
        trapDifficulty = settings.trapDifficulty
    }

    @inline(__always)
    static func pick<R: RandomSource>(_ rng: inout R, count: Int, cumulative: [Double]?) -> Int {
        guard let cumulative else { return rng.randbelow(count) }
        let x = rng.random() * cumulative[cumulative.count - 1]
        var i = 0
        while i < cumulative.count - 1 && x >= cumulative[i] { i += 1 }
        return i
    }

    /// Fills `tasks` with this epoch's tasks in processing order.
    public func generate<R: RandomSource>(_ rng: inout R, into tasks: inout [SimulatedTask]) {
        tasks.removeAll(keepingCapacity: true)
        for _ in 0..<trapCount {
            let d = trapDomains[Self.pick(&rng, count: trapDomains.count, cumulative: trapCumulativeWeights)]
            let t = rng.randbelow(trapGroundTruths[d].count)
            let diff = rng.randint(trapDifficulty.lowerBound, trapDifficulty.upperBound)
            tasks.append(SimulatedTask(domain: d, template: t, difficulty: diff, isTrap: true, previouslyUnsolved: false,
                                       groundTruth: trapGroundTruths[d][t]))
        }
        for _ in trapCount..<taskCount {
            let d = Self.pick(&rng, count: templateCounts.count, cumulative: cumulativeWeights)
            let t = rng.randbelow(templateCounts[d])
            let diff = rng.randint(difficulty.lowerBound, difficulty.upperBound)
            let unsolved = rng.random() < unsolvedRate
            tasks.append(SimulatedTask(domain: d, template: t, difficulty: diff, isTrap: false, previouslyUnsolved: unsolved,
                                       groundTruth: 0))
        }
        rng.shuffle(&tasks)
    }
}
