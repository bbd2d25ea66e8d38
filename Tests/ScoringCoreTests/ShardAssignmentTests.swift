import Testing
@testable import ScoringCore

/// `--shard k/n` and `--shard auto` under Slurm job arrays and Kubernetes Indexed Jobs.
struct ShardAssignmentTests {
    func auto(_ env: [String: String]) throws -> ShardAssignment { try ShardAssignment.parse("auto", environment: env) }
    func message(_ env: [String: String]) -> String? {
        do { _ = try ShardAssignment.parse("auto", environment: env); return nil } catch { return error.message }
    }

    @Test func explicitIndexAndCount() throws {
        let s = try ShardAssignment.parse("2/4", environment: ["SLURM_ARRAY_TASK_ID": "3"])
        #expect(s.index == 2 && s.count == 4 && s.source == "command line")
        #expect(s.directoryName == "shard-2-of-4")
        #expect((0..<10).filter(s.owns) == [1, 5, 9])
        for bad in ["0/4", "5/4", "2", "a/b", "2/0", "-1/3", "1/2/3"] {
            #expect(throws: ShardError.self) { _ = try ShardAssignment.parse(bad, environment: [:]) }
        }
    }

    @Test(arguments: [
        // (environment, index, count): --array=1-4 (sbatch sets COUNT, MIN, MAX), 0-3, ranges without COUNT, steps.
        (["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"], 1, 4),
        (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"], 4, 4),
        (["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "2"], 1, 3),
        (["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"], 3, 3),
        (["SLURM_ARRAY_TASK_ID": "12", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_MAX": "16"], 3, 7),
        (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6",
          "SLURM_ARRAY_TASK_STEP": "2"], 3, 4),
    ])
    func slurmJobArrays(env: [String: String], index: Int, count: Int) throws {
        let s = try auto(env)
        #expect(s.index == index && s.count == count && s.source == "Slurm job array")
    }

    @Test func kubernetesIndexedJobs() throws {
        let s = try auto(["JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "7"])
        #expect(s.index == 1 && s.count == 7 && s.source == "Kubernetes Indexed Job")
        #expect(try auto(["JOB_COMPLETION_INDEX": "6", "JOB_COMPLETIONS": "7"]).index == 7)
        #expect(message(["JOB_COMPLETION_INDEX": "2"])?.contains("JOB_COMPLETIONS") == true)
        #expect(message(["JOB_COMPLETION_INDEX": "7", "JOB_COMPLETIONS": "7"])?.contains("outside") == true)
        #expect(message(["JOB_COMPLETION_INDEX": "x", "JOB_COMPLETIONS": "7"])?.contains("must be an integer") == true)
    }

    @Test func missingOrInconsistentEnvironmentsAreClearErrors() {
        let none = message([:])
        #expect(none?.contains("SLURM_ARRAY_TASK_ID") == true && none?.contains("JOB_COMPLETION_INDEX") == true)
        #expect(message(["SLURM_ARRAY_TASK_ID": "1"])?.contains("SLURM_ARRAY_TASK_COUNT") == true)
        #expect(message(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1",
                         "SLURM_ARRAY_TASK_MAX": "4"])?.contains("outside") == true)
        // --array=1,3,7: three tasks that are not a range.
        #expect(message(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1",
                         "SLURM_ARRAY_TASK_MAX": "7"])?.contains("not a contiguous range") == true)
        #expect(message(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2",
                         "JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "2"])?.contains("both") == true)
    }
}
