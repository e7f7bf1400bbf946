import Foundation

/// A moment in time with millisecond precision, encoded as RFC 3339 in UTC (`2024-01-15T10:30:00Z`,
/// with `.123` when the milliseconds are not zero).
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, TextCodable {
    public let millisecondsSinceEpoch: Int64

    /// 0001-01-01T00:00:00Z through 9999-12-31T23:59:59.999Z: what RFC 3339 text can say.
    public static let representable: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

    /// Nil outside `representable`.
    public init?(millisecondsSinceEpoch: Int64) {
        guard Self.representable.contains(millisecondsSinceEpoch) else { return nil }
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Parses an instant that carries its offset: RFC 3339 (`Z`, `+09:00`) and Salesforce's
    /// `2024-01-15T10:30:00.000+0000`. Nil when the offset carries it outside years 1–9999 in UTC.
    public init?(_ text: some StringProtocol) {
        guard let parts = DateTimeText(text), let offset = parts.offsetSeconds else { return nil }
        self.init(parts, offsetSeconds: offset)
    }

    /// Parses a date-time that may lack an offset (WHMCS sends `2024-01-15 10:30:00` in its server's zone);
    /// a missing offset is taken from `timeZone`.
    public init?(_ text: some StringProtocol, assumingZone timeZone: TimeZone) {
        guard let parts = DateTimeText(text) else { return nil }
        if let offset = parts.offsetSeconds {
            self.init(parts, offsetSeconds: offset)
            return
        }
        let asIfUTC = parts.secondsSinceEpoch(offsetSeconds: 0)
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(asIfUTC)))
        let corrected = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(asIfUTC - Int64(offset))))
        self.init(parts, offsetSeconds: corrected)
    }

    private init?(_ parts: DateTimeText, offsetSeconds: Int) {
        self.init(millisecondsSinceEpoch: parts.secondsSinceEpoch(offsetSeconds: offsetSeconds) * 1000 + Int64(parts.milliseconds))
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public var description: String {
        let totalSeconds = millisecondsSinceEpoch.floorDivided(by: 1000)
        let milliseconds = Int(millisecondsSinceEpoch - totalSeconds * 1000)
        let days = Int(totalSeconds.floorDivided(by: 86_400))
        let secondOfDay = Int(totalSeconds - Int64(days) * 86_400)
        let date = LocalDate(daysSinceEpoch: days).map(\.description) ?? "0000-01-01"
        var text =
            date + "T" + LocalDate.padded(secondOfDay / 3600, 2) + ":" + LocalDate.padded(secondOfDay / 60 % 60, 2)
            + ":" + LocalDate.padded(secondOfDay % 60, 2)
        if milliseconds != 0 { text += "." + LocalDate.padded(milliseconds, 3) }
        return text + "Z"
    }

    static let expectedText = "an RFC 3339 instant"

    init?(encodedText text: String) {
        self.init(text)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// The pieces of `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`.
private struct DateTimeText {
    let date: LocalDate
    let secondOfDay: Int
    let milliseconds: Int
    let offsetSeconds: Int?

    init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, let date = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = LocalDate.number(bytes[11..<13]), let minute = LocalDate.number(bytes[14..<16]),
            let second = LocalDate.number(bytes[17..<19]),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var milliseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digitCount = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if digitCount < 3 { milliseconds = milliseconds * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                digitCount += 1
                index += 1
            }
            guard digitCount > 0 else { return nil }
            for _ in digitCount..<max(digitCount, 3) { milliseconds *= 10 }
        }
        var offset: Int?
        if index < bytes.count {
            let marker = bytes[index]
            if marker == UInt8(ascii: "Z") || marker == UInt8(ascii: "z") {
                guard index + 1 == bytes.count else { return nil }
                offset = 0
            } else if marker == UInt8(ascii: "+") || marker == UInt8(ascii: "-") {
                let rest = bytes[(index + 1)...]
                let digits: ArraySlice<UInt8>
                if rest.count == 5, rest[rest.startIndex + 2] == UInt8(ascii: ":") {
                    digits = rest.prefix(2) + rest.suffix(2)
                } else if rest.count == 4 {
                    digits = rest
                } else {
                    return nil
                }
                guard let hours = LocalDate.number(digits.prefix(2)), let minutes = LocalDate.number(digits.suffix(2)),
                    hours < 24, minutes < 60
                else { return nil }
                let magnitude = hours * 3600 + minutes * 60
                offset = marker == UInt8(ascii: "-") ? -magnitude : magnitude
            } else {
                return nil
            }
        }
        self.date = date
        self.secondOfDay = hour * 3600 + minute * 60 + min(second, 59)
        self.milliseconds = milliseconds
        self.offsetSeconds = offset
    }

    func secondsSinceEpoch(offsetSeconds: Int) -> Int64 {
        Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay) - Int64(offsetSeconds)
    }
}
