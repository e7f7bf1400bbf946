import Domain
import Foundation
import PortalUpstream

/// The clock the application services read, injected so that tests can set it.
public struct ApplicationClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Today's date in Japan, which Freebit's traffic figures and order dates are relative to.
    public func today() -> LocalDate { JapanDate.today(now: now()) }
}
