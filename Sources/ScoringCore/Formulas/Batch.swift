/// Helpers for the batch methods of the formula roles (``CompositeScoreFormula/compositeScores(_:into:)`` and
/// the others): a batch is contiguous storage, passed as `Span` and written through `MutableSpan`.
///
/// Every role has a scalar method and a batch method. The role's protocol extension builds the batch
/// method from the scalar one, so an author who writes only the scalar method is complete; a formula
/// that cares about speed writes the batch method and lets its scalar method evaluate a batch of one
/// with ``evaluateOne(_:_:)``, so the formula still has one body. A conformer must write at least one
/// of the two (each default calls the other).
public enum Batch {
    /// Runs `body` on a one-element output initialised to `initial` and returns that element: the
    /// scalar method of a formula whose body is its batch method.
    @inlinable
    public static func evaluateOne<Output>(_ initial: Output, _ body: (inout MutableSpan<Output>) -> Void) -> Output {
        var output: InlineArray<1, Output> = [initial]
        var span = output.mutableSpan
        body(&span)
        return output[0]
    }

    /// Runs `body` on a one-element span holding `value`.
    @inlinable
    public static func withOne<Input, Result>(_ value: Input, _ body: (Span<Input>) -> Result) -> Result {
        let input: InlineArray<1, Input> = [value]
        return body(input.span)
    }

    /// The elements of `span` in `range`, copied into an array (for the batch defaults built from a
    /// scalar method that takes arrays).
    @inlinable
    public static func array<Element>(_ span: Span<Element>, _ range: Range<Int>) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(range.count)
        for i in range { result.append(span[i]) }
        return result
    }

    /// Column `column` of a row-major matrix with `columns` columns held in `span`: element
    /// `column` of every row, in row order (a miner's scores across an epoch's tasks, a validator's
    /// history across epochs).
    @inlinable
    public static func column<Element>(_ span: Span<Element>, _ column: Int, of columns: Int) -> [Element] {
        guard columns > 0 else { return [] }
        let rows = span.count / columns
        var result: [Element] = []
        result.reserveCapacity(rows)
        for r in 0..<rows { result.append(span[r * columns + column]) }
        return result
    }
}

extension Batch {
    /// For each of the `means.count` columns of `histories` (a row-major matrix: rows are epochs,
    /// oldest first, one column per validator or miner), the mean of its last `window` values (all
    /// of them when there are fewer), summed from 0 oldest first; 1.0 when there are no rows. The
    /// averaging the slashing (VAS over the last 7 epochs), reputation (the last 30) and trap
    /// penalty (every trap of the epoch) formulas share.
    public static func trailingMeans(histories: Span<Double>, window: Int, into means: inout MutableSpan<Double>) {
        let columns = means.count
        guard columns > 0 else { return }
        let rows = histories.count / columns
        guard rows > 0 else {
            for v in 0..<columns { means[v] = 1.0 }
            return
        }
        let first = rows - min(rows, max(1, window))
        for v in 0..<columns { means[v] = 0.0 }
        for r in first..<rows {
            let row = r * columns
            for v in 0..<columns { means[v] += histories[row + v] }
        }
        let count = Double(rows - first)
        for v in 0..<columns { means[v] /= count }
    }
}
