// The "{local date-time} {time zone}" stamp at the start of a signed document.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time stamp a signed document starts with: `On {dateTime} {timeZone} …`.
///
/// Python's `sign_message` writes `str(datetime.now())` (`2026-11-21 12:00:00.123456`, without
/// the fraction when it is zero) and the local zone abbreviation (`UTC`, `CST`). The parser also
/// accepts a date without a time.
public struct DocumentTimestamp: Sendable, Hashable {
    /// The local date and time, such as `2026-11-21 12:00:00.123456`.
    public let dateTime: String
    /// The time zone name, such as `UTC`. Never empty and never contains a space.
    public let timeZone: String

    /// Creates a stamp from its two parts.
    ///
    /// - Precondition: `timeZone` is non-empty and has no whitespace; `dateTime` is non-empty.
    public init(dateTime: String, timeZone: String) {
        precondition(!dateTime.isEmpty, "empty document date-time")
        precondition(!timeZone.isEmpty && !timeZone.contains(where: \.isWhitespace), "time zone name must be one word")
        self.dateTime = dateTime
        self.timeZone = timeZone
    }

    /// The current local time, formatted as Python's `str(datetime.now())`, with the zone abbreviation.
    public static func now() -> DocumentTimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &parts)
        var dateTime = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let micros = Int(ts.tv_nsec / 1000)
        if micros != 0 {
            let digits = String(micros)
            dateTime += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        let z = strftime(&buffer, buffer.count, "%Z", &parts)
        var zone = String(decoding: buffer[0..<z].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        zone.removeAll(where: \.isWhitespace)
        return DocumentTimestamp(dateTime: dateTime, timeZone: zone.isEmpty ? "UTC" : zone)
    }
}
