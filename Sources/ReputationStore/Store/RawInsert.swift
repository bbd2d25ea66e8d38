import GRDB
import GRDBSQLite

/// A prepared GRDB statement driven through the SQLite C API: binds by position and steps, with no
/// argument array per row.
///
/// GRDB's `setUncheckedArguments([…])` builds a `StatementArguments` (an array of boxed values) for
/// every row; at hundreds of thousands of entry rows per second that was a large share of the cost. The
/// statement still comes from `db.cachedStatement(sql:)`, runs inside GRDB's transaction, and
/// failures become GRDB's `DatabaseError`, so callers see the same errors.
struct RawInsert {
    let statement: Statement
    let db: Database
    private var handle: SQLiteStatement { statement.sqliteStatement }

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        sqlite3_reset(handle)
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the text before the bind returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }
    func bind(_ i: Int32, _ v: Int?) {
        if let v { sqlite3_bind_int64(handle, i, Int64(v)) } else { sqlite3_bind_null(handle, i) }
    }
    func bind(_ i: Int32, _ v: Double) { sqlite3_bind_double(handle, i, v) }
    func bind(_ i: Int32, _ v: String) {
        var v = v
        v.withUTF8 { b in
            guard let start = b.baseAddress, b.count > 0 else {
                sqlite3_bind_text(handle, i, "", 0, Self.transient)  // "" (a nil pointer would bind NULL)
                return
            }
            start.withMemoryRebound(to: CChar.self, capacity: b.count) { c in
                _ = sqlite3_bind_text(handle, i, c, Int32(b.count), Self.transient)
            }
        }
    }
    func bind(_ i: Int32, _ v: String?) {
        if let v { bind(i, v) } else { sqlite3_bind_null(handle, i) }
    }

    func bind(_ i: Int32, _ v: [UInt8]) {
        v.withUnsafeBufferPointer { b in
            guard let start = b.baseAddress, b.count > 0 else {
                sqlite3_bind_zeroblob(handle, i, 0)  // an empty blob (a nil pointer would bind NULL)
                return
            }
            _ = sqlite3_bind_blob(handle, i, start, Int32(b.count), Self.transient)
        }
    }

    /// Runs the statement once with the bound values, then resets it for the next row.
    func step() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}
