import Foundation

/// A fixed set of threads running blocking file-system jobs (writes, fsyncs), each job on the first
/// idle thread, in submission order.
///
/// A job may block in the kernel for milliseconds: here that delays no request handling (the Swift
/// concurrency pool has one thread per core), and up to `count` jobs can be blocked at once — unlike a
/// concurrent `DispatchQueue`, whose width on Linux is the core count. So every connection's write can
/// have its fsync in flight together with the others', and the device merges their flushes.
///
/// The threads live as long as the process; create one shared instance, not one per use.
///
/// `@unchecked Sendable`: `jobs` and `head` are read and written only while `condition` is locked.
final class WorkerThreads: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    /// Index of the next job to run in `jobs` (taken jobs are dropped in bulk, not one at a time).
    private var head = 0
    let count: Int

    init(count: Int, name: String) {
        precondition(count > 0, "WorkerThreads needs at least one thread")
        self.count = count
        for k in 0..<count {
            let thread = Thread { [self] in run() }
            thread.name = "\(name)-\(k)"
            thread.start()
        }
    }

    /// Queues `job`; an idle thread runs it (or the first thread to become idle).
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}
