public import ScoringCore
import Foundation

/// Reads a ``ChainReplay`` from a file (`.yaml`/`.yml`, `.json`, `.csv`) or from a config node.
///
/// YAML and JSON come in two shapes (docs/chain-replay.md):
/// - the native shape: `labels`/`uids`, optional `validators`, `base_validator`, `behaviours`,
///   `defaults`, and `epochs`, each with `stakes` and `weights` (u16 as stored on chain, by UID or
///   label), optional `block`, `last_update`, `registered_at`, `emission`, `reset_bonds`, `repeat`;
/// - yuma-simulation's shape (recognised by `weights_epochs`): `validators` and `servers` name
///   lists, `weights_epochs` (one validator × server matrix of floats per epoch), `stakes_epochs`
///   or `stakes`, and `reset_bonds`/`reset_bonds_index`/`reset_bonds_epoch` as in its cases.
///
/// Every mistake is a ``ConfigError`` at the file, line and column (CSV: line and field column)
/// saying what was expected: wrong shapes, negative or non-finite stake, a weight outside
/// 0…65535, an unknown UID or label.
public enum ChainReplayReader {
    /// The formats by file extension.
    public enum Format: String, Sendable, CaseIterable {
        case yaml, json, csv
        /// The format of `path` from its extension (`.yml` is YAML), or `nil`.
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "yaml", "yml": self = .yaml
            case "json": self = .json
            case "csv": self = .csv
            default: return nil
            }
        }
    }

    /// Reads `path`; the format comes from its extension.
    public static func read(file path: String, loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> ChainReplay {
        guard let format = Format(path: path) else {
            throw ConfigError(.invalidValue, at: SourceLocation(file: path, line: 0, column: 0), path: "replay",
                              "a replay file must end in .yaml, .yml, .json or .csv", choices: Format.allCases.map(\.rawValue))
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        switch format {
        case .csv:
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw ConfigError(.io, at: SourceLocation(file: path, line: 0, column: 0), path: "replay",
                                  "cannot read the replay file: \(error.localizedDescription)")
            }
            return try ChainReplayCSV.parse(text, file: path, name: name)
        case .yaml, .json:
            // JSON is read by the YAML parser, which keeps line and column for every value.
            let node = try loader.load(file: path)
            return try read(node: node, name: name)
        }
    }

    /// Reads the replay written as `node` (a mapping, e.g. a config's `chain.replay`).
    public static func read(node: ConfigNode, name: String, path: String = "") throws(ConfigError) -> ChainReplay {
        let r = try ConfigReader(node, path: path)
        let replay = r.contains("weights_epochs") ? try yumaSimulation(r, name: name) : try native(r, name: name)
        try r.finish()
        return replay
    }

    // MARK: - Native shape

    static func native(_ r: ConfigReader, name defaultName: String) throws(ConfigError) -> ChainReplay {
        let name = try r.optionalString("name") ?? defaultName
        var labels: [String]
        if r.contains("labels") {
            labels = try r.strings("labels")
            if let n = try r.optionalInt("uids", range: 1...1_000_000), n != labels.count {
                throw ConfigError(.invalidValue, at: r.location(of: "uids"), path: r.path(of: "uids"),
                                  "'uids' is \(n) but \(labels.count) labels are given; expected one label per UID")
            }
            try checkUnique(labels, at: r.location(of: "labels"), path: r.path(of: "labels"))
        } else {
            guard let n = try r.optionalInt("uids", range: 1...1_000_000) else {
                throw ConfigError(.missingKey, at: r.node.location, path: r.path(of: "uids"),
                                  "a replay needs 'uids' (the number of UIDs) or 'labels' (one name per UID)")
            }
            labels = (0..<n).map(ChainReplay.defaultLabel)
        }
        let uids = UIDNames(labels: labels)
        let tempo = UInt64(try r.int("tempo", default: ChainReplay.defaultTempo, range: 1...1_000_000))
        let defaults = try r.section("defaults")
        let defaultStakes = try defaults.raw("stakes").map { n throws(ConfigError) in try stakes(n, uids: uids, path: defaults.path(of: "stakes")) }
        let defaultEmission = try defaults.double("emission", default: ChainReplay.defaultEmission, range: 0...Double.greatestFiniteMagnitude)
        let defaultLast = try defaults.raw("last_update").map { n throws(ConfigError) in try blocks(n, uids: uids, path: defaults.path(of: "last_update")) }
        let defaultRegistered = try defaults.raw("registered_at").map { n throws(ConfigError) in try blocks(n, uids: uids, path: defaults.path(of: "registered_at")) }
        let defaultWeights = try defaults.raw("weights").map { n throws(ConfigError) in try weights(n, uids: uids, path: defaults.path(of: "weights")) }

        guard let epochReaders = try r.sections("epochs"), !epochReaders.isEmpty else {
            throw ConfigError(.missingKey, at: r.location(of: "epochs"), path: r.path(of: "epochs"),
                              "a replay needs 'epochs': a non-empty list of epochs, each with 'stakes' and 'weights'")
        }
        var epochs: [ChainReplay.Epoch] = []
        var block: UInt64 = 0
        var previousStakes = defaultStakes
        for e in epochReaders {
            let stakesNode = e.raw("stakes")
            let s: [Double]
            if let stakesNode { s = try stakes(stakesNode, uids: uids, path: e.path(of: "stakes")) }
            else if let previousStakes { s = previousStakes }
            else {
                throw ConfigError(.missingKey, at: e.node.location, path: e.path(of: "stakes"),
                                  "the first epoch needs 'stakes' (one per UID, \(uids.count) values) unless 'defaults.stakes' is given")
            }
            previousStakes = s
            let w: SparseMatrix<UInt16>
            if let node = e.raw("weights") { w = try weights(node, uids: uids, path: e.path(of: "weights")) }
            else if let defaultWeights { w = defaultWeights }
            else {
                throw ConfigError(.missingKey, at: e.node.location, path: e.path(of: "weights"),
                                  "every epoch needs 'weights' (a mapping from setting UID to {target UID: u16}) unless 'defaults.weights' is given")
            }
            let repeatCount = try e.int("repeat", default: 1, range: 1...1_000_000)
            let explicitBlock = try e.optionalInt("block", range: 0...Int.max)
            let last = try e.raw("last_update").map { n throws(ConfigError) in try blocks(n, uids: uids, path: e.path(of: "last_update")) }
            let registered = try e.raw("registered_at").map { n throws(ConfigError) in try blocks(n, uids: uids, path: e.path(of: "registered_at")) }
            let emission = try e.double("emission", default: defaultEmission, range: 0...Double.greatestFiniteMagnitude)
            let reset = try e.raw("reset_bonds").map { n throws(ConfigError) in try uidList(n, uids: uids, path: e.path(of: "reset_bonds")) } ?? []
            for k in 0..<repeatCount {
                if let explicitBlock, k == 0 {
                    if !epochs.isEmpty, UInt64(explicitBlock) <= block {
                        throw ConfigError(.invalidValue, at: e.location(of: "block"), path: e.path(of: "block"),
                                          "blocks must increase from epoch to epoch: expected a block above \(block), found \(explicitBlock)")
                    }
                    block = UInt64(explicitBlock)
                } else {
                    block += tempo
                }
                epochs.append(ChainReplay.Epoch(
                    block: block, stakes: s, weights: w,
                    lastUpdate: last ?? defaultLast ?? Array(repeating: block, count: uids.count),
                    registeredAt: registered ?? defaultRegistered ?? Array(repeating: 0, count: uids.count),
                    emission: emission, resetBonds: k == 0 ? reset : [], location: e.node.location))
            }
        }
        let validators: [Int]
        if let node = r.raw("validators") { validators = try uidList(node, uids: uids, path: r.path(of: "validators")) }
        else { validators = ChainReplay.inferredValidators(uidCount: uids.count, epochs: epochs) }
        let base = try r.raw("base_validator").map { n throws(ConfigError) in try uid(n, uids: uids, path: r.path(of: "base_validator")) }
        let owner = try r.raw("owner").map { n throws(ConfigError) in try uid(n, uids: uids, path: r.path(of: "owner")) }
        let behaviours = try behaviours(r, uids: uids)
        return ChainReplay(name: name, labels: labels, validators: validators, baseValidator: base, owner: owner,
                           behaviours: behaviours, epochs: epochs)
    }

    // MARK: - yuma-simulation shape

    static func yumaSimulation(_ r: ConfigReader, name defaultName: String) throws(ConfigError) -> ChainReplay {
        let name = try r.optionalString("name") ?? defaultName
        let validatorNames = try r.strings("validators")
        let serverNames = try r.strings("servers", default: ["Server 1", "Server 2"])
        guard !validatorNames.isEmpty, !serverNames.isEmpty else {
            throw ConfigError(.invalidValue, at: r.location(of: validatorNames.isEmpty ? "validators" : "servers"), path: r.path(of: "validators"),
                              "a yuma-simulation case needs at least one validator and one server")
        }
        let labels = validatorNames + serverNames
        try checkUnique(labels, at: r.location(of: "validators"), path: r.path(of: "validators"))
        let uids = UIDNames(labels: labels)
        let nv = validatorNames.count, ns = serverNames.count
        guard let weightsNode = r.raw("weights_epochs"), let weightItems = weightsNode.elements, !weightItems.isEmpty else {
            throw ConfigError(.wrongType, at: r.location(of: "weights_epochs"), path: r.path(of: "weights_epochs"),
                              "'weights_epochs' must be a non-empty list of \(nv) × \(ns) matrices (validators × servers)")
        }
        var matrices: [(SparseMatrix<UInt16>, ConfigNode)] = []
        for (i, item) in weightItems.enumerated() {
            let p = "\(r.path(of: "weights_epochs"))[\(i)]"
            var matrixNode = item
            var repeatCount = 1
            if item.entries != nil {
                let m = try ConfigReader(item, path: p)
                repeatCount = try m.int("repeat", default: 1, range: 1...1_000_000)
                guard let w = m.raw("weights") else {
                    throw ConfigError(.missingKey, at: item.location, path: "\(p).weights",
                                      "an entry of 'weights_epochs' is a \(nv) × \(ns) matrix or {weights: matrix, repeat: n}")
                }
                matrixNode = w
                try m.finish()
            }
            let w = try floatMatrix(matrixNode, rows: nv, columns: ns, columnOffset: nv, uidCount: uids.count, path: p)
            for _ in 0..<repeatCount { matrices.append((w, item)) }
        }
        let epochCount = try r.int("num_epochs", default: matrices.count, range: 1...1_000_000)
        guard epochCount == matrices.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "num_epochs"), path: r.path(of: "num_epochs"),
                              "'num_epochs' is \(epochCount) but 'weights_epochs' holds \(matrices.count) epochs; expected them equal")
        }
        var stakesPerEpoch: [[Double]]
        let pad = Array(repeating: 0.0, count: ns)
        if let node = r.raw("stakes_epochs") {
            guard let items = node.elements, items.count == epochCount else {
                throw ConfigError(.invalidValue, at: node.location, path: r.path(of: "stakes_epochs"),
                                  "'stakes_epochs' must list one stake vector per epoch: expected \(epochCount), found \(node.elements.map { String($0.count) } ?? node.value.typeName)")
            }
            stakesPerEpoch = []
            for (i, item) in items.enumerated() {
                stakesPerEpoch.append(try numbers(item, count: nv, path: "\(r.path(of: "stakes_epochs"))[\(i)]", what: "stake per validator", stake: true) + pad)
            }
        } else {
            // cases.py's default stakes: one big validator and two small ones.
            let s = try r.raw("stakes").map { n throws(ConfigError) in try numbers(n, count: nv, path: r.path(of: "stakes"), what: "stake per validator", stake: true) }
            guard let s = s ?? (nv == 3 ? [0.8, 0.1, 0.1] : nil) else {
                throw ConfigError(.missingKey, at: r.node.location, path: r.path(of: "stakes"),
                                  "give 'stakes' (one per validator, \(nv) values) or 'stakes_epochs'")
            }
            stakesPerEpoch = Array(repeating: s + pad, count: epochCount)
        }
        let emission = try r.double("emission", default: ChainReplay.defaultEmission, range: 0...Double.greatestFiniteMagnitude)
        let tempo = UInt64(try r.int("tempo", default: ChainReplay.defaultTempo, range: 1...1_000_000))
        let resetOn = try r.bool("reset_bonds", default: false)
        let resetIndex = try r.optionalInt("reset_bonds_index", range: 0...(ns - 1))
        let resetEpoch = try r.optionalInt("reset_bonds_epoch", range: 0...(epochCount - 1))
        if resetOn, resetIndex == nil || resetEpoch == nil {
            throw ConfigError(.missingKey, at: r.location(of: "reset_bonds"), path: r.path(of: "reset_bonds"),
                              "'reset_bonds: true' needs 'reset_bonds_index' (a server index, 0…\(ns - 1)) and 'reset_bonds_epoch'")
        }
        let base = try r.raw("base_validator").map { n throws(ConfigError) in try uid(n, uids: uids, path: r.path(of: "base_validator")) }
        let behaviours = try behaviours(r, uids: uids)
        var epochs: [ChainReplay.Epoch] = []
        for (e, (w, node)) in matrices.enumerated() {
            let block = UInt64(e + 1) * tempo
            let reset = resetOn && resetEpoch == e ? [nv + resetIndex!] : []
            epochs.append(ChainReplay.Epoch(block: block, stakes: stakesPerEpoch[e], weights: w,
                                            lastUpdate: Array(repeating: block, count: uids.count),
                                            registeredAt: Array(repeating: 0, count: uids.count),
                                            emission: emission, resetBonds: reset, location: node.location))
        }
        return ChainReplay(name: name, labels: labels, validators: Array(0..<nv), baseValidator: base,
                           behaviours: behaviours, epochs: epochs)
    }

    // MARK: - Pieces

    /// UID references: an integer UID or a label.
    struct UIDNames {
        var labels: [String]
        var index: [String: Int]
        init(labels: [String]) {
            self.labels = labels
            var index: [String: Int] = [:]
            for (i, l) in labels.enumerated() { index[l] = i }
            self.index = index
        }
        var count: Int { labels.count }
        func resolve(_ text: String) -> Int? {
            if let i = index[text] { return i }
            if let i = Int(text), (0..<count).contains(i) { return i }
            return nil
        }
        var choices: [String] {
            count <= 12 ? labels.enumerated().map { "\($0.offset) (\($0.element))" } : ["0…\(count - 1)"]
        }
    }

    static func checkUnique(_ labels: [String], at location: SourceLocation?, path: String) throws(ConfigError) {
        var seen = Set<String>()
        for l in labels where !seen.insert(l).inserted {
            throw ConfigError(.invalidValue, at: location, path: path, "the label '\(l)' is given twice; expected one distinct label per UID")
        }
    }

    static func uid(_ node: ConfigNode, uids: UIDNames, path: String, location: SourceLocation? = nil) throws(ConfigError) -> Int {
        let text: String
        switch node.value {
        case .int(let i): text = String(i)
        case .string(let s): text = s
        default:
            throw ConfigError(.wrongType, at: location ?? node.location, path: path,
                              "expected a UID (0…\(uids.count - 1)) or a label, found \(node.value.typeName)")
        }
        guard let u = uids.resolve(text) else {
            throw ConfigError(.invalidValue, at: location ?? node.location, path: path,
                              "unknown UID '\(text)': the replay has \(uids.count) UIDs (0…\(uids.count - 1))",
                              choices: uids.choices, suggestion: Suggestions.closest(to: text, in: uids.labels))
        }
        return u
    }

    static func uidList(_ node: ConfigNode, uids: UIDNames, path: String) throws(ConfigError) -> [Int] {
        guard let items = node.elements else {
            throw ConfigError(.wrongType, at: node.location, path: path, "expected a list of UIDs or labels, found \(node.value.typeName)")
        }
        var out: [Int] = []
        for (i, item) in items.enumerated() { out.append(try uid(item, uids: uids, path: "\(path)[\(i)]")) }
        return out
    }

    /// A list of `count` finite numbers (≥ 0 when `stake`).
    static func numbers(_ node: ConfigNode, count: Int, path: String, what: String, stake: Bool) throws(ConfigError) -> [Double] {
        guard let items = node.elements else {
            throw ConfigError(.wrongType, at: node.location, path: path, "expected a list of \(count) numbers (one \(what)), found \(node.value.typeName)")
        }
        guard items.count == count else {
            throw ConfigError(.invalidValue, at: node.location, path: path, "expected \(count) values (one \(what)), found \(items.count)")
        }
        var out: [Double] = []
        out.reserveCapacity(count)
        for (i, item) in items.enumerated() {
            guard let v = item.doubleValue, v.isFinite else {
                throw ConfigError(.wrongType, at: item.location, path: "\(path)[\(i)]", "expected a finite number, found \(item.value.typeName)")
            }
            if stake, v < 0 {
                throw ConfigError(.outOfRange, at: item.location, path: "\(path)[\(i)]", "a stake must be ≥ 0, found \(v)")
            }
            out.append(v)
        }
        return out
    }

    static func stakes(_ node: ConfigNode, uids: UIDNames, path: String) throws(ConfigError) -> [Double] {
        try numbers(node, count: uids.count, path: path, what: "stake per UID", stake: true)
    }

    static func blocks(_ node: ConfigNode, uids: UIDNames, path: String) throws(ConfigError) -> [UInt64] {
        guard let items = node.elements, items.count == uids.count else {
            throw ConfigError(.invalidValue, at: node.location, path: path,
                              "expected a list of \(uids.count) block numbers (one per UID), found \(node.elements.map { "\($0.count) values" } ?? node.value.typeName)")
        }
        var out: [UInt64] = []
        for (i, item) in items.enumerated() {
            guard let v = item.intValue, v >= 0 else {
                throw ConfigError(.invalidValue, at: item.location, path: "\(path)[\(i)]", "expected a block number (an integer ≥ 0), found \(item.value)")
            }
            out.append(UInt64(v))
        }
        return out
    }

    /// A u16 weight: an integer in 0…65535.
    static func u16(_ node: ConfigNode, path: String) throws(ConfigError) -> UInt16 {
        guard let v = node.intValue else {
            throw ConfigError(.wrongType, at: node.location, path: path,
                              "expected a weight as stored on chain (an integer 0…65535), found \(node.value.typeName)")
        }
        guard (0...65535).contains(v) else {
            throw ConfigError(.outOfRange, at: node.location, path: path, "a weight must lie in 0…65535 (u16), found \(v)")
        }
        return UInt16(v)
    }

    /// Native weights: `{setter: {target: u16, …} | [u16 × uids], …}`.
    static func weights(_ node: ConfigNode, uids: UIDNames, path: String) throws(ConfigError) -> SparseMatrix<UInt16> {
        var matrix = SparseMatrix<UInt16>(count: uids.count)
        if node.isNull { return matrix }
        guard let rows = node.entries else {
            throw ConfigError(.wrongType, at: node.location, path: path,
                              "expected a mapping from setting UID to its row ({target UID: u16} or a list of \(uids.count) u16), found \(node.value.typeName)")
        }
        for row in rows {
            let setter = try uid(ConfigNode(.string(row.key)), uids: uids, path: "\(path).\(row.key)", location: row.keyLocation ?? row.value.location)
            var entries: [SparseMatrix<UInt16>.Entry] = []
            if let cells = row.value.entries {
                for cell in cells {
                    let target = try uid(ConfigNode(.string(cell.key)), uids: uids, path: "\(path).\(row.key).\(cell.key)",
                                         location: cell.keyLocation ?? cell.value.location)
                    let v = try u16(cell.value, path: "\(path).\(row.key).\(cell.key)")
                    if entries.contains(where: { $0.column == target }) {
                        throw ConfigError(.invalidValue, at: cell.keyLocation ?? cell.value.location, path: "\(path).\(row.key)",
                                          "UID \(target) appears twice in this row; expected one weight per target")
                    }
                    entries.append(.init(column: target, value: v))
                }
            } else if let dense = row.value.elements {
                guard dense.count == uids.count else {
                    throw ConfigError(.invalidValue, at: row.value.location, path: "\(path).\(row.key)",
                                      "a dense weight row needs \(uids.count) values (one per UID), found \(dense.count)")
                }
                for (j, cell) in dense.enumerated() {
                    let v = try u16(cell, path: "\(path).\(row.key)[\(j)]")
                    entries.append(.init(column: j, value: v))
                }
            } else if !row.value.isNull {
                throw ConfigError(.wrongType, at: row.value.location, path: "\(path).\(row.key)",
                                  "expected a row: {target UID: u16} or a list of \(uids.count) u16, found \(row.value.value.typeName)")
            }
            guard matrix[row: setter].isEmpty else {
                throw ConfigError(.invalidValue, at: row.keyLocation ?? row.value.location, path: "\(path).\(row.key)",
                                  "UID \(setter) has two weight rows in this epoch; expected one")
            }
            matrix[row: setter] = entries.sorted { $0.column < $1.column }
        }
        return matrix
    }

    /// A validator × server matrix of non-negative floats, each row max-upscaled to u16 as the SDK
    /// does before `set_weights` (`round(w / max(row) × 65535)`); servers start at UID `columnOffset`.
    static func floatMatrix(_ node: ConfigNode, rows: Int, columns: Int, columnOffset: Int, uidCount: Int,
                            path: String) throws(ConfigError) -> SparseMatrix<UInt16> {
        guard let items = node.elements, items.count == rows else {
            throw ConfigError(.invalidValue, at: node.location, path: path,
                              "expected a \(rows) × \(columns) matrix (one row per validator), found \(node.elements.map { "\($0.count) rows" } ?? node.value.typeName)")
        }
        var matrix = SparseMatrix<UInt16>(count: uidCount)
        for (i, rowNode) in items.enumerated() {
            let values = try numbers(rowNode, count: columns, path: "\(path)[\(i)]", what: "weight per server", stake: false)
            for (j, v) in values.enumerated() where v < 0 {
                throw ConfigError(.outOfRange, at: rowNode.elements![j].location, path: "\(path)[\(i)][\(j)]", "a weight must be ≥ 0, found \(v)")
            }
            matrix[row: i] = upscale(values, columnOffset: columnOffset, keepZeros: true)
        }
        return matrix
    }

    /// Max-upscales a row of non-negative weights to u16 entries (an all-zero row sets nothing).
    ///
    /// - Parameter keepZeros: keep zero entries as explicit zeros (a dense row, as yuma-simulation's
    ///   tensors: subtensor's Yuma 3 decays the bond of an explicit zero but drops the bond of a
    ///   missing column); `false` drops them, as the SDK's `convert_weights_and_uids_for_emit` does.
    public static func upscale(_ values: [Double], columnOffset: Int = 0, keepZeros: Bool = false) -> [SparseMatrix<UInt16>.Entry] {
        let top = values.max() ?? 0
        guard top > 0 else { return [] }
        var out: [SparseMatrix<UInt16>.Entry] = []
        for (j, v) in values.enumerated() {
            let q = UInt16((v / top * 65535).rounded())
            if q > 0 || keepZeros { out.append(.init(column: j + columnOffset, value: q)) }
        }
        return out
    }

    static func behaviours(_ r: ConfigReader, uids: UIDNames) throws(ConfigError) -> [Int: ChainReplay.Behaviour] {
        var out: [Int: ChainReplay.Behaviour] = [:]
        guard let list = try r.sections("behaviours") else { return out }
        let kinds = ["copies", "shift", "winner_takes_all"]
        for b in list {
            guard let uidNode = b.raw("uid") else {
                throw ConfigError(.missingKey, at: b.node.location, path: b.path(of: "uid"), "a behaviour needs 'uid' (the validator's UID or label)")
            }
            let u = try uid(uidNode, uids: uids, path: b.path(of: "uid"))
            guard out[u] == nil else {
                throw ConfigError(.invalidValue, at: uidNode.location, path: b.path(of: "uid"), "UID \(u) has two behaviours; expected at most one")
            }
            let given = kinds.filter(b.contains)
            guard given.count == 1 else {
                throw ConfigError(.invalidValue, at: b.node.location, path: b.path,
                                  "a behaviour takes exactly one of \(kinds.joined(separator: ", ")), found \(given.isEmpty ? "none" : given.joined(separator: ", "))",
                                  choices: kinds)
            }
            switch given[0] {
            case "copies":
                _ = try b.string("copies", choices: ["consensus"])
                out[u] = .copiesConsensus
            case "shift":
                out[u] = .shifted(epochs: try b.int("shift", range: -1_000...1_000))
            default:
                guard try b.bool("winner_takes_all") else { continue }
                out[u] = .winnerTakesAll
            }
        }
        return out
    }
}
