import Foundation

/// Draws a run's epochs ahead of their scoring, on a thread of its own, so one run uses two cores.
///
/// The producer thread makes each epoch's ``EpochDraws`` — its tasks, every submission's validators
/// and their noise, and the dimensions of the honest miners in `producerMiners`, whose submissions
/// it also scores (``SubmissionScorer``) — into a ring of slots; the run's own thread takes them in
/// epoch order, draws and scores the remaining honest miners
/// (``EpochEngine/runEpoch(_:draws:ownMiners:)``), completes and settles the epoch and gives the
/// slot back. Every
/// generator is advanced by exactly one thread, in the same order as in a single-threaded run, so
/// the results are identical bit for bit whatever the timing (`PipelineTests` checks it).
///
/// Waiting is batched: a side that has to wait sleeps until the other is half a ring ahead (or
/// done), so the threads meet rarely instead of once per epoch. Memory is the fixed ring.
/// ``stop()`` must be called before the engine goes away (it joins the producer); it is safe after
/// an error, in any state.
///
/// `@unchecked Sendable`: the counters are read and written only under `condition` (`work` by the
/// producer alone until it finishes, then read under the lock); a slot is
/// written by the producer only while `index - consumed < slots.count` and read by the consumer
/// only once `produced > index`, both established under the lock.
final class DrawPipeline<R: NormalNoiseSource>: @unchecked Sendable {
    private let drawer: EpochDrawer<R>
    private let scorer: SubmissionScorer
    private let slots: [EpochDraws]
    private let hysteresis: Int
    // The current segment (set by ``start(epochs:producerMiners:)`` before the thread starts).
    private var firstEpoch = 1
    private var count = 0
    /// The honest miners the producer draws; the consumer draws `0 ..< producerMiners.lowerBound`.
    private(set) var producerMiners: Range<Int> = 0..<0

    private let condition = NSCondition()
    private var produced = 0
    private var consumed = 0
    private var cancelled = false
    private var finished = true
    /// What a sleeping side waits for (`Int.max`: not sleeping).
    private var consumerNeeds = Int.max
    private var producerNeeds = Int.max
    /// The producer's busy time (all of it, and drawing and scoring its miners), for rebalancing.
    struct Work: Sendable {
        var totalNanos: UInt64 = 0
        var minerNanos: UInt64 = 0
        /// The producer thread's CPU time over the segment.
        var cpuNanos: UInt64 = 0
    }
    private var work = Work()

    /// - Parameter slotCount: epochs the producer may run ahead (≥ 2).
    init(drawer: EpochDrawer<R>, scorer: SubmissionScorer, slotCount: Int, taskCapacity: Int) {
        self.drawer = drawer
        self.scorer = scorer
        let n = max(2, slotCount)
        slots = (0..<n).map { _ in EpochDraws(minerCount: drawer.minerCount, taskCapacity: taskCapacity, k: drawer.k) }
        hysteresis = max(1, n / 2)
    }

    /// Starts a producer thread for `epochs` (consecutive epochs of the run; the `index`-th is
    /// ``draws(_:)``'s `index`), drawing `producerMiners`. The previous segment must be stopped.
    func start(epochs: ClosedRange<Int>, producerMiners: Range<Int>) {
        condition.lock()
        firstEpoch = epochs.lowerBound
        count = epochs.count
        self.producerMiners = producerMiners
        produced = 0
        consumed = 0
        cancelled = false
        finished = false
        work = Work()
        condition.unlock()
        let thread = Thread { [self] in produce() }
        thread.name = "simulation-draws"
        thread.start()
    }

    private func produce() {
        let cpuStart = threadCPUNanos()
        var index = 0
        condition.lock()
        while index < count && !cancelled {
            if index - consumed >= slots.count {
                // Ring full: sleep until half of it is free again.
                producerNeeds = index - slots.count + 1 + min(hysteresis, slots.count - 1)
                while !cancelled && consumed < producerNeeds { condition.wait() }
                producerNeeds = .max
                if cancelled { break }
            }
            condition.unlock()
            let draws = slots[index % slots.count]
            let start = DispatchTime.now().uptimeNanoseconds
            drawer.drawShared(epoch: firstEpoch + index, into: draws)
            let shared = DispatchTime.now().uptimeNanoseconds
            drawer.drawMiners(producerMiners, into: draws)
            scorer.score(producerMiners, draws: draws)
            let end = DispatchTime.now().uptimeNanoseconds
            work.totalNanos += end - start
            work.minerNanos += end - shared
            condition.lock()
            index += 1
            produced = index
            if produced >= consumerNeeds { condition.broadcast() }
        }
        work.cpuNanos = threadCPUNanos() - cpuStart
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The draws of the `index`-th epoch of the run (from 0); waits for them if needed. Hand the slot
    /// back with ``release(_:)`` before asking for epoch `index + slotCount`.
    func draws(_ index: Int) -> EpochDraws {
        condition.lock()
        if produced <= index {
            consumerNeeds = min(index + hysteresis, count)
            while produced <= index && !finished { condition.wait() }
            consumerNeeds = .max
        }
        precondition(produced > index, "draw pipeline ended before epoch #\(index)")
        condition.unlock()
        return slots[index % slots.count]
    }

    /// The consumer is done with the `index`-th epoch's slot.
    func release(_ index: Int) {
        condition.lock()
        consumed = index + 1
        if consumed >= producerNeeds { condition.broadcast() }
        condition.unlock()
    }

    /// Stops the producer (if it is still running), waits for its thread to end, and returns its
    /// busy time.
    @discardableResult
    func stop() -> Work {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        let result = work
        condition.unlock()
        return result
    }
}

/// The calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), in nanoseconds.
func threadCPUNanos() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}
