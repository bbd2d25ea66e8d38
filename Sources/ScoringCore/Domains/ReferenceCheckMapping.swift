/// The ReasonForge reference's simulated check results: check `k` of a submission takes its
/// dimension `[Q, A, N, Eff][k mod 4]`.
///
/// The default of ``TaskDomain/checkResults(for:difficulty:into:)-(_,_,[Double])``; a domain that
/// keeps it implements the batch form by calling ``checkResults(for:into:)`` (as ReasonForge's
/// domains and YAML domains do), so the mapping has one body.
public enum ReferenceCheckMapping {
    /// Submission `i`'s `c = results.count / dimensions.count` check results, row by row.
    public static func checkResults(for dimensions: Span<DimensionScores>, into results: inout MutableSpan<Double>) {
        let count = dimensions.count
        guard count > 0 else { return }
        let c = results.count / count
        for i in 0..<count {
            let d = dimensions[i]
            for k in 0..<c { results[i * c + k] = d[k] }
        }
    }
}
