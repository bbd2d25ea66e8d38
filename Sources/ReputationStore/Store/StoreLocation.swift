import Foundation

/// Where the reputation store lives, as written in config (`reputation.store`):
/// `sqlite:PATH` (embedded, the default) or `postgres://user:password@host:port/database`.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// The parts of a `postgres://` URL.
    public struct PostgresAddress: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
    }

    /// Parses `sqlite:PATH`, `sqlite://PATH`, `postgres://…` or `postgresql://…`.
    /// - Throws: ``StoreError`` `invalidLocation` naming the accepted forms.
    public init(parsing text: String) throws(StoreError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("sqlite:") {
            var path = String(t.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else {
                throw StoreError(.invalidLocation, "'\(text)' names no file: expected sqlite:PATH")
            }
            self = .sqlite(path: path)
            return
        }
        if t.hasPrefix("postgres://") || t.hasPrefix("postgresql://") {
            guard let url = URLComponents(string: t), let host = url.host, !host.isEmpty else {
                throw StoreError(.invalidLocation, "'\(text)' is not a postgres URL: expected postgres://user:password@host:port/database")
            }
            let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
            let user = url.user ?? "postgres"
            self = .postgres(PostgresAddress(host: host, port: url.port ?? 5432, username: user,
                                             password: url.password,
                                             database: database.isEmpty ? user : database))
            return
        }
        throw StoreError(.invalidLocation,
                         "unknown store '\(text)': expected sqlite:PATH or postgres://user:password@host:port/database")
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let a): "postgres://\(a.username)@\(a.host):\(a.port)/\(a.database)"
        }
    }
}
