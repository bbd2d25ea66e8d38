/// Plagiarism detection in the epoch loop (spec section "Plagiarism detector").
///
/// YAML (`simulation.plagiarism`): `enabled` (bool, default false), `threshold` (number in [0, 1],
/// default 0.95: a similarity above it is plagiarism), `penalty` (number in [0, 1], default 0.5:
/// the factor applied to a flagged submission's score), `buffer_epochs` (integer ≥ 0, default 30:
/// how many past epochs of submissions are kept for comparison).
public struct PlagiarismSettings: Sendable, Hashable {
    public var enabled: Bool
    public var threshold: Double
    public var penalty: Double
    public var bufferEpochs: Int

    public init(enabled: Bool = false, threshold: Double = 0.95, penalty: Double = 0.5, bufferEpochs: Int = 30) {
        self.enabled = enabled
        self.threshold = threshold
        self.penalty = penalty
        self.bufferEpochs = bufferEpochs
    }
}
