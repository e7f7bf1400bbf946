import Foundation
import GRPCCore
import SalesforcePubSubAPI

/// One Subscribe stream's state, as Salesforce keeps it: the topic and replay position the first
/// `FetchRequest` chose, the requests pending (at most 100, more silently capped), when the stream last
/// sent something and since when nothing has been pending, and the report tests read.
struct PubSubSubscription {
    static let maximumPending = 100

    private(set) var topic: String?
    /// The replay id of the last event delivered (or the starting point): delivery continues after it.
    private(set) var cursor: UInt64 = 0
    private(set) var pending = 0
    private(set) var lastSentAt: ContinuousClock.Instant
    /// Since when nothing is pending; nil while something is.
    private(set) var idleSince: ContinuousClock.Instant?
    /// Since when nothing is pending, counted from the first request on, for the report.
    private var zeroSince: ContinuousClock.Instant?
    private(set) var report: PubSubStreamReport

    init(id: UUID, openedAt: ContinuousClock.Instant) {
        lastSentAt = openedAt
        idleSince = openedAt
        report = PubSubStreamReport(id: id)
    }

    /// Takes one `FetchRequest`: the first chooses the topic and where replay starts, every one adds to the
    /// requests pending.
    mutating func apply(_ request: Eventbus_V1_FetchRequest, bus: PubSubEventBus, retention: Duration, now: ContinuousClock.Instant) throws(RPCError)
    {
        if let topic {
            guard request.topicName.isEmpty || request.topicName == topic else { throw .topicMismatch(request.topicName) }
        } else {
            guard bus.topic(named: request.topicName) != nil else { throw .topicNotFound(request.topicName) }
            switch request.replayPreset {
            case .latest: cursor = bus.newestId(of: request.topicName)
            case .earliest: cursor = 0
            case .custom:
                guard let id = PubSubReplayId.counter(request.replayID),
                    bus.replayableIds(of: request.topicName, retention: retention)?.contains(id) == true
                else { throw .replayIdCorrupted }
                cursor = id
            case .UNRECOGNIZED(let value):
                throw .pubSub(.invalidArgument, "sfdc.platform.eventbus.grpc.subscription.fetch.preset.invalid", "Unknown replay preset \(value)")
            }
            topic = request.topicName
            report.topic = request.topicName
        }
        pending = min(Self.maximumPending, pending + max(0, Int(request.numRequested)))
        report.fetchRequestsReceived += 1
        if pending > 0 {
            idleSince = nil
            closeZeroStretch(now)
        } else {
            openZeroStretch(now)
        }
    }

    /// The retained events to send now: after the cursor, no more than pending; they count as delivered.
    mutating func takeDeliverable(bus: PubSubEventBus, retention: Duration, now: ContinuousClock.Instant) -> [PubSubEventBus.StoredEvent] {
        report.isSilenced = false
        guard let topic, pending > 0 else { return [] }
        let events = bus.events(of: topic, after: cursor, limit: pending, retention: retention)
        guard let last = events.last else { return [] }
        cursor = last.replayId
        pending -= events.count
        report.eventsDelivered += events.count
        lastSentAt = now
        if pending == 0 {
            idleSince = now
            openZeroStretch(now)
        }
        return events
    }

    /// Whether a keepalive is due: requests are pending and nothing was sent for `interval`.
    func needsKeepalive(interval: Duration, now: ContinuousClock.Instant) -> Bool {
        topic != nil && pending > 0 && now - lastSentAt >= interval
    }

    mutating func sentKeepalive(now: ContinuousClock.Instant) {
        lastSentAt = now
        report.keepalivesSent += 1
    }

    /// Whether nothing has been pending for `timeout`.
    func isIdle(timeout: Duration, now: ContinuousClock.Instant) -> Bool {
        idleSince.map { now - $0 >= timeout } ?? false
    }

    /// A silent stream sends nothing, idle closes included: its idle clock starts again when the silence ends.
    mutating func keepSilent(now: ContinuousClock.Instant) {
        report.isSilenced = true
        if idleSince != nil { idleSince = now }
        refreshZeroStretch(now)
    }

    /// Records the end of the stream.
    mutating func end(_ reason: String, ranDry: Bool = false, now: ContinuousClock.Instant) {
        refreshZeroStretch(now)
        report.isOpen = false
        report.ending = reason
        report.ranDry = ranDry
    }

    mutating func refreshZeroStretch(_ now: ContinuousClock.Instant) {
        if let zeroSince { report.longestAtZero = max(report.longestAtZero, now - zeroSince) }
    }

    private mutating func openZeroStretch(_ now: ContinuousClock.Instant) {
        guard zeroSince == nil else { return }
        zeroSince = now
        report.timesPendingReachedZero += 1
    }

    private mutating func closeZeroStretch(_ now: ContinuousClock.Instant) {
        refreshZeroStretch(now)
        zeroSince = nil
    }
}
