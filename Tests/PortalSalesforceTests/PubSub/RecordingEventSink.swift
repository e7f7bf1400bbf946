import PortalSalesforce

/// A sink that stores replay ids as the application's would (each event's once it is handled, a
/// keepalive's), and can be told to fail.
actor RecordingEventSink: PlatformEventSink {
    struct Refusal: Error {}

    struct Rejection: Equatable {
        let topic: String
        let replayId: [UInt8]
        let fallback: ReplayFallback
    }

    private(set) var stored: [String: [UInt8]] = [:]
    private(set) var batches: [[ReceivedPlatformEvent]] = []
    private(set) var keepalives: [[UInt8]] = []
    private(set) var rejections: [Rejection] = []
    private(set) var storedReplayIdReads = 0
    /// Events with these ids fail, once each, after the events before them in the batch were handled.
    private var failing: Set<String> = []
    private var receiveDelay: Duration?

    init(stored: [String: [UInt8]] = [:]) {
        self.stored = stored
    }

    func failOnce(eventId: String) { failing.insert(eventId) }

    /// Each batch takes this long to handle.
    func delayReceive(by delay: Duration) { receiveDelay = delay }

    var events: [ReceivedPlatformEvent] { batches.flatMap { $0 } }

    func storedReplayId(topic: String) async throws -> [UInt8]? {
        storedReplayIdReads += 1
        return stored[topic]
    }

    func receive(_ events: [ReceivedPlatformEvent], topic: String) async throws {
        if let receiveDelay { try await Task.sleep(for: receiveDelay) }
        var handled: [ReceivedPlatformEvent] = []
        defer { if !handled.isEmpty { batches.append(handled) } }
        for event in events {
            if failing.remove(event.eventId) != nil { throw Refusal() }
            handled.append(event)
            stored[topic] = event.replayId
        }
    }

    func keepalive(latestReplayId: [UInt8], topic: String) async throws {
        keepalives.append(latestReplayId)
        stored[topic] = latestReplayId
    }

    func replayIdRejected(topic: String, replayId: [UInt8], fallback: ReplayFallback) async {
        rejections.append(Rejection(topic: topic, replayId: replayId, fallback: fallback))
    }
}
