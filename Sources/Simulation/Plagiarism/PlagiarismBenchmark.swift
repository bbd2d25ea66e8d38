import Dispatch
import Foundation
import ScoringCore

/// The detector alone, driven as the epoch loop drives it, for `make bench` (SimulationBench):
/// time per checked submission and memory per buffered submission.
///
/// The roster, thresholds, buffer and generator are the settings'; the scoring model is not run.
/// Each task's step counts are drawn uniformly from 2…5 as honest answers draw them, and copycats
/// copy the first honest miner unless the roster names a target (the leader in a real run).
public enum PlagiarismBenchmark {
    public struct Result: Sendable {
        /// Submissions checked (every miner, every task, every epoch).
        public var checkedSubmissions: Int
        /// Submissions flagged.
        public var flaggedSubmissions: Int
        /// CPU time of the checking thread in the detector (on a shared machine wall time follows the load).
        public var seconds: Double
        /// Wall time in the detector.
        public var wallSeconds: Double
        /// Submissions held at the end (the current epoch's and the buffered epochs').
        public var bufferedSubmissions: Int
        /// Bytes held by the detector's window and index at the end.
        public var retainedBytes: Int

        public var microsPerCheck: Double { seconds / Double(checkedSubmissions) * 1e6 }
        public var bytesPerBufferedSubmission: Double { Double(retainedBytes) / Double(max(1, bufferedSubmissions)) }
    }

    /// Runs the detector for `epochs` epochs of `settings` (plagiarism settings applied even if disabled).
    public static func run(_ settings: SimulationSettings, epochs: Int) -> Result {
        switch settings.generator {
        case .pythonCompat: run(settings, epochs: epochs, as: PythonRandom.self)
        case .xoshiro: run(settings, epochs: epochs, as: Xoshiro256.self)
        }
    }

    static func run<R: SimulationRandom>(_ settings: SimulationSettings, epochs: Int, as: R.Type) -> Result {
        let plan = SeedPlan(scheme: settings.seeding, seed: settings.seed, run: 0)
        let detector = PlagiarismDetector<R>(settings: settings, plan: plan)
        let miners = settings.roster.miners
        let order = miners.indices.filter { !miners[$0].behaviour.isCopycat } + miners.indices.filter { miners[$0].behaviour.isCopycat }
        let targets: [Int?] = miners.map { m in
            if case .copycat(.miner(let id), _) = m.behaviour { return miners.firstIndex { $0.id == id } }
            return nil
        }
        let noise: [Double] = miners.map { m in
            if case .copycat(_, let noise) = m.behaviour { return noise }
            return 0
        }
        var stepRNG = Xoshiro256(seed: settings.seed)
        var steps = Array(repeating: 2, count: miners.count)
        var factors = Array(repeating: 1.0, count: miners.count)
        var flagged = 0
        var nanos: UInt64 = 0, cpu = 0.0
        for epoch in 0..<epochs {
            for t in 0..<settings.tasksPerEpoch {
                for m in steps.indices { steps[m] = stepRNG.randint(2, 5); factors[m] = 1 }
                let task = SimulatedTask(domain: t % 6, template: t % 5, difficulty: 5, isTrap: false,
                                         previouslyUnsolved: false, groundTruth: 0)
                let start = DispatchTime.now().uptimeNanoseconds, cpuStart = threadCPUSeconds()
                detector.submit(epoch: epoch, taskIndex: t, task: task, order: order, steps: steps, copyTargets: targets,
                                leader: order[0], copyNoise: noise, factors: &factors)
                nanos += DispatchTime.now().uptimeNanoseconds - start
                cpu += threadCPUSeconds() - cpuStart
                for f in factors where f != 1 { flagged += 1 }
            }
            detector.endEpoch()
        }
        return Result(checkedSubmissions: epochs * settings.tasksPerEpoch * miners.count, flaggedSubmissions: flagged,
                      seconds: cpu, wallSeconds: Double(nanos) / 1e9, bufferedSubmissions: detector.window.storedSubmissions,
                      retainedBytes: detector.window.retainedBytes)
    }

    /// CPU time of the calling thread.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
