import Domain
import Foundation

/// Today's date in Japan (UTC+9, no daylight saving), the date Freebit's figures and the portal's date
/// defaults are relative to.
public enum JapanDate {
    public static func today(now: Date = Date()) -> LocalDate {
        let days = Int(((now.timeIntervalSince1970 + 9 * 3600) / 86_400).rounded(.down))
        guard let date = LocalDate(daysSinceEpoch: days) else { preconditionFailure("the system clock is outside years 1-9999") }
        return date
    }
}
