// Merlin transcripts (merlin.cool) over STROBE-128.

/// A Merlin transcript: a Fiat–Shamir transcript built on ``Strobe128``.
///
/// Labels are `StaticString`s so that the hot path (sr25519 verification) allocates nothing.
/// A transcript is a value: copying it forks it, which signing uses to derive nonces.
///
/// ```swift
/// var t = MerlinTranscript(label: "test protocol")
/// t.append("some label", bytes: Array("some data".utf8))
/// let c = t.challengeBytes("challenge", count: 32)
/// ```
public struct MerlinTranscript: Sendable {
    @usableFromInline var strobe: Strobe128

    /// Starts a transcript: STROBE-128 with protocol label `Merlin v1.0`, then `dom-sep` = `label`.
    public init(label: StaticString) {
        strobe = Self.withBytes("Merlin v1.0") { Strobe128(protocolLabel: $0) }
        Self.withBytes(label) { append("dom-sep", $0) }
    }

    /// Starts a transcript with a run-time label.
    public init(label: [UInt8]) {
        strobe = Self.withBytes("Merlin v1.0") { Strobe128(protocolLabel: $0) }
        label.withUnsafeBytes { append("dom-sep", $0) }
    }

    /// Appends `message` under `label`: `meta-AD(label)`, `meta-AD(u32le(len), more)`, `AD(message)`.
    @inlinable
    public mutating func append(_ label: StaticString, _ message: UnsafeRawBufferPointer) {
        precondition(message.count <= Int(UInt32.max), "Merlin message longer than 2^32 - 1 bytes")
        Self.withBytes(label) { strobe.metaAD($0, more: false) }
        var length = UInt32(truncatingIfNeeded: message.count).littleEndian
        Swift.withUnsafeBytes(of: &length) { strobe.metaAD($0, more: true) }
        strobe.ad(message, more: false)
    }

    /// Appends `bytes` under `label`.
    @inlinable
    public mutating func append(_ label: StaticString, bytes: [UInt8]) {
        bytes.withUnsafeBytes { append(label, $0) }
    }

    /// Appends the UTF-8 bytes of `label` as a run-time label (for the empty label and tests).
    public mutating func append(label: [UInt8], bytes: [UInt8]) {
        label.withUnsafeBytes { strobe.metaAD($0, more: false) }
        var length = UInt32(truncatingIfNeeded: bytes.count).littleEndian
        Swift.withUnsafeBytes(of: &length) { strobe.metaAD($0, more: true) }
        bytes.withUnsafeBytes { strobe.ad($0, more: false) }
    }

    /// Fills `output` with challenge bytes under `label`: `meta-AD(label)`, `meta-AD(u32le(n), more)`, `PRF(n)`.
    @inlinable
    public mutating func challengeBytes(_ label: StaticString, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count <= Int(UInt32.max), "Merlin challenge longer than 2^32 - 1 bytes")
        Self.withBytes(label) { strobe.metaAD($0, more: false) }
        var length = UInt32(truncatingIfNeeded: output.count).littleEndian
        Swift.withUnsafeBytes(of: &length) { strobe.metaAD($0, more: true) }
        strobe.prf(into: output, more: false)
    }

    /// Returns `count` challenge bytes under `label`.
    public mutating func challengeBytes(_ label: StaticString, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { challengeBytes(label, into: $0) }
        return out
    }

    /// Zeroes the transcript state (for transcripts that absorbed secrets).
    public mutating func wipe() { strobe.wipe() }

    @inlinable
    static func withBytes<R>(_ label: StaticString, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if label.hasPointerRepresentation {
            return body(UnsafeRawBufferPointer(start: label.utf8Start, count: label.utf8CodeUnitCount))
        }
        return label.withUTF8Buffer { body(UnsafeRawBufferPointer($0)) }
    }
}
