import Foundation
import Synchronization

/// What the simulator saw of one Subscribe stream: how the client kept its requests topped up. Tests assert
/// on it that a subscriber never lets pending requests run out.
public struct PubSubStreamReport: Sendable, Equatable {
    public let id: UUID
    /// The topic of the first `FetchRequest`; nil until it arrived.
    public internal(set) var topic: String?
    public internal(set) var isOpen = true
    public internal(set) var eventsDelivered = 0
    public internal(set) var keepalivesSent = 0
    /// The `FetchRequest`s the simulator has taken in, the first one included.
    public internal(set) var fetchRequestsReceived = 0
    /// How often pending requests dropped to 0 after the first `FetchRequest` (a first request for 0 counts).
    public internal(set) var timesPendingReachedZero = 0
    /// The longest stretch with 0 requests pending after the first `FetchRequest`, the current one included.
    public internal(set) var longestAtZero: Duration = .zero
    /// Pending stayed at 0 until the idle timeout closed the stream: the client did not top up in time.
    public internal(set) var ranDry = false
    /// The stream's last wake-up found the silence fault set and sent nothing; from then on it delivers nothing
    /// until a wake-up finds the fault cleared.
    public internal(set) var isSilenced = false
    /// Why the stream ended (`client`, `idle`, `auth`, `unavailable`, `invalid`, `shutdown`); nil while open.
    public internal(set) var ending: String?

    init(id: UUID) {
        self.id = id
    }
}

/// The reports of the last 256 streams, oldest first.
final class PubSubStreamReports: Sendable {
    private let state = Mutex((order: [UUID](), reports: [UUID: PubSubStreamReport]()))

    func update(_ report: PubSubStreamReport) {
        state.withLock { state in
            if state.reports.updateValue(report, forKey: report.id) == nil {
                state.order.append(report.id)
                if state.order.count > 256 { state.reports[state.order.removeFirst()] = nil }
            }
        }
    }

    var all: [PubSubStreamReport] {
        state.withLock { state in state.order.compactMap { state.reports[$0] } }
    }
}
