import Sodium

/// The spec's fingerprint rule: SHA-256 of `task:miner_id:final_answer(:step)*` (the task written
/// `e<epoch>-t<index>`); an equal fingerprint from another miner counts as similarity 1.0.
///
/// The task part ends at the first `:` (it is digits and letters only), so equal texts have equal
/// epochs and task indexes: only submissions of the same task can match, and only the current task's
/// fingerprints are kept. Within a task, texts of two miners are equal only if the miner ids make
/// them so: when the ids are distinct and none contains `:`, the id is everything up to the next
/// `:`, and no two miners' texts can be equal. ``mayMatch(minerIDs:)`` says when that holds, and
/// the detector skips fingerprints entirely (the flags are the same: this rule could never fire).
struct SubmissionFingerprints {
    private var seen: [Bytes32: [Int32]] = [:]

    /// Whether two miners' fingerprints can ever be equal: some id contains `:`, or ids repeat.
    static func mayMatch(minerIDs: [String]) -> Bool {
        minerIDs.contains { $0.contains(":") } || Set(minerIDs).count != minerIDs.count
    }

    /// SHA-256 of a submission's fingerprint text.
    static func fingerprint(of text: String) -> Bytes32 {
        Array(text.utf8).withUnsafeBytes { SHA256.hash($0) }
    }

    /// The fingerprint text of a submission: `e<epoch>-t<task>:<miner id>:<answer words>(:<step words>)*`.
    static func text(epoch: Int, taskIndex: Int, minerID: String, words: ArraySlice<Int32>, stepLengths: ArraySlice<Int>,
                     answers: ArraySlice<Int32>) -> String {
        let vocabulary = SubmissionVocabulary.words
        var text = "e\(epoch)-t\(taskIndex):\(minerID):"
        text += answers.map { vocabulary[Int($0)] }.joined(separator: " ")
        var start = words.startIndex
        for length in stepLengths {
            text += ":" + words[start..<(start + length)].map { vocabulary[Int($0)] }.joined(separator: " ")
            start += length
        }
        return text
    }

    /// Forgets the previous task's fingerprints.
    mutating func startTask() { seen.removeAll(keepingCapacity: true) }

    /// Whether another miner of the current task already submitted `fingerprint`; then records it.
    mutating func matchesAnother(_ fingerprint: Bytes32, miner: Int32) -> Bool {
        let match = seen[fingerprint]?.contains { $0 != miner } ?? false
        seen[fingerprint, default: []].append(miner)
        return match
    }
}
