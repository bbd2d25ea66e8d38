/// What an engine keeps between epochs, in elements, for checking that memory does not grow with
/// the number of epochs (`MemoryTests`).
struct RetainedState: Equatable, CustomStringConvertible {
    /// Epochs of VAS history kept (bounded by twice the longest formula window).
    var longestVASHistory: Int
    /// Elements in the engine's arena (run state and per-epoch scratch, sized once).
    var logCapacity: Int
    /// Capacity of the Swift arrays the engine keeps besides its arena.
    var arrayCapacity: Int
    /// Epochs of submissions in the plagiarism buffer, and submissions stored there.
    var plagiarismEpochs: Int
    var plagiarismSubmissions: Int

    var description: String {
        "VAS history \(longestVASHistory), arena \(logCapacity), arrays \(arrayCapacity), plagiarism \(plagiarismEpochs) epochs / \(plagiarismSubmissions) submissions"
    }
}

extension EpochEngine {
    var retainedState: RetainedState {
        RetainedState(longestVASHistory: historyLength, logCapacity: arenaElements, arrayCapacity: arrayCapacity,
                      plagiarismEpochs: plagiarismBuffer.epochs, plagiarismSubmissions: plagiarismBuffer.submissions)
    }
}
