public import ScoringCore
import Foundation

/// The CSV form of a replay: one fact per line, `epoch,kind,uid,target,value`.
///
/// ```text
/// epoch,kind,uid,target,value
/// ,label,0,,big            # per-replay rows leave `epoch` empty: label, validator, base_validator, owner,
/// ,label,3,,server1        #   copies (value: consensus), shift (value: epochs), winner_takes_all
/// 0,stake,0,,0.8           # stake of a UID (UIDs not listed in an epoch hold 0)
/// 0,weight,0,3,65535       # u16 weight from `uid` to `target`
/// 0,block,,,100            # optional: block (default: previous + tempo, `,tempo,,,360`), emission,
///                          #   last_update (uid), registered_at (uid)
/// 0,reset_bonds,3,,        # clear UID 3's bond column before epoch 0
/// ```
/// Epochs are numbered 0, 1, 2, … without gaps; an epoch with no `stake` lines keeps the previous
/// epoch's stakes. UIDs are integers or labels. Lines starting with `#` and blank lines are skipped.
/// Errors name the file, line and column (the field, counted from 1).
public enum ChainReplayCSV {
    public static let header = "epoch,kind,uid,target,value"
    static let kinds = ["label", "validator", "base_validator", "owner", "tempo", "copies", "shift", "winner_takes_all", "uids",
                        "stake", "weight", "block", "emission", "last_update", "registered_at", "reset_bonds"]

    struct Row {
        var line: Int
        var fields: [String]
        func location(_ file: String, field: Int) -> SourceLocation {
            SourceLocation(file: file, line: line, column: field + 1)
        }
    }

    public static func parse(_ text: String, file: String, name: String) throws(ConfigError) -> ChainReplay {
        var rows: [Row] = []
        var sawHeader = false
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !sawHeader {
                guard fields == header.split(separator: ",").map(String.init) else {
                    throw ConfigError(.syntax, at: SourceLocation(file: file, line: i + 1, column: 1), path: "replay",
                                      "expected the header '\(header)', found '\(line)'")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 5 else {
                throw ConfigError(.syntax, at: SourceLocation(file: file, line: i + 1, column: 1), path: "replay",
                                  "expected 5 fields (\(header)), found \(fields.count)")
            }
            rows.append(Row(line: i + 1, fields: fields))
        }
        guard sawHeader else {
            throw ConfigError(.syntax, at: SourceLocation(file: file, line: 1, column: 1), path: "replay",
                              "an empty replay: expected the header '\(header)' and at least one epoch")
        }
        for r in rows where !kinds.contains(r.fields[1]) {
            throw ConfigError(.invalidValue, at: r.location(file, field: 1), path: "kind", "unknown kind '\(r.fields[1])'",
                              choices: kinds, suggestion: Suggestions.closest(to: r.fields[1], in: kinds))
        }
        // Labels and the UID count first, so UIDs can be named.
        var labelRows: [(Int, String, Row)] = []
        var declaredCount: Int?
        var maxUID = -1
        for r in rows {
            if r.fields[1] == "uids" {
                guard let n = Int(r.fields[4]), n > 0 else {
                    throw ConfigError(.invalidValue, at: r.location(file, field: 4), path: "uids", "expected the number of UIDs (an integer ≥ 1), found '\(r.fields[4])'")
                }
                declaredCount = n
            }
            if r.fields[1] == "label" {
                guard let u = Int(r.fields[2]), u >= 0 else {
                    throw ConfigError(.invalidValue, at: r.location(file, field: 2), path: "uid", "a label row needs an integer UID ≥ 0, found '\(r.fields[2])'")
                }
                labelRows.append((u, r.fields[4], r))
                maxUID = max(maxUID, u)
            }
            for f in [2, 3] { if let u = Int(r.fields[f]) { maxUID = max(maxUID, u) } }
        }
        let count = declaredCount ?? (maxUID + 1)
        guard count > 0 else {
            throw ConfigError(.invalidValue, at: SourceLocation(file: file, line: rows.first?.line ?? 1, column: 1), path: "uids",
                              "no UID found: expected stake and weight rows")
        }
        var labels = (0..<count).map(ChainReplay.defaultLabel)
        for (u, l, r) in labelRows {
            guard u < count else {
                throw ConfigError(.invalidValue, at: r.location(file, field: 2), path: "uid", "unknown UID \(u): the replay declares \(count) UIDs (0…\(count - 1))")
            }
            labels[u] = l
        }
        try ChainReplayReader.checkUnique(labels, at: SourceLocation(file: file, line: labelRows.first?.2.line ?? 1, column: 5), path: "label")
        let names = ChainReplayReader.UIDNames(labels: labels)

        func uid(_ r: Row, _ field: Int) throws(ConfigError) -> Int {
            let text = r.fields[field]
            guard let u = names.resolve(text) else {
                throw ConfigError(.invalidValue, at: r.location(file, field: field), path: field == 2 ? "uid" : "target",
                                  text.isEmpty ? "expected a UID or label, found an empty field"
                                               : "unknown UID '\(text)': the replay has \(count) UIDs (0…\(count - 1))",
                                  choices: names.choices)
            }
            return u
        }
        func number(_ r: Row, what: String) throws(ConfigError) -> Double {
            guard let v = Double(r.fields[4]), v.isFinite else {
                throw ConfigError(.wrongType, at: r.location(file, field: 4), path: "value", "expected \(what) (a finite number), found '\(r.fields[4])'")
            }
            return v
        }
        func block(_ r: Row) throws(ConfigError) -> UInt64 {
            guard let v = UInt64(r.fields[4]) else {
                throw ConfigError(.wrongType, at: r.location(file, field: 4), path: "value", "expected a block number (an integer ≥ 0), found '\(r.fields[4])'")
            }
            return v
        }

        var validators: [Int]?
        var base: Int?
        var owner: Int?
        var tempo = UInt64(ChainReplay.defaultTempo)
        var behaviours: [Int: ChainReplay.Behaviour] = [:]
        struct Draft {
            var stakes: [Double]?
            var weights: [Int: [Int: UInt16]] = [:]
            var block: UInt64?
            var emission: Double?
            var lastUpdate: [Int: UInt64] = [:]
            var registeredAt: [Int: UInt64] = [:]
            var resetBonds: [Int] = []
            var line: Int
        }
        var drafts: [Int: Draft] = [:]
        for r in rows {
            let kind = r.fields[1]
            if ["label", "uids", "validator", "base_validator", "owner", "tempo", "copies", "shift", "winner_takes_all"].contains(kind) {
                guard r.fields[0].isEmpty else {
                    throw ConfigError(.invalidValue, at: r.location(file, field: 0), path: "epoch", "a '\(kind)' row describes the whole replay: expected an empty epoch field")
                }
                switch kind {
                case "validator": validators = (validators ?? []) + [try uid(r, 2)]
                case "base_validator": base = try uid(r, 2)
                case "owner": owner = try uid(r, 2)
                case "tempo":
                    guard let t = UInt64(r.fields[4]), t > 0 else {
                        throw ConfigError(.invalidValue, at: r.location(file, field: 4), path: "value", "expected the blocks between epochs (an integer ≥ 1), found '\(r.fields[4])'")
                    }
                    tempo = t
                case "copies":
                    guard r.fields[4] == "consensus" else {
                        throw ConfigError(.invalidValue, at: r.location(file, field: 4), path: "value", "a copier copies 'consensus', found '\(r.fields[4])'", choices: ["consensus"])
                    }
                    behaviours[try uid(r, 2)] = .copiesConsensus
                case "shift":
                    guard let n = Int(r.fields[4]) else {
                        throw ConfigError(.wrongType, at: r.location(file, field: 4), path: "value", "expected a shift in epochs (an integer), found '\(r.fields[4])'")
                    }
                    behaviours[try uid(r, 2)] = .shifted(epochs: n)
                case "winner_takes_all": behaviours[try uid(r, 2)] = .winnerTakesAll
                default: break
                }
                continue
            }
            guard let e = Int(r.fields[0]), e >= 0 else {
                throw ConfigError(.invalidValue, at: r.location(file, field: 0), path: "epoch", "expected an epoch number (an integer ≥ 0), found '\(r.fields[0])'")
            }
            var d = drafts[e] ?? Draft(line: r.line)
            switch kind {
            case "stake":
                let u = try uid(r, 2)
                let v = try number(r, what: "a stake")
                guard v >= 0 else {
                    throw ConfigError(.outOfRange, at: r.location(file, field: 4), path: "value", "a stake must be ≥ 0, found \(r.fields[4])")
                }
                var s = d.stakes ?? Array(repeating: 0, count: count)
                s[u] = v
                d.stakes = s
            case "weight":
                let u = try uid(r, 2), t = try uid(r, 3)
                guard let v = Int(r.fields[4]) else {
                    throw ConfigError(.wrongType, at: r.location(file, field: 4), path: "value", "expected a weight as stored on chain (an integer 0…65535), found '\(r.fields[4])'")
                }
                guard (0...65535).contains(v) else {
                    throw ConfigError(.outOfRange, at: r.location(file, field: 4), path: "value", "a weight must lie in 0…65535 (u16), found \(v)")
                }
                guard d.weights[u]?[t] == nil else {
                    throw ConfigError(.invalidValue, at: r.location(file, field: 3), path: "target", "epoch \(e) already has a weight from UID \(u) to UID \(t); expected one")
                }
                d.weights[u, default: [:]][t] = UInt16(v)
            case "block": d.block = try block(r)
            case "emission":
                let v = try number(r, what: "an emission")
                guard v >= 0 else { throw ConfigError(.outOfRange, at: r.location(file, field: 4), path: "value", "emission must be ≥ 0, found \(v)") }
                d.emission = v
            case "last_update": d.lastUpdate[try uid(r, 2)] = try block(r)
            case "registered_at": d.registeredAt[try uid(r, 2)] = try block(r)
            case "reset_bonds": d.resetBonds.append(try uid(r, 2))
            default: break
            }
            drafts[e] = d
        }
        guard !drafts.isEmpty else {
            throw ConfigError(.invalidValue, at: SourceLocation(file: file, line: rows.last?.line ?? 1, column: 1), path: "epoch", "no epoch rows: expected stake and weight rows")
        }
        let last = drafts.keys.max()!
        var epochs: [ChainReplay.Epoch] = []
        var previousStakes: [Double]?
        var previousBlock: UInt64 = 0
        for e in 0...last {
            guard let d = drafts[e] else {
                throw ConfigError(.invalidValue, at: SourceLocation(file: file, line: drafts[e + 1]?.line ?? 1, column: 1), path: "epoch",
                                  "epoch \(e) has no rows: expected epochs numbered 0…\(last) without gaps")
            }
            guard let stakes = d.stakes ?? previousStakes else {
                throw ConfigError(.missingKey, at: SourceLocation(file: file, line: d.line, column: 2), path: "stake", "epoch \(e) has no stake rows and no earlier epoch to keep them from")
            }
            previousStakes = stakes
            let b = d.block ?? previousBlock + tempo
            if e > 0, b <= previousBlock {
                throw ConfigError(.invalidValue, at: SourceLocation(file: file, line: d.line, column: 5), path: "block", "blocks must increase: epoch \(e) is at \(b), after \(previousBlock)")
            }
            previousBlock = b
            var m = SparseMatrix<UInt16>(count: count)
            for (u, row) in d.weights {
                m[row: u] = row.map { .init(column: $0.key, value: $0.value) }.sorted { $0.column < $1.column }
            }
            var lastUpdate = Array(repeating: b, count: count)
            for (u, v) in d.lastUpdate { lastUpdate[u] = v }
            var registered = Array(repeating: UInt64(0), count: count)
            for (u, v) in d.registeredAt { registered[u] = v }
            epochs.append(ChainReplay.Epoch(block: b, stakes: stakes, weights: m, lastUpdate: lastUpdate, registeredAt: registered,
                                            emission: d.emission ?? ChainReplay.defaultEmission, resetBonds: d.resetBonds,
                                            location: SourceLocation(file: file, line: d.line, column: 1)))
        }
        return ChainReplay(name: name, labels: labels,
                           validators: validators ?? ChainReplay.inferredValidators(uidCount: count, epochs: epochs),
                           baseValidator: base, owner: owner, behaviours: behaviours, epochs: epochs)
    }
}
