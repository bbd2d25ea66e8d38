/// What an engine keeps between epochs, in elements, for checking that memory does not grow with
/// the number of epochs (`MemoryTests`).
struct RetainedState: Equatable, CustomStringConvertible {
    /// Longest VAS history kept by any validator (bounded by twice the longest formula window).
    var longestVASHistory: Int
    /// Capacity of the per-epoch score and evaluation logs.
    var logCapacity: Int
    /// Capacity of the per-miner score arrays plus the per-validator evaluation arrays.
    var arrayCapacity: Int
    /// Epochs of submissions in the plagiarism buffer, and submissions stored there.
    var plagiarismEpochs: Int
    var plagiarismSubmissions: Int

    var description: String {
        "VAS history \(longestVASHistory), logs \(logCapacity), arrays \(arrayCapacity), plagiarism \(plagiarismEpochs) epochs / \(plagiarismSubmissions) submissions"
    }
}

extension EpochEngine {
    var retainedState: RetainedState {
        var arrays = 0
        for a in minerScores { arrays += a.capacity }
        for a in trapScores { arrays += a.capacity }
        for a in trapTruths { arrays += a.capacity }
        for a in given { arrays += a.capacity }
        for a in consensusSeen { arrays += a.capacity }
        return RetainedState(
            longestVASHistory: vasHistory.map(\.count).max() ?? 0,
            logCapacity: scoreLogCapacity + evalLogCapacity,
            arrayCapacity: arrays,
            plagiarismEpochs: plagiarism?.window.bufferedEpochs ?? 0,
            plagiarismSubmissions: plagiarism?.window.storedSubmissions ?? 0)
    }
}
