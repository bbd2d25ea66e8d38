import Foundation

/// Which part of a sharded job this process runs: shard `index` of `count` (1-based).
///
/// Written on the command line as `--shard k/n` (a GitHub Actions matrix, by hand) or
/// `--shard auto`, which reads the index and count from the cluster engine's environment:
///
/// - Slurm job arrays: `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT`, or with the
///   `SLURM_ARRAY_TASK_MIN`/`SLURM_ARRAY_TASK_MAX` pair (`SLURM_ARRAY_TASK_STEP` when the array
///   has one). Any contiguous range works (`--array=0-3`, `--array=1-4`, `--array=0-6:2`); shard
///   index = (id − min) / step + 1.
/// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (0-based, set by Kubernetes) with
///   `JOB_COMPLETIONS`, which the Job spec passes in (Kubernetes does not expose `completions`
///   to the pod; set it to the same number).
///
/// A missing or inconsistent environment is an error that names the variables it read.
public struct ShardAssignment: Sendable, Hashable, CustomStringConvertible {
    /// 1-based shard index.
    public var index: Int
    /// Number of shards.
    public var count: Int
    /// Where the assignment came from (`command line`, `Slurm job array`, `Kubernetes Indexed Job`).
    public var source: String

    public init(index: Int, count: Int, source: String = "command line") throws(ShardError) {
        guard count >= 1, (1...count).contains(index) else {
            throw ShardError("a shard index must satisfy 1 ≤ k ≤ n; found \(index)/\(count) (\(source))")
        }
        self.index = index
        self.count = count
        self.source = source
    }

    /// Two assignments are the same shard when index and count agree, wherever they came from.
    public static func == (a: ShardAssignment, b: ShardAssignment) -> Bool { a.index == b.index && a.count == b.count }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
        hasher.combine(count)
    }

    /// `k/n`.
    public var description: String { "\(index)/\(count)" }
    /// The directory name a shard writes into under a common output directory: `shard-k-of-n`.
    public var directoryName: String { "shard-\(index)-of-\(count)" }

    /// Whether item `i` (0-based position in the full plan) belongs to this shard: every n-th item
    /// starting at k − 1, so shards interleave and stay balanced when items differ in cost by position.
    public func owns(_ i: Int) -> Bool { i % count == index - 1 }

    /// Parses `k/n` or `auto` (reading `environment`).
    public static func parse(_ text: String, environment: [String: String]) throws(ShardError) -> ShardAssignment {
        if text == "auto" { return try fromEnvironment(environment) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError("--shard takes k/n with 1 ≤ k ≤ n (e.g. 2/4) or 'auto'; found '\(text)'")
        }
        return try ShardAssignment(index: k, count: n)
    }

    static let slurmNames = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
                             "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP"]
    static let kubernetesNames = ["JOB_COMPLETION_INDEX", "JOB_COMPLETIONS"]

    /// Reads the shard from a Slurm job array or a Kubernetes Indexed Job.
    public static func fromEnvironment(_ env: [String: String]) throws(ShardError) -> ShardAssignment {
        let slurm = env["SLURM_ARRAY_TASK_ID"] != nil
        let kubernetes = env["JOB_COMPLETION_INDEX"] != nil
        if slurm && kubernetes {
            throw ShardError("--shard auto found both SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX set; "
                             + "run under one engine or pass --shard k/n")
        }
        if slurm { return try slurmArray(env) }
        if kubernetes { return try indexedJob(env) }
        throw ShardError("--shard auto needs a Slurm job array (SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT or "
                         + "SLURM_ARRAY_TASK_MIN/MAX) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with JOB_COMPLETIONS); "
                         + "none is set. Outside a cluster pass --shard k/n")
    }

    private static func integer(_ env: [String: String], _ name: String) throws(ShardError) -> Int? {
        guard let raw = env[name] else { return nil }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ShardError("\(name) must be an integer, found '\(raw)'")
        }
        return value
    }

    private static func slurmArray(_ env: [String: String]) throws(ShardError) -> ShardAssignment {
        let id = try integer(env, "SLURM_ARRAY_TASK_ID")!
        let count = try integer(env, "SLURM_ARRAY_TASK_COUNT")
        let min = try integer(env, "SLURM_ARRAY_TASK_MIN")
        let max = try integer(env, "SLURM_ARRAY_TASK_MAX")
        let step = try integer(env, "SLURM_ARRAY_TASK_STEP") ?? 1
        let seen = slurmNames.compactMap { n in env[n].map { "\(n)=\($0)" } }.joined(separator: ", ")
        guard step >= 1 else { throw ShardError("SLURM_ARRAY_TASK_STEP must be at least 1 (\(seen))") }
        let n: Int
        let first: Int
        switch (count, min, max) {
        case let (count?, min?, max?):
            guard (max - min) % step == 0, (max - min) / step + 1 == count else {
                throw ShardError("the Slurm array is not a contiguous range: \(count) tasks from \(min) to \(max) "
                                 + "step \(step) (\(seen)); submit with --array=FIRST-LAST or pass --shard k/n")
            }
            (n, first) = (count, min)
        case let (nil, min?, max?):
            guard max >= min, (max - min) % step == 0 else {
                throw ShardError("SLURM_ARRAY_TASK_MIN/MAX/STEP do not describe a range (\(seen))")
            }
            (n, first) = ((max - min) / step + 1, min)
        case let (count?, min, nil):
            (n, first) = (count, min ?? 0)
        default:
            throw ShardError("--shard auto under Slurm needs SLURM_ARRAY_TASK_COUNT or both SLURM_ARRAY_TASK_MIN and "
                             + "SLURM_ARRAY_TASK_MAX next to SLURM_ARRAY_TASK_ID (\(seen)); submit with sbatch --array")
        }
        guard id >= first, (id - first) % step == 0, (id - first) / step < n else {
            throw ShardError("SLURM_ARRAY_TASK_ID \(id) is outside the array of \(n) tasks starting at \(first) (\(seen))")
        }
        return try ShardAssignment(index: (id - first) / step + 1, count: n, source: "Slurm job array")
    }

    private static func indexedJob(_ env: [String: String]) throws(ShardError) -> ShardAssignment {
        let index = try integer(env, "JOB_COMPLETION_INDEX")!
        guard let count = try integer(env, "JOB_COMPLETIONS") else {
            throw ShardError("--shard auto in a Kubernetes Indexed Job needs JOB_COMPLETIONS (set it in the Job's env to "
                             + "spec.completions) next to JOB_COMPLETION_INDEX=\(index)")
        }
        guard count >= 1, (0..<count).contains(index) else {
            throw ShardError("JOB_COMPLETION_INDEX \(index) is outside 0..<JOB_COMPLETIONS (\(count))")
        }
        return try ShardAssignment(index: index + 1, count: count, source: "Kubernetes Indexed Job")
    }
}

/// A problem with a shard assignment, a shard directory or a merge.
public struct ShardError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "error: \(message)" }
}
