/// A sparse matrix in compressed-row (CSR) form, the storage every step of an epoch works on: the
/// entries of row `i` sit at `offsets[i]..<offsets[i + 1]` of the flat `columns` and `values`
/// arrays, in increasing column order. Three flat arrays instead of one array per row: no
/// allocation per row, no copy of a row to change its values, memory linear in the entries.
///
/// The same layout as ScoringCore's public `SparseMatrix` (an epoch's input and carried bonds),
/// kept as a type of its own for the epoch's intermediate matrices because its invariants differ:
/// its arrays may be longer than its entries (buffers reused from ``EpochWorkspace``, the tail
/// unread, so equality of two values would mean nothing), and it is filled through an unchecked
/// writer, where `SparseMatrix`'s public initialiser checks its offsets against its arrays.
struct CompressedRows<S: Sendable>: Sendable {
    /// `rowCount + 1` entry offsets; `offsets[0] == 0`, `offsets.last == columns.count`.
    var offsets: [Int]
    var columns: [Int32]
    var values: [S]

    /// An empty matrix to fill row by row with ``append(_:_:)`` and ``closeRow()``.
    init(reservingRows rows: Int, entries: Int) {
        offsets = [0]
        offsets.reserveCapacity(rows + 1)
        columns = []
        columns.reserveCapacity(entries)
        values = []
        values.reserveCapacity(entries)
    }

    /// `rows` empty rows.
    init(emptyRows rows: Int) {
        offsets = Array(repeating: 0, count: rows + 1)
        columns = []
        values = []
    }

    /// From one `(column, value)` list per row (tests, small inputs).
    init(rows: [[(col: Int, v: S)]]) {
        self.init(reservingRows: rows.count, entries: rows.reduce(0) { $0 + $1.count })
        for row in rows {
            for e in row { append(Int32(e.col), e.v) }
            closeRow()
        }
    }

    var rowCount: Int { offsets.count - 1 }
    /// The entries in use: `columns` and `values` may be longer (a reused buffer), the rest unread.
    var entryCount: Int { offsets[offsets.count - 1] }

    /// The entry positions of row `i`.
    @inline(__always) func range(_ i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    /// Appends an entry to the row being filled (columns must increase).
    @inline(__always) mutating func append(_ column: Int32, _ value: S) {
        columns.append(column)
        values.append(value)
    }

    /// Ends the row being filled; the next ``append(_:_:)`` starts the next row.
    @inline(__always) mutating func closeRow() { offsets.append(columns.count) }

    /// Row `i` as `(column, value)` pairs (tests and diagnostics).
    func row(_ i: Int) -> [(col: Int, v: S)] { range(i).map { (Int(columns[$0]), values[$0]) } }

    init(offsets: [Int], columns: [Int32], values: [S]) {
        self.offsets = offsets
        self.columns = columns
        self.values = values
    }
}

// MARK: - Unchecked access for the hot loops

extension CompressedRows {
    /// A matrix of `rows` rows filled by `body` through an unchecked writer that holds at most
    /// `capacity` entries (callers pass a bound: the input's entries for a filter, the sum of both
    /// inputs' for a merge).
    ///
    /// With a `workspace`, the entry buffers come from it (reused, not zeroed; `filler` pads a
    /// buffer that must grow) and hold at least `capacity` entries: give them back with
    /// ``recycle(into:)`` when the matrix is no longer needed.
    @inline(__always)
    static func build(rows: Int, capacity: Int, workspace: EpochWorkspace?, filler: S,
                      _ body: (inout _UnsafeRowsWriter<S>) -> Void) -> CompressedRows<S> {
        guard let workspace else { return build(rows: rows, capacity: capacity, body) }
        let capacity = Swift.max(capacity, 1)
        var columns = workspace.take(Int32.self, count: capacity, filler: 0)
        var values = workspace.take(S.self, count: capacity, filler: filler)
        var offsets: [Int] = []
        columns.withUnsafeMutableBufferPointer { cbuf in
            values.withUnsafeMutableBufferPointer { vbuf in
                var writer = _UnsafeRowsWriter(columns: cbuf.baseAddress!, values: vbuf.baseAddress!,
                                               capacity: capacity, rows: rows)
                body(&writer)
                offsets = writer.offsets
            }
        }
        precondition(offsets.count == rows + 1, "build: \(offsets.count - 1) rows closed, \(rows) expected")
        return CompressedRows(offsets: offsets, columns: columns, values: values)
    }

    /// Hands the entry buffers back to `workspace` (the matrix must not be used afterwards).
    func recycle(into workspace: EpochWorkspace?) {
        workspace?.give(columns)
        workspace?.give(values)
    }

    @inline(__always)
    static func build(rows: Int, capacity: Int, _ body: (inout _UnsafeRowsWriter<S>) -> Void) -> CompressedRows<S> {
        let capacity = Swift.max(capacity, 1)
        var offsets: [Int] = []
        var columns: [Int32] = []
        let values = [S](unsafeUninitializedCapacity: capacity) { vbuf, vcount in
            columns = [Int32](unsafeUninitializedCapacity: capacity) { cbuf, ccount in
                var writer = _UnsafeRowsWriter(columns: cbuf.baseAddress!, values: vbuf.baseAddress!,
                                               capacity: capacity, rows: rows)
                body(&writer)
                ccount = writer.count
                offsets = writer.offsets
            }
            vcount = columns.count
        }
        precondition(offsets.count == rows + 1, "build: \(offsets.count - 1) rows closed, \(rows) expected")
        return CompressedRows(offsets: offsets, columns: columns, values: values)
    }
}

extension CompressedRows {
    /// Runs `body` with unchecked reads of the rows: the hot loops index entries, and per-column
    /// vectors by the entries' columns, which the compiler cannot prove in bounds.
    @inline(__always)
    func withUnsafeRows<R>(_ body: (_UnsafeRows<S>) -> R) -> R {
        _UnsafeRows.with(offsets: offsets, columns: columns, values: values, body)
    }
}

/// Unchecked reads of a ``CompressedRows`` during ``CompressedRows/withUnsafeRows(_:)``.
struct _UnsafeRows<S> {
    let offsets: UnsafeBufferPointer<Int>
    let columns: UnsafeBufferPointer<Int32>
    let values: UnsafeBufferPointer<S>
    @inline(__always) func range(_ i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    /// Unchecked reads of rows given as their three arrays (a `SparseMatrix`'s).
    @inline(__always)
    static func with<R>(offsets: [Int], columns: [Int32], values: [S], _ body: (_UnsafeRows<S>) -> R) -> R {
        offsets.withUnsafeBufferPointer { o in
            columns.withUnsafeBufferPointer { c in
                values.withUnsafeBufferPointer { v in body(_UnsafeRows(offsets: o, columns: c, values: v)) }
            }
        }
    }
}

extension Array {
    /// Runs `body` with unchecked reads of the elements (a per-column or per-row vector read at
    /// the entries' columns in a hot loop).
    @inline(__always)
    func withUnsafeVector<R>(_ body: (_UnsafeVector<Element>) -> R) -> R {
        withUnsafeBufferPointer { body(_UnsafeVector(buffer: $0)) }
    }

    /// Runs `body` with unchecked reads and writes of the elements (column totals added to in a
    /// hot loop, without a uniqueness check per addition).
    @inline(__always)
    mutating func withUnsafeMutableVector<R>(_ body: (_UnsafeMutableValues<Element>) -> R) -> R {
        withUnsafeMutableBufferPointer { body(_UnsafeMutableValues(buffer: $0)) }
    }
}

/// Unchecked reads of an array during ``Swift/Array/withUnsafeVector(_:)``.
struct _UnsafeVector<T> {
    let buffer: UnsafeBufferPointer<T>
    @inline(__always) subscript(i: Int) -> T { buffer[i] }
}

/// Unchecked reads and writes of values: a row being written (``_UnsafeRowsWriter/writtenValues``)
/// or column totals (``Swift/Array/withUnsafeMutableVector(_:)``).
struct _UnsafeMutableValues<S> {
    let buffer: UnsafeMutableBufferPointer<S>
    @inline(__always) subscript(p: Int) -> S {
        get { buffer[p] }
        nonmutating set { buffer[p] = newValue }
    }
}

/// Appends entries to the buffers of ``CompressedRows/build(rows:capacity:_:)``.
struct _UnsafeRowsWriter<S> {
    let columns: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<S>
    let capacity: Int
    private(set) var count = 0
    private(set) var offsets: [Int]

    init(columns: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<S>, capacity: Int, rows: Int) {
        self.columns = columns
        self.values = values
        self.capacity = capacity
        offsets = [0]
        offsets.reserveCapacity(rows + 1)
    }

    /// (In a reused buffer the slot holds an old plain value: `initialize` overwrites it.)
    @inline(__always) mutating func append(_ column: Int32, _ value: S) {
        var c = cursor
        c.append(column, value)
        advance(to: c)
    }

    /// Writes an entry that stays only when `keep` is true: the slot is written either way and the
    /// count moves by one or zero, so a filter with unpredictable outcomes costs no branch.
    @inline(__always) mutating func append(_ column: Int32, _ value: S, keep: Bool) {
        var c = cursor
        c.append(column, value, keep: keep)
        advance(to: c)
    }

    @inline(__always) mutating func closeRow() {
        offsets.append(count)
        rowStart = count
    }

    /// A cursor at the end of the entries written so far, for a hot loop: a local value the
    /// compiler keeps in registers (the writer itself sits in memory behind its `inout`, so each
    /// append through it reloads and stores its count, a dependency from one entry to the next).
    /// Hand it back with ``advance(to:)`` before the next append or ``closeRow()``.
    @inline(__always) var cursor: _UnsafeRowCursor<S> {
        _UnsafeRowCursor(columns: columns, values: values, capacity: capacity, count: count)
    }

    /// Takes the entries a ``cursor`` appended.
    @inline(__always) mutating func advance(to cursor: _UnsafeRowCursor<S>) { count = cursor.count }

    /// Where the row being filled starts: its entries so far are `rowStart..<count`.
    private(set) var rowStart = 0

    /// The values written so far, for an in-place pass over the row being filled while it is in cache.
    @inline(__always) var writtenValues: _UnsafeMutableValues<S> {
        _UnsafeMutableValues(buffer: UnsafeMutableBufferPointer(start: values, count: count))
    }
}

/// Appends entries for a ``_UnsafeRowsWriter`` inside one loop (see ``_UnsafeRowsWriter/cursor``).
struct _UnsafeRowCursor<S> {
    let columns: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<S>
    let capacity: Int
    var count: Int

    @inline(__always) mutating func append(_ column: Int32, _ value: S) {
        precondition(count < capacity, "CompressedRows.build: more entries than the capacity given")
        columns[count] = column
        (values + count).initialize(to: value)
        count &+= 1
    }

    /// As ``_UnsafeRowsWriter/append(_:_:keep:)``: the slot written either way, the count moved by one or zero.
    @inline(__always) mutating func append(_ column: Int32, _ value: S, keep: Bool) {
        precondition(count < capacity, "CompressedRows.build: more entries than the capacity given")
        columns[count] = column
        (values + count).initialize(to: value)
        count &+= keep ? 1 : 0
    }
}
