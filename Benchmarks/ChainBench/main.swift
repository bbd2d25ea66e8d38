// ChainBench: time one `yuma` epoch (fixed and float) on dense and sparse subnets, and, when given
// the figures of yuma-simulation's Yuma 2 on the same inputs (yuma_sim_bench.py), print the ratios.
//
//   swift build -c release --product ChainBench && .build/release/ChainBench [--reference FILE] [--cpu-time] [--shape 256x4096[:0.01]]
//
// Inputs are deterministic and identical to the Python driver's: N UIDs, the first V are validators
// with stake s_i = 1000 + (7919·i mod 10007); validator i weights UID j ≠ i with
// w_ij = (2654435761·i + 40503·j + 12345) mod 65536 (a density d keeps the cells with
// (i·31 + j·17) mod 1000 < 1000·d).
import Chain
import Foundation
import ScoringCore

struct Shape {
    var validators: Int
    var uids: Int
    var density: Double
}

extension Shape {
    /// `VxN` (dense) or `VxN:density`, as `--profile` and `--summary` take it.
    init(_ spec: String) {
        let parts = spec.split(separator: ":")
        let dims = parts[0].split(separator: "x").compactMap { Int($0) }
        self.init(validators: dims[0], uids: dims[1], density: parts.count > 1 ? Double(parts[1]) ?? 1 : 1)
    }
}

func weight(_ i: Int, _ j: Int) -> UInt16 { UInt16((2_654_435_761 &* i &+ 40_503 &* j &+ 12_345) % 65_536) }
func stake(_ i: Int) -> Double { Double(1000 + (7919 * i) % 10_007) }

func makeInput(_ s: Shape, block: UInt64) -> ChainEpochInput {
    let n = s.uids
    var rows: [[SparseMatrix<UInt16>.Entry]] = Array(repeating: [], count: n)
    let keep = Int(s.density * 1000)
    for i in 0..<s.validators {
        rows[i].reserveCapacity(Int(Double(n) * s.density) + 1)
        for j in 0..<n where j != i && (i * 31 + j * 17) % 1000 < keep {
            rows[i].append(.init(column: j, value: weight(i, j)))
        }
    }
    let stakes = (0..<n).map { $0 < s.validators ? stake($0) : 0 }
    return ChainEpochInput(block: block, stakes: stakes, weights: SparseMatrix(rows: rows),
                           validatorPermits: (0..<n).map { $0 < s.validators },
                           lastUpdate: Array(repeating: block - 1, count: n), registeredAt: Array(repeating: 0, count: n),
                           emission: 1_000_000_000)
}

/// This thread's CPU time in milliseconds (time spent waiting for a core on a loaded machine excluded).
func threadCPUms() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
}

/// Median milliseconds per epoch over `reps` epochs carrying bonds (after `warm` warm-up epochs):
/// wall-clock time, or this thread's CPU time with `--cpu-time`.
func time(_ m: Yuma, _ input: ChainEpochInput, reps: Int, warm: Int = 2, cpuTime: Bool) throws -> Double {
    var state = ChainState.initial(uidCount: input.uidCount)
    for _ in 0..<warm { state = try m.epoch(input, state: state).state }
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<reps {
        let start = clock.now, cpu0 = threadCPUms()
        state = try m.epoch(input, state: state).state
        let d = clock.now - start, cpu = threadCPUms() - cpu0
        samples.append(cpuTime ? cpu : Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15)
    }
    return samples.sorted()[samples.count / 2]
}

var referencePath: String?
var cpuTime = false
var only: [String] = []
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--reference" { referencePath = args.popFirst() }
    if a == "--cpu-time" { cpuTime = true }
    // --shape 256x4096 (every density of that shape) or 256x4096:0.01 (one); repeatable.
    if a == "--shape", let v = args.popFirst() { only.append(v) }
}
// Reference lines: "<V>x<N> <milliseconds per epoch>" from yuma_sim_bench.py.
var reference: [String: Double] = [:]
if let path = referencePath, let text = try? String(contentsOfFile: path, encoding: .utf8) {
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count >= 2, let v = Double(parts[1]) { reference[String(parts[0])] = v }
    }
}

var h = YumaHyperparameters()
h.maxAllowedValidators = 4096
let fixed = Yuma(hyperparameters: h, arithmetic: .fixed)
let float = Yuma(hyperparameters: h, arithmetic: .float)

// `ChainBench --profile float|fixed VxN[:DENSITY] EPOCHS`: that many epochs of one arithmetic only, for perf.
if let at = CommandLine.arguments.firstIndex(of: "--profile"), CommandLine.arguments.count > at + 3 {
    let a = CommandLine.arguments
    let input = makeInput(Shape(a[at + 2]), block: 1000)
    let m = a[at + 1] == "fixed" ? fixed : float
    var state = ChainState.initial(uidCount: input.uidCount)
    let start = threadCPUms()
    for _ in 0..<(Int(a[at + 3]) ?? 100) { state = try m.epoch(input, state: state).state }
    print(String(format: "%@ %@: %.4f ms CPU per epoch", a[at + 1], a[at + 2], (threadCPUms() - start) / Double(Int(a[at + 3]) ?? 100)))
    exit(0)
}
// `ChainBench --summary VxN`: the first consensus and dividend values of `float` after four epochs
// (EPOCHS=k: k), in DenseFloor's format (Benchmarks/DenseFloor), to show that the floor times the same epoch.
if let at = CommandLine.arguments.firstIndex(of: "--summary"), CommandLine.arguments.count > at + 1 {
    let input = makeInput(Shape(CommandLine.arguments[at + 1]), block: 1000)
    var state = ChainState.initial(uidCount: input.uidCount)
    var result: ChainEpochResult?
    for _ in 0..<(Int(ProcessInfo.processInfo.environment["EPOCHS"] ?? "4") ?? 4) {
        result = try float.epoch(input, state: state)
        state = result!.state
    }
    let show = { (x: [Double]) in x.prefix(4).map { String(format: "%.12f", $0) }.joined(separator: " ") }
    print("consensus[0..<4] \(show(result!.consensus))")
    print("dividends[0..<4] \(show(result!.dividends))")
    exit(0)
}
// `ChainBench --digest`: a hash of every output of four epochs per shape and arithmetic (ranks to
// stored bonds and the carried state), to check that a speed change leaves the results' bits alone.
if CommandLine.arguments.contains("--digest") {
    func mix(_ h: inout UInt64, _ x: UInt64) { h = (h ^ x) &* 0x100_0000_01b3 }
    for s in [Shape(validators: 64, uids: 256, density: 1), Shape(validators: 256, uids: 4096, density: 1),
              Shape(validators: 256, uids: 4096, density: 0.1), Shape(validators: 256, uids: 4096, density: 0.01)] {
        for (name, m) in [("fixed", fixed), ("float", float)] {
            let input = makeInput(s, block: 1000)
            var state = ChainState.initial(uidCount: input.uidCount)
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for _ in 0..<4 {
                let r = try m.epoch(input, state: state)
                for v in [r.ranks, r.trust, r.consensus, r.incentive, r.validatorTrust, r.dividends,
                          r.serverEmission, r.validatorEmission] { for x in v { mix(&h, x.bitPattern) } }
                for x in r.stored.bonds.values { mix(&h, UInt64(x)) }
                for x in r.stored.bonds.columnIndices { mix(&h, UInt64(UInt32(bitPattern: x))) }
                for x in r.state.bonds.values { mix(&h, x.bitPattern) }
                state = r.state
            }
            print("\(s.validators)x\(s.uids) d=\(s.density) \(name): 0x\(String(h, radix: 16))")
        }
    }
    exit(0)
}
print("ChainBench: one yuma epoch (Yuma 2 bonds, chain defaults), median ms per epoch, 1 thread, \(cpuTime ? "thread CPU time" : "wall clock")")
print("shape                 non-zeros     fixed ms   float ms   target (fixed / float)   yuma-sim Yuma 2 ms   float speed-up   target")
for s in [Shape(validators: 64, uids: 256, density: 1), Shape(validators: 256, uids: 4096, density: 1),
          Shape(validators: 256, uids: 4096, density: 0.1), Shape(validators: 256, uids: 4096, density: 0.01)]
    where only.isEmpty || only.contains("\(s.validators)x\(s.uids)") || only.contains("\(s.validators)x\(s.uids):\(s.density)") {
    let input = makeInput(s, block: 1000)
    let reps = s.uids >= 4096 && s.density == 1 ? 15 : 40
    // Interleave fixed and float so a noisy neighbour hits both alike.
    var fx: [Double] = [], fl: [Double] = []
    for _ in 0..<3 {
        fx.append(try time(fixed, input, reps: reps / 3 + 1, cpuTime: cpuTime))
        fl.append(try time(float, input, reps: reps / 3 + 1, cpuTime: cpuTime))
    }
    let f = fx.min()!, g = fl.min()!
    let key = "\(s.validators)x\(s.uids)"
    let dense = s.density == 1
    let target = dense ? (s.uids >= 4096 ? "≤ 25 / ≤ 6" : "—") : "∝ non-zeros"
    var refText = "—", ratioText = "—", ratioTarget = "—"
    if dense, let r = reference[key] {
        refText = String(format: "%.3f", r)
        ratioText = String(format: "%.1f×", r / g)
        ratioTarget = s.uids >= 4096 ? "≥ 10×" : "≥ 30×"
    }
    let name = "\(key) d=\(s.density)"
    print(name.padding(toLength: 22, withPad: " ", startingAt: 0),
          String(input.weights.nonZeroCount).padding(toLength: 13, withPad: " ", startingAt: 0),
          String(format: "%8.3f   %8.3f", f, g), "  ", target.padding(toLength: 24, withPad: " ", startingAt: 0),
          refText.padding(toLength: 20, withPad: " ", startingAt: 0), ratioText.padding(toLength: 16, withPad: " ", startingAt: 0), ratioTarget)
}
