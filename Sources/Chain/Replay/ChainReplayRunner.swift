public import ScoringCore

/// Runs a ``ChainReplay`` through a ``ChainConsensus``, epoch by epoch, carrying the mechanism's
/// state, clearing bond columns where the replay resets them and applying the validators'
/// ``ChainReplay/Behaviour``s (which read the mechanism's own previous output).
public struct ChainReplayRunner: Sendable {
    /// One epoch of a run: the input the mechanism saw and what it returned.
    public struct Step: Sendable {
        public var input: ChainEpochInput
        public var result: ChainEpochResult
    }

    /// A mechanism and the label its outputs carry (`yuma`, or `yuma[arithmetic=float]`).
    public struct Mechanism: Sendable {
        public var label: String
        public var consensus: any ChainConsensus
        public init(label: String, consensus: any ChainConsensus) {
            self.label = label
            self.consensus = consensus
        }
    }

    public var replay: ChainReplay
    public init(replay: ChainReplay) { self.replay = replay }

    /// Runs every epoch through `mechanism`.
    /// - Throws: ``ConfigError`` located at the epoch whose input the mechanism refused.
    public func run(_ mechanism: any ChainConsensus, label: String = "") throws(ConfigError) -> [Step] {
        let n = replay.uidCount
        var state = ChainState.initial(uidCount: n)
        var permits = replay.epochs.first.map { $0.stakes.map { $0 > 0 } } ?? []
        var steps: [Step] = []
        steps.reserveCapacity(replay.epochs.count)
        for (e, epoch) in replay.epochs.enumerated() {
            for uid in epoch.resetBonds {
                state.bonds.filterEntries { $1.column != uid }
            }
            var weights = epoch.weights
            for (uid, behaviour) in replay.behaviours.sorted(by: { $0.key < $1.key }) {
                weights[row: uid] = row(for: uid, behaviour, epoch: e, previous: steps.last?.result)
            }
            let input = ChainEpochInput(block: epoch.block, stakes: epoch.stakes, weights: weights, validatorPermits: permits,
                                        lastUpdate: epoch.lastUpdate, registeredAt: epoch.registeredAt, emission: epoch.emission,
                                        ownerUID: replay.owner)
            let result: ChainEpochResult
            do {
                result = try mechanism.epoch(input, state: state)
            } catch {
                throw ConfigError(.invalidValue, at: epoch.location, path: "epochs[\(e)]",
                                  "\(label.isEmpty ? "the mechanism" : "'\(label)'") refused epoch \(e): \(error)")
            }
            state = result.state
            permits = result.validatorPermits
            steps.append(Step(input: input, result: result))
        }
        return steps
    }

    /// The row `uid` sets in epoch `e` under `behaviour`.
    func row(for uid: Int, _ behaviour: ChainReplay.Behaviour, epoch e: Int, previous: ChainEpochResult?) -> [SparseMatrix<UInt16>.Entry] {
        switch behaviour {
        case .copiesConsensus:
            // The SDK drops zero weights before set_weights, so the copied row has none.
            guard let previous else { return replay.epochs[e].weights[row: uid] }
            return ChainReplayReader.upscale(previous.consensus)
        case .shifted(let k):
            let source = min(max(e - k, 0), replay.epochs.count - 1)
            return replay.epochs[source].weights[row: uid]
        case .winnerTakesAll:
            let row = replay.epochs[e].weights[row: uid]
            guard var best = row.first else { return [] }
            for entry in row.dropFirst() where entry.value > best.value { best = entry }
            guard best.value > 0 else { return row }
            // The other columns of the row stay as explicit zeros (as a dense one-hot row).
            return row.map { .init(column: $0.column, value: $0.column == best.column ? 65535 : 0) }
        }
    }
}
