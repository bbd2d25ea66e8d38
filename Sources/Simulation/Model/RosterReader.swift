import Foundation
import ScoringCore
import ReasonForge

/// Reads the `miners:` and `validators:` keys of a simulation section into roster entries.
enum RosterReader {
    static func miners(_ r: ConfigReader, tiers: MinerTierTable) throws(ConfigError) -> [SimulatedMiner] {
        let node = r.node["miners"]
        func tier(_ name: String, _ reader: ConfigReader, _ key: String) throws(ConfigError) -> MinerTierProfile {
            guard let t = tiers[name] else {
                throw ConfigError(.unknownComponent, at: reader.location(of: key), path: reader.path(of: key),
                                  "unknown miner tier '\(name)'", choices: tiers.names,
                                  suggestion: Suggestions.closest(to: name, in: tiers.names))
            }
            return t
        }
        var miners: [SimulatedMiner] = []
        if node == nil || node?.isNull == true {
            _ = r.raw("miners")
            for m in Roster.referenceMiners {
                guard let t = tiers[m.tier] else {
                    throw ConfigError(.invalidValue, at: r.location(of: "miner_tiers"), path: r.path(of: "miner_tiers"),
                                      "the reference roster needs tier '\(m.tier)'", choices: tiers.names)
                }
                miners.append(SimulatedMiner(id: m.id, name: m.name, tier: m.tier, profile: t))
            }
        } else if node?.elements != nil {
            for (i, m) in (try r.sections("miners") ?? []).enumerated() {
                let id = try m.string("id", default: String(format: "m-%03d", i + 1))
                let tierName = try m.string("tier")
                let profile = try tier(tierName, m, "tier")
                let name = try m.string("name", default: "\(tierName)-\(i + 1)")
                let kind = try m.string("behaviour", default: "honest", choices: ["honest", "copycat", "sybil"])
                if kind == "sybil" {
                    // A noiseless copy of `target`, owned by `operator`.
                    miners.append(SimulatedMiner(id: id, name: name, tier: tierName, profile: profile,
                                                 behaviour: .copycat(target: .miner(try m.string("target")), noise: 0),
                                                 sybilOperator: try m.string("operator", default: "sybil")))
                } else {
                    var behaviour = MinerBehaviour.honest
                    if kind == "copycat" {
                        let target = try readTarget(m, key: "target")
                        behaviour = .copycat(target: target, noise: try m.double("noise", default: 0.01, range: 0...1))
                    }
                    miners.append(SimulatedMiner(id: id, name: name, tier: tierName, profile: profile, behaviour: behaviour))
                }
            }
        } else {
            let s = try r.section("miners")
            let counts = try s.section("tiers")
            var index = 0
            for name in counts.writtenKeys {
                let n = try counts.int(name, range: 0...1_000_000)
                let profile = try tier(name, counts, name)
                for k in 0..<n {
                    index += 1
                    miners.append(SimulatedMiner(id: String(format: "m-%03d", index), name: "\(name)-\(k + 1)",
                                                 tier: name, profile: profile))
                }
            }
            let copycats = try s.int("copycats", default: 0, range: 0...1_000_000)
            let noise = try s.double("copycat_noise", default: 0.01, range: 0...1)
            let target = try readTarget(s, key: "copycat_target")
            let tierName = try s.string("copycat_tier", default: "adversarial")
            let profile = try tier(tierName, s, "copycat_tier")
            for k in 0..<copycats {
                index += 1
                miners.append(SimulatedMiner(id: String(format: "m-%03d", index), name: "copycat-\(k + 1)", tier: tierName,
                                             profile: profile, behaviour: .copycat(target: target, noise: noise)))
            }
            // Sybils (read only when written, so configs without them resolve as before).
            if s.contains("sybils") {
                let sybils = try s.int("sybils", range: 0...1_000_000)
                let sybilTarget = try s.string("sybil_target", default: miners.first?.id ?? "m-001")
                let sybilTier = try s.string("sybil_tier", default: "adversarial")
                let sybilProfile = try tier(sybilTier, s, "sybil_tier")
                for k in 0..<sybils {
                    index += 1
                    miners.append(SimulatedMiner(id: String(format: "m-%03d", index), name: "sybil-\(k + 1)", tier: sybilTier,
                                                 profile: sybilProfile, behaviour: .copycat(target: .miner(sybilTarget), noise: 0),
                                                 sybilOperator: "sybil"))
                }
            }
        }
        if miners.isEmpty {
            throw ConfigError(.invalidValue, at: node?.location ?? r.location(of: "miners"), path: r.path(of: "miners"),
                              "a simulation needs at least one miner")
        }
        if Set(miners.map(\.id)).count != miners.count {
            throw ConfigError(.invalidValue, at: node?.location, path: r.path(of: "miners"), "miner ids must be unique")
        }
        if miners.count > 1_000_000 { throw ConfigError(.outOfRange, at: node?.location, path: r.path(of: "miners"), "too many miners") }
        for m in miners {
            if case .copycat(.miner(let target), _) = m.behaviour {
                guard let t = miners.first(where: { $0.id == target }), !t.behaviour.isCopycat, t.id != m.id else {
                    throw ConfigError(.invalidValue, at: node?.location, path: r.path(of: "miners"),
                                      "copycat '\(m.id)' targets '\(target)', which must be a non-copycat miner of the roster",
                                      choices: miners.filter { !$0.behaviour.isCopycat }.map(\.id))
                }
            }
        }
        if miners.allSatisfy(\.behaviour.isCopycat) {
            throw ConfigError(.invalidValue, at: node?.location, path: r.path(of: "miners"),
                              "copycats need at least one honest miner to copy")
        }
        return miners
    }

    private static func readTarget(_ m: ConfigReader, key: String) throws(ConfigError) -> CopyTarget {
        let t = try m.string(key, default: "leader")
        return t == "leader" ? .leader : .miner(t)
    }

    static func validators(_ r: ConfigReader, profiles: ValidatorProfileTable,
                           registry: ScoringRegistry) throws(ConfigError) -> [SimulatedValidator] {
        let node = r.node["validators"]
        func profile(_ name: String, _ reader: ConfigReader, _ key: String) throws(ConfigError) -> ReasonForge.ValidatorProfile {
            guard let p = profiles[name] else {
                throw ConfigError(.unknownComponent, at: reader.location(of: key), path: reader.path(of: key),
                                  "unknown validator profile '\(name)'", choices: profiles.names,
                                  suggestion: Suggestions.closest(to: name, in: profiles.names))
            }
            return p
        }
        var validators: [SimulatedValidator] = []
        if node == nil || node?.isNull == true {
            _ = r.raw("validators")
            for v in Roster.referenceValidators {
                guard let p = profiles[v.profile] else {
                    throw ConfigError(.invalidValue, at: r.location(of: "validator_profiles"), path: r.path(of: "validator_profiles"),
                                      "the reference roster needs profile '\(v.profile)'", choices: profiles.names)
                }
                validators.append(SimulatedValidator(id: v.id, name: v.name, stake: v.stake, profileName: v.profile, profile: p))
            }
        } else if node?.elements != nil {
            for (i, v) in (try r.sections("validators") ?? []).enumerated() {
                let id = try v.string("id", default: String(format: "v-%03d", i + 1))
                let name = try v.string("name", default: id)
                let stake = try v.double("stake", range: 0...1e15)
                let profileName = try v.string("profile")
                // Read only when written, so rosters without behaviours resolve as before.
                var behaviour = ValidatorBehaviour.honest
                if v.contains("behaviour") {
                    behaviour = try v.component("behaviour", kind: .validatorBehaviour, default: "honest", in: registry,
                                                as: ValidatorBehaviour.self)
                }
                validators.append(SimulatedValidator(id: id, name: name, stake: stake, profileName: profileName,
                                                     profile: try profile(profileName, v, "profile"), behaviour: behaviour))
            }
        } else {
            let s = try r.section("validators")
            let counts = try s.section("profiles")
            let stakes = try s.doubles("stakes", default: [1000, 5000])
            guard stakes.count == 2, stakes[0] >= 0, stakes[0] <= stakes[1] else {
                throw ConfigError(.invalidValue, at: s.location(of: "stakes"), path: s.path(of: "stakes"),
                                  "'stakes' must be [min, max] with 0 ≤ min ≤ max")
            }
            var entries: [(String, ReasonForge.ValidatorProfile)] = []
            for name in counts.writtenKeys {
                let n = try counts.int(name, range: 0...1_000_000)
                let p = try profile(name, counts, name)
                for _ in 0..<n { entries.append((name, p)) }
            }
            for (i, e) in entries.enumerated() {
                let t = entries.count > 1 ? Double(i) / Double(entries.count - 1) : 0
                // Largest stake first, spread evenly; integral so outputs print integers.
                let stake = (stakes[1] - (stakes[1] - stakes[0]) * t).rounded()
                let id = String(format: "v-%03d", i + 1)
                validators.append(SimulatedValidator(id: id, name: "\(e.0)-\(i + 1)", stake: stake, profileName: e.0, profile: e.1))
            }
        }
        if validators.isEmpty {
            throw ConfigError(.invalidValue, at: node?.location ?? r.location(of: "validators"), path: r.path(of: "validators"),
                              "a simulation needs at least one validator")
        }
        if Set(validators.map(\.id)).count != validators.count {
            throw ConfigError(.invalidValue, at: node?.location, path: r.path(of: "validators"), "validator ids must be unique")
        }
        return validators
    }

    /// Checks that colluding validators boost miners of the roster.
    static func checkBehaviours(_ validators: [SimulatedValidator], miners: [SimulatedMiner], _ r: ConfigReader) throws(ConfigError) {
        let ids = Set(miners.map(\.id))
        for v in validators {
            if case .colluding(let boosted, _) = v.behaviour, let unknown = boosted.first(where: { !ids.contains($0) }) {
                throw ConfigError(.invalidValue, at: r.location(of: "validators"), path: r.path(of: "validators"),
                                  "colluding validator '\(v.id)' boosts '\(unknown)', which is not a miner of the roster",
                                  choices: miners.map(\.id))
            }
        }
    }
}
