// SignatureBench: single-core signature verification throughput, and how much of it is libsodium.
//
//   swift run -c release SignatureBench [cpu-seconds-per-operation, default 4]
//
// Measured in one run, in interleaved 20 ms slices so that every operation sees the same machine
// load, with the thread's CPU-time clock (time spent descheduled on a shared machine is not counted):
//   raw    — the libsodium ristretto255 operations one sr25519 verification needs:
//            scalar_reduce(64) + scalarmult_base(s) + scalarmult(k, A) + sub(sB, kA)
//   sr     — Sr25519.verify(signature, message, publicKey) on raw bytes
//   doc    — SignedDocument.verify(text): parse, SS58 decode, hex, then sr25519 verify
//   ed     — ed25519 verification of the same message (libsodium crypto_sign_verify_detached)
//   merlin — the Swift transcript alone (Keccak/STROBE/Merlin for one verification)
// overhead = 1 − raw / total: the share of a verification spent outside libsodium's group operations.

import Signatures
import Sodium
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(never)
func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

/// CPU time of this thread: on a shared machine, time spent descheduled is not counted.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Accumulated CPU time and call count of one measured operation.
struct Tally {
    var seconds = 0.0
    var calls = 0
    var nanosecondsPerCall: Double { seconds / Double(calls) * 1e9 }

    /// Runs `body` in batches of 25 for about `slice` seconds of CPU time.
    mutating func run(slice: Double, _ body: () -> Bool) {
        let start = now()
        var elapsed = 0.0
        repeat {
            for _ in 0..<25 { precondition(body(), "a verification failed during the benchmark") }
            calls += 25
            elapsed = now() - start
        } while elapsed < slice
        seconds += elapsed
    }
}

/// `x` with `decimals` digits after the point (no Foundation needed).
func fixed(_ x: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let n = Int((abs(x) * scale).rounded())
    let whole = n / Int(scale)
    var frac = String(n % Int(scale))
    while frac.count < decimals { frac = "0" + frac }
    return (x < 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + frac : "")
}

func pad(_ s: String, _ width: Int = 50) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }

func fmt(_ ns: Double, unit: String = "verifications/s") -> String {
    let us = fixed(ns / 1000, 1) + " µs"
    let rate = fixed(1e9 / ns, 0) + " " + unit
    return String(repeating: " ", count: max(0, 10 - us.count)) + us + "   " + String(repeating: " ", count: max(0, 24 - rate.count)) + rate
}

/// Pins the process to CPU 0 so the figures are single-core figures. `sched_setaffinity` is a GNU
/// extension the Glibc module does not export, so it is looked up at run time.
func pinToFirstCPU() -> Bool {
    #if os(Linux)
    typealias SetAffinity = @convention(c) (Int32, Int, UnsafeRawPointer) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity") else { return false }
    let setAffinity = unsafeBitCast(symbol, to: SetAffinity.self)
    var mask = [UInt64](repeating: 0, count: 16) // a 1024-bit cpu_set_t
    mask[0] = 1
    return mask.withUnsafeBytes { setAffinity(0, $0.count, $0.baseAddress!) } == 0
    #else
    return false
    #endif
}
let pinned = pinToFirstCPU()

let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 4.0 : 4.0

// A validator document, as the service receives it.
let sr = Keypair.generate(cryptoType: .sr25519)
let ed = Keypair.generate(cryptoType: .ed25519)
let messageText = "reputation_request validator=\(sr.address) timestamp=2026-11-21T12:00:00Z"
let document = sr.sign(message: messageText)
let documentText = document.text
let signedLine = Array(document.signedLine.utf8)
let srSignature = document.signature
let edSignature = ed.sign(signedLine)
precondition(Sr25519.verify(signature: srSignature, message: signedLine, publicKey: sr.publicKey))
precondition((try? SignedDocument.verify(documentText)) != nil)
precondition(ed.verify(signature: edSignature, message: signedLine))

// The inputs of the raw libsodium operations, computed once as a verification computes them.
var transcript = MerlinTranscript(label: "SigningContext")
transcript.append("", bytes: Array("substrate".utf8))
transcript.append("sign-bytes", bytes: signedLine)
transcript.append("proto-name", bytes: Array("Schnorr-sig".utf8))
transcript.append("sign:pk", bytes: sr.publicKey)
transcript.append("sign:R", bytes: Array(srSignature[0..<32]))
let wideK = Bytes64(transcript.challengeBytes("sign:c", count: 64))!
var sBytes = Array(srSignature[32..<64])
sBytes[31] &= 0x7f
let s = Bytes32(sBytes)!
let a = Bytes32(sr.publicKey)!
let r = Bytes32(srSignature[0..<32])!
do {
    let k = Ristretto255.reduce(wideK)
    precondition(Ristretto255.subtract(Ristretto255.scalarMultiplyBase(s)!, Ristretto255.scalarMultiply(k, a)!) == r)
}

func rawOps() -> Bool {
    let k = Ristretto255.reduce(wideK)
    guard let sB = Ristretto255.scalarMultiplyBase(s), let kA = Ristretto255.scalarMultiply(k, a),
          let candidate = Ristretto255.subtract(sB, kA) else { return false }
    return candidate == r
}

func merlinOnly() -> Bool {
    var t = MerlinTranscript(label: "SigningContext")
    t.append("", bytes: Array("substrate".utf8))
    signedLine.withUnsafeBytes { t.append("sign-bytes", $0) }
    t.append("proto-name", bytes: Array("Schnorr-sig".utf8))
    sr.publicKey.withUnsafeBytes { t.append("sign:pk", $0) }
    srSignature.withUnsafeBytes { t.append("sign:R", UnsafeRawBufferPointer(rebasing: $0[0..<32])) }
    var out = Bytes64()
    out.withUnsafeMutableBytes { t.challengeBytes("sign:c", into: $0) }
    blackHole(out)
    return true
}

func parseOnly() -> Bool {
    guard let parsed = try? SignedDocument(parsing: documentText) else { return false }
    blackHole(parsed)
    return true
}

let slice = 0.02
let slices = max(1, Int(seconds / slice))
print("SignatureBench — libsodium \(Sodium.libraryVersion); \(slices) interleaved slices of \(Int(slice * 1000)) ms CPU time per operation; thread CPU time; pinned to CPU 0: \(pinned)")
print("message: \(signedLine.count) bytes; document: \(documentText.utf8.count) bytes")

var raw = Tally(), srv = Tally(), doc = Tally(), edv = Tally(), merlin = Tally(), parse = Tally()
for _ in 0..<slices {
    raw.run(slice: slice, rawOps)
    srv.run(slice: slice) { Sr25519.verify(signature: srSignature, message: signedLine, publicKey: sr.publicKey) }
    doc.run(slice: slice) { (try? SignedDocument.verify(documentText)) != nil }
    edv.run(slice: slice) { ed.verify(signature: edSignature, message: signedLine) }
    merlin.run(slice: slice / 4, merlinOnly)
    parse.run(slice: slice / 4, parseOnly)
}

let rawNs = raw.nanosecondsPerCall, srNs = srv.nanosecondsPerCall, docNs = doc.nanosecondsPerCall
print("")
print("single core, per call:")
print(pad("libsodium ristretto255 ops of one verification") + fmt(rawNs))
print(pad("sr25519 verify (bytes)") + fmt(srNs) + "   overhead " + fixed((1 - rawNs / srNs) * 100, 1) + "%")
print(pad("sr25519 verify (whole signed document)") + fmt(docNs) + "   overhead " + fixed((1 - rawNs / docNs) * 100, 1) + "%")
print(pad("  Swift part: Merlin transcript") + fmt(merlin.nanosecondsPerCall, unit: "transcripts/s"))
print(pad("  Swift part: document parse + SS58 + hex") + fmt(parse.nanosecondsPerCall, unit: "parses/s"))
print(pad("ed25519 verify (bytes)") + fmt(edv.nanosecondsPerCall))
