/// A sparse matrix of UID rows, as subtensor stores weights and bonds: each row lists
/// `(column UID, value)` pairs in increasing column order.
///
/// Weight rows may hold explicit zeros: `set_weights` stores every UID it was sent, zeros included,
/// and subtensor's sparse Yuma 3 bond EMA decays a bond whose weight entry is an explicit zero but
/// drops a bond whose column is missing from the row. Bond rows hold no zeros.
///
/// Storage is compressed rows (CSR): the entries of row `i` sit at
/// ``rowOffsets``[i]..<``rowOffsets``[i + 1] of the flat ``columnIndices`` and ``values`` arrays.
/// Three flat arrays instead of one array per row: no allocation per row, 4-byte columns, and a
/// chain mechanism reads and writes the matrix without converting it. Build one with
/// ``init(rowOffsets:columnIndices:values:)`` (the fast path, no copy), ``appendRow(_:)``, or
/// ``init(rows:)``; ``rows`` and ``subscript(row:)`` give the per-row view earlier code used
/// (each call copies: O(entries) for `rows`, O(row) to read one row, O(entries) to replace one).
///
/// Columns are stored as `Int32` (UIDs are u16 on chain); a column outside `Int32`'s range given to
/// ``init(rows:)`` or a row setter is clamped to it, which a mechanism's input check then refuses as
/// an unknown UID.
public struct SparseMatrix<Value: Sendable & Hashable>: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var column: Int
        public var value: Value
        @inlinable public init(column: Int, value: Value) {
            self.column = column
            self.value = value
        }
    }

    // Stored under internal names so the `@inlinable` members below (specialised in the modules
    // that call them: no generic dispatch per entry) can change them; read them through the
    // public accessors.
    @usableFromInline var _rowOffsets: [Int]
    @usableFromInline var _columnIndices: [Int32]
    @usableFromInline var _values: [Value]

    /// `rowCount + 1` entry offsets: `rowOffsets[0] == 0`, non-decreasing, last == the entry count.
    @inlinable public var rowOffsets: [Int] { _rowOffsets }
    /// The column of each entry, row after row.
    @inlinable public var columnIndices: [Int32] { _columnIndices }
    /// The value of each entry, row after row.
    @inlinable public var values: [Value] { _values }

    /// The matrix with these compressed rows, taken as they are (no copy).
    /// - Precondition: `rowOffsets` starts at 0, never decreases and ends at `columnIndices.count`,
    ///   which equals `values.count`. (Column order within a row is the caller's to keep; a chain
    ///   mechanism's input check refuses rows that are not strictly increasing.)
    @inlinable public init(rowOffsets: [Int], columnIndices: [Int32], values: [Value]) {
        precondition(columnIndices.count == values.count,
                     "SparseMatrix: \(columnIndices.count) columns for \(values.count) values")
        precondition(rowOffsets.first == 0 && rowOffsets.last == values.count,
                     "SparseMatrix: row offsets must run from 0 to the entry count \(values.count)")
        var previous = 0
        for o in rowOffsets {
            precondition(o >= previous, "SparseMatrix: row offsets must not decrease (\(o) after \(previous))")
            previous = o
        }
        _rowOffsets = rowOffsets
        _columnIndices = columnIndices
        _values = values
    }

    /// From one entry list per row.
    @inlinable public init(rows: [[Entry]]) {
        self.init(reservingRows: rows.count, entries: rows.reduce(0) { $0 + $1.count })
        for row in rows { appendRow(row) }
    }

    /// `count` empty rows.
    @inlinable public init(count: Int) {
        _rowOffsets = Array(repeating: 0, count: Swift.max(count, 0) + 1)
        _columnIndices = []
        _values = []
    }

    /// No rows yet, with room for `rows` rows of `entries` entries in all (fill with ``appendRow(_:)``).
    @inlinable public init(reservingRows rows: Int, entries: Int) {
        _rowOffsets = [0]
        _rowOffsets.reserveCapacity(rows + 1)
        _columnIndices = []
        _columnIndices.reserveCapacity(entries)
        _values = []
        _values.reserveCapacity(entries)
    }

    /// Adds a row after the last one.
    @inlinable public mutating func appendRow(_ entries: some Sequence<Entry>) {
        for e in entries {
            _columnIndices.append(Int32(clamping: e.column))
            _values.append(e.value)
        }
        _rowOffsets.append(_values.count)
    }

    @inlinable public var rowCount: Int { _rowOffsets.count - 1 }
    /// How many entries are stored (the non-zeros).
    @inlinable public var nonZeroCount: Int { _values.count }

    /// The positions of row `i`'s entries in ``columnIndices`` and ``values``.
    @inlinable public func entryRange(ofRow i: Int) -> Range<Int> { _rowOffsets[i]..<_rowOffsets[i + 1] }

    /// Row `i` as entries; setting it replaces that row's entries (O(entries) in all, the later
    /// rows move).
    @inlinable public subscript(row i: Int) -> [Entry] {
        get { entryRange(ofRow: i).map { Entry(column: Int(_columnIndices[$0]), value: _values[$0]) } }
        set {
            let r = entryRange(ofRow: i)
            _columnIndices.replaceSubrange(r, with: newValue.map { Int32(clamping: $0.column) })
            _values.replaceSubrange(r, with: newValue.map(\.value))
            let delta = newValue.count - r.count
            if delta != 0 {
                for k in (i + 1)..<_rowOffsets.count { _rowOffsets[k] += delta }
            }
        }
    }

    /// One entry list per row, as earlier versions stored the matrix. Reading copies every entry;
    /// setting rebuilds the storage. Prefer ``subscript(row:)`` or the flat arrays in loops.
    @inlinable public var rows: [[Entry]] {
        get { (0..<rowCount).map { self[row: $0] } }
        set { self = SparseMatrix(rows: newValue) }
    }

    /// Every entry of row `i`, in column order, without building an array.
    @inlinable public func forEachEntry(inRow i: Int, _ body: (Entry) throws -> Void) rethrows {
        for p in entryRange(ofRow: i) { try body(Entry(column: Int(_columnIndices[p]), value: _values[p])) }
    }

    /// Keeps the entries for which `keep(row, entry)` is true (the shape is unchanged).
    @inlinable public mutating func filterEntries(_ keep: (Int, Entry) throws -> Bool) rethrows {
        var out = SparseMatrix(reservingRows: rowCount, entries: nonZeroCount)
        for i in 0..<rowCount {
            for p in entryRange(ofRow: i) {
                let e = Entry(column: Int(_columnIndices[p]), value: _values[p])
                if try keep(i, e) {
                    out._columnIndices.append(_columnIndices[p])
                    out._values.append(_values[p])
                }
            }
            out._rowOffsets.append(out._values.count)
        }
        self = out
    }
}
