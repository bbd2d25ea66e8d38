import Testing
import ScoringCore

/// `SparseMatrix` is stored as compressed rows; every per-row operation must agree with the
/// `[[Entry]]` model it replaced (the view earlier callers used).
struct SparseMatrixTests {
    typealias Entry = SparseMatrix<UInt16>.Entry

    /// A deterministic generator (64-bit LCG) so failures reproduce.
    struct Rng {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func randomRows(_ rng: inout Rng, rows: Int, columns: Int) -> [[Entry]] {
        (0..<rows).map { _ in
            (0..<columns).compactMap { c in rng.next(3) == 0 ? Entry(column: c, value: UInt16(rng.next(65_536))) : nil }
        }
    }

    @Test func compressedLayoutByHand() {
        let m = SparseMatrix<UInt16>(rows: [[.init(column: 1, value: 5), .init(column: 3, value: 0)], [], [.init(column: 0, value: 7)]])
        #expect(m.rowOffsets == [0, 2, 2, 3])
        #expect(m.columnIndices == [1, 3, 0])
        #expect(m.values == [5, 0, 7])
        #expect(m.rowCount == 3 && m.nonZeroCount == 3)
        #expect(m.entryRange(ofRow: 1) == 2..<2)
        #expect(m[row: 0] == [.init(column: 1, value: 5), .init(column: 3, value: 0)])
        #expect(m == SparseMatrix(rowOffsets: [0, 2, 2, 3], columnIndices: [1, 3, 0], values: [5, 0, 7]))
        #expect(SparseMatrix<UInt16>(count: 4).rowOffsets == [0, 0, 0, 0, 0])
    }

    @Test(arguments: 0..<20)
    func rowsRoundTripAndEdits(seed: Int) {
        var rng = Rng(state: UInt64(seed) &+ 1)
        let n = 1 + rng.next(12)
        var model = Self.randomRows(&rng, rows: n, columns: 16)
        var m = SparseMatrix(rows: model)
        #expect(m.rows == model)
        #expect(m.nonZeroCount == model.reduce(0) { $0 + $1.count })
        #expect(m == SparseMatrix(rowOffsets: m.rowOffsets, columnIndices: m.columnIndices, values: m.values))
        for _ in 0..<10 {
            let i = rng.next(n)
            switch rng.next(4) {
            case 0:
                // Replace one row (longer, shorter or empty) through the row subscript.
                let row = Self.randomRows(&rng, rows: 1, columns: 16)[0]
                model[i] = row
                m[row: i] = row
            case 1:
                // The earlier `rows[i] = …` spelling still works.
                let row = Self.randomRows(&rng, rows: 1, columns: 16)[0]
                model[i] = row
                m.rows[i] = row
            case 2:
                let column = rng.next(16)
                model = model.map { $0.filter { $0.column != column } }
                m.filterEntries { $1.column != column }
            default:
                model[i].removeAll { $0.value % 2 == 0 }
                m[row: i].removeAll { $0.value % 2 == 0 }
            }
            #expect(m.rows == model)
            #expect(m == SparseMatrix(rows: model))
            #expect(m.rowOffsets.last == m.nonZeroCount && m.columnIndices.count == m.values.count)
            for r in 0..<n {
                var seen: [Entry] = []
                m.forEachEntry(inRow: r) { seen.append($0) }
                #expect(seen == model[r])
            }
        }
    }

    @Test func appendRowBuildsTheSameMatrix() {
        var rng = Rng(state: 99)
        let model = Self.randomRows(&rng, rows: 9, columns: 30)
        var m = SparseMatrix<UInt16>(reservingRows: 9, entries: 0)
        for row in model { m.appendRow(row) }
        #expect(m == SparseMatrix(rows: model))
    }
}
