public import Foundation

/// The text a validator signs to authenticate one request: `<endpoint> validator=<ss58> timestamp=<time>`.
///
/// The seed's validator signs `reputation_request validator={ss58} timestamp={timestamp}` and
/// `reward_allocation validator=… timestamp=…`. The service checks that the endpoint matches the route,
/// that `validator` matches the body's `validator_hotkey`, and that the timestamp is fresh. Extra
/// `key=value` tokens after these are allowed (and signed).
public struct AuthMessage: Sendable, Hashable, CustomStringConvertible {
    public var endpoint: String
    public var validator: String
    public var timestamp: String
    /// Any further `key=value` tokens, in order.
    public var extra: [(String, String)] { extraTokens.map { ($0.key, $0.value) } }
    private var extraTokens: [Token]

    private struct Token: Sendable, Hashable { var key: String; var value: String }

    /// Endpoint names a signed message may carry.
    public static let reputationRequest = "reputation_request"
    public static let rewardAllocation = "reward_allocation"
    public static let reloadSnapshot = "reload_snapshot"

    public init(endpoint: String, validator: String, timestamp: String) {
        self.endpoint = endpoint
        self.validator = validator
        self.timestamp = timestamp
        self.extraTokens = []
    }

    /// A message for `endpoint` by `validator` stamped with `date` (ISO 8601 UTC).
    public init(endpoint: String, validator: String, date: Date) {
        self.init(endpoint: endpoint, validator: validator, timestamp: Timestamps.iso8601(date))
    }

    /// Parses signed text; nil unless it is `endpoint validator=… timestamp=…[ key=value…]`.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 3 else { return nil }
        endpoint = String(parts[0])
        var validator: String?
        var timestamp: String?
        var extra: [Token] = []
        for part in parts.dropFirst() {
            guard let eq = part.firstIndex(of: "=") else { return nil }
            let key = String(part[..<eq])
            let value = String(part[part.index(after: eq)...])
            switch key {
            case "validator" where validator == nil: validator = value
            case "timestamp" where timestamp == nil: timestamp = value
            case "validator", "timestamp": return nil
            default: extra.append(Token(key: key, value: value))
            }
        }
        guard let validator, let timestamp else { return nil }
        self.validator = validator
        self.timestamp = timestamp
        self.extraTokens = extra
    }

    /// The timestamp as a date, if it parses (ISO 8601 or Unix seconds).
    public var date: Date? { Timestamps.parse(timestamp) }

    public var text: String {
        var s = "\(endpoint) validator=\(validator) timestamp=\(timestamp)"
        for t in extraTokens { s += " \(t.key)=\(t.value)" }
        return s
    }

    public var description: String { text }
}
