import ScoringCore

/// Renders epoch reports as the reference's `/api/simulate` epoch objects (plus our extras).
///
/// Fields and order follow the reference exactly: `epoch_id, total_emission, miner_pool,
/// validator_pool, tasks_processed, traps_injected, breakthroughs, avg_cms, miners[], validators[]`
/// then our `plagiarism_flags` and the reference's `timestamp` (a declared time field). Miner
/// objects add `tier`, `plagiarism_flags` and `dimensions` (the mean measured quality, accuracy,
/// novelty and efficiency of the miner's submissions this epoch), validator objects add `profile`.
/// The reference's keys keep their order and values; the parity tests ignore keys the reference
/// does not have. Every reported
/// number is rounded to 6 decimals as the reference rounds it.
///
/// One value per roster: the roster's strings are quoted once, and each epoch is written into a
/// reusable ``JSONWriter`` (no `String` per field).
struct EpochJSON {
    private let minerIDs: [[UInt8]], minerNames: [[UInt8]], minerTiers: [[UInt8]]
    private let validatorIDs: [[UInt8]], validatorNames: [[UInt8]], validatorProfiles: [[UInt8]]
    private let roster: Roster

    init(roster: Roster) {
        self.roster = roster
        minerIDs = roster.miners.map { JSONWriter.quoted($0.id) }
        minerNames = roster.miners.map { JSONWriter.quoted($0.name) }
        minerTiers = roster.miners.map { JSONWriter.quoted($0.tier) }
        validatorIDs = roster.validators.map { JSONWriter.quoted($0.id) }
        validatorNames = roster.validators.map { JSONWriter.quoted($0.name) }
        validatorProfiles = roster.validators.map { JSONWriter.quoted($0.profileName) }
    }

    /// Writes the epoch object.
    static func write(_ report: EpochReport, roster: Roster, timestamp: String, into w: inout JSONWriter) {
        EpochJSON(roster: roster).write(report, timestamp: timestamp, into: &w)
    }

    /// Writes the epoch object.
    func write(_ report: EpochReport, timestamp: String, into w: inout JSONWriter) {
        w.beginObject()
        writeFields(report, timestamp: timestamp, into: &w)
        w.endObject()
    }

    /// Writes the epoch object's fields into an object the caller opened (and closes).
    func writeFields(_ report: EpochReport, timestamp: String, into w: inout JSONWriter) {
        let round = PythonRounding.round6
        w.field("epoch_id", report.epoch)
        w.field("total_emission", report.totalEmission)
        w.field("miner_pool", round(report.minerPool))
        w.field("validator_pool", round(report.validatorPool))
        w.field("tasks_processed", report.tasksProcessed)
        w.field("traps_injected", report.trapsInjected)
        w.field("breakthroughs", report.breakthroughs)
        w.field("avg_cms", round(report.avgCMS))
        w.key("miners")
        w.beginArray()
        for row in report.miners {
            let m = row.miner
            w.beginObject()
            w.field("rank", row.rank)
            w.field("miner_id", raw: minerIDs[m])
            w.field("name", raw: minerNames[m])
            w.field("s_epoch", round(row.sEpoch))
            w.field("peb", round(row.peb))
            w.field("streak", row.streak)
            w.field("epoch_tao", row.epochTao)
            w.field("total_tao", round(row.totalTao))
            w.field("trap_penalty", round(row.trapPenalty))
            w.field("breakthroughs", row.breakthroughs)
            w.field("tier", raw: minerTiers[m])
            w.field("plagiarism_flags", row.plagiarismFlags)
            w.key("dimensions")
            w.beginObject()
            w.field("quality", round(row.dimensions.quality))
            w.field("accuracy", round(row.dimensions.accuracy))
            w.field("novelty", round(row.dimensions.novelty))
            w.field("efficiency", round(row.dimensions.efficiency))
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.key("validators")
        w.beginArray()
        for row in report.validators {
            let v = row.validator
            w.beginObject()
            w.field("validator_id", raw: validatorIDs[v])
            w.field("name", raw: validatorNames[v])
            w.amount("stake", roster.validators[v].stake)
            w.field("vas", round(row.vas))
            w.field("reputation", round(row.reputation))
            w.field("epoch_tao", row.epochTao)
            w.field("total_tao", round(row.totalTao))
            w.field("slashed", round(row.slashed))
            w.field("profile", raw: validatorProfiles[v])
            w.endObject()
        }
        w.endArray()
        w.field("plagiarism_flags", report.plagiarismFlags)
        w.field("timestamp", timestamp)
    }
}
