public import Foundation

/// One miner's online quality reward before reputation weighting.
public struct BaseReward: Sendable, Hashable, Codable {
    public var uid: Int
    public var hotkey: String
    public var reward: Double
    public init(uid: Int, hotkey: String, reward: Double) {
        self.uid = uid
        self.hotkey = hotkey
        self.reward = reward
    }
}

/// Reading base rewards from a `.json` or `.csv` file.
///
/// Accepted shapes:
/// - JSON list of objects with `miner_hotkey` (or `hotkey`), `base_reward` (or `reward`) and optional `uid`;
/// - JSON object `{"rewards": [ … as above … ]}`;
/// - JSON object mapping hotkey to reward (uids follow the file's order);
/// - CSV with a header naming `miner_hotkey` (or `hotkey`), `base_reward` (or `reward`) and optionally `uid`.
/// A missing uid is the row's position (0-based). Duplicate hotkeys or uids, non-numeric, negative or
/// non-finite rewards are errors naming the row.
public enum BaseRewardsFile {
    public static func load(path: String) throws(BaseRewardsError) -> [BaseReward] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw BaseRewardsError("\(path): cannot read the file (\(error.localizedDescription))")
        }
        let rows: [BaseReward]
        if path.lowercased().hasSuffix(".csv") {
            rows = try parseCSV(String(decoding: data, as: UTF8.self), name: path)
        } else if path.lowercased().hasSuffix(".json") {
            rows = try parseJSON(data, name: path)
        } else {
            throw BaseRewardsError("\(path): the rewards file must end in .json or .csv")
        }
        try check(rows, name: path)
        return rows
    }

    public static func parseJSON(_ data: Data, name: String) throws(BaseRewardsError) -> [BaseReward] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw BaseRewardsError("\(name): not valid JSON")
        }
        if let dict = root as? [String: Any], let list = dict["rewards"] as? [Any] {
            return try rows(list, name: name)
        }
        if let list = root as? [Any] { return try rows(list, name: name) }
        if root is [String: Any] {
            // Keep the file's order: re-read the keys in order of appearance.
            let ordered = orderedKeys(in: data)
            let dict = root as! [String: Any]
            var out: [BaseReward] = []
            for (i, key) in ordered.enumerated() {
                guard let v = dict[key] as? NSNumber, !(v is Bool) else {
                    throw BaseRewardsError("\(name): the reward of '\(key)' must be a number")
                }
                out.append(BaseReward(uid: i, hotkey: key, reward: v.doubleValue))
            }
            return out
        }
        throw BaseRewardsError("\(name): expected a list of rewards or an object of hotkey → reward")
    }

    private static func rows(_ list: [Any], name: String) throws(BaseRewardsError) -> [BaseReward] {
        var out: [BaseReward] = []
        for (i, item) in list.enumerated() {
            guard let o = item as? [String: Any] else { throw BaseRewardsError("\(name): rewards[\(i)] must be an object") }
            guard let hotkey = (o["miner_hotkey"] ?? o["hotkey"]) as? String else {
                throw BaseRewardsError("\(name): rewards[\(i)] needs 'miner_hotkey' (a string)")
            }
            guard let reward = (o["base_reward"] ?? o["reward"]) as? NSNumber else {
                throw BaseRewardsError("\(name): rewards[\(i)] needs 'base_reward' (a number)")
            }
            var uid = i
            if let u = o["uid"] {
                guard let n = u as? NSNumber, n.doubleValue == n.doubleValue.rounded() else {
                    throw BaseRewardsError("\(name): rewards[\(i)].uid must be an integer")
                }
                uid = n.intValue
            }
            out.append(BaseReward(uid: uid, hotkey: hotkey, reward: reward.doubleValue))
        }
        return out
    }

    public static func parseCSV(_ text: String, name: String) throws(BaseRewardsError) -> [BaseReward] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard let header = lines.first else { throw BaseRewardsError("\(name): the file is empty") }
        let columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let hk = columns.firstIndex(where: { $0 == "miner_hotkey" || $0 == "hotkey" }),
              let rw = columns.firstIndex(where: { $0 == "base_reward" || $0 == "reward" }) else {
            throw BaseRewardsError("\(name):1: the header must name 'miner_hotkey' and 'base_reward' columns, found '\(header)'")
        }
        let uidColumn = columns.firstIndex(of: "uid")
        var out: [BaseReward] = []
        for (i, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == columns.count else {
                throw BaseRewardsError("\(name): row \(i + 2) has \(cells.count) cells, the header has \(columns.count)")
            }
            guard let reward = Double(cells[rw]) else {
                throw BaseRewardsError("\(name): row \(i + 2): base_reward '\(cells[rw])' is not a number")
            }
            var uid = i
            if let uidColumn {
                guard let u = Int(cells[uidColumn]) else { throw BaseRewardsError("\(name): row \(i + 2): uid '\(cells[uidColumn])' is not an integer") }
                uid = u
            }
            out.append(BaseReward(uid: uid, hotkey: cells[hk], reward: reward))
        }
        return out
    }

    static func check(_ rows: [BaseReward], name: String) throws(BaseRewardsError) {
        guard !rows.isEmpty else { throw BaseRewardsError("\(name): no rewards in the file") }
        var hotkeys = Set<String>(), uids = Set<Int>()
        for r in rows {
            guard r.reward.isFinite, r.reward >= 0 else {
                throw BaseRewardsError("\(name): the base reward of '\(r.hotkey)' must be finite and non-negative, found \(r.reward)")
            }
            guard r.uid >= 0 else { throw BaseRewardsError("\(name): uid \(r.uid) of '\(r.hotkey)' is negative") }
            guard hotkeys.insert(r.hotkey).inserted else { throw BaseRewardsError("\(name): miner '\(r.hotkey)' is listed twice") }
            guard uids.insert(r.uid).inserted else { throw BaseRewardsError("\(name): uid \(r.uid) is listed twice") }
        }
    }

    /// Top-level keys of a JSON object in order of appearance.
    private static func orderedKeys(in data: Data) -> [String] {
        let bytes = [UInt8](data)
        var keys: [String] = []
        var depth = 0, i = 0
        var expectingKey = false
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                var j = i + 1
                var s: [UInt8] = []
                while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\"), j + 1 < bytes.count { s.append(bytes[j]); j += 1 }
                    s.append(bytes[j]); j += 1
                }
                if depth == 1 && expectingKey {
                    let literal = "\"" + String(decoding: s, as: UTF8.self) + "\""
                    if let k = try? JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed) as? String {
                        keys.append(k)
                    }
                    expectingKey = false
                }
                i = j + 1
                continue
            }
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth == 1 && c == UInt8(ascii: "{") { expectingKey = true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","): if depth == 1 { expectingKey = true }
            default: break
            }
            i += 1
        }
        return keys
    }
}

/// Why a rewards file was refused.
public struct BaseRewardsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
