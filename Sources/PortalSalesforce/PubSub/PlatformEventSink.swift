/// What the subscriber hands its events to: the application layer's durable intake and replay-id store.
public protocol PlatformEventSink: Sendable {
    /// The replay id to resume `topic` after, or nil to start with new events (LATEST).
    func storedReplayId(topic: String) async throws -> [UInt8]?

    /// Handles a batch in order and returns only once each event is durably handled and its replay id
    /// stored. Throwing tears the stream down; it is subscribed again from `storedReplayId` after a backoff.
    func receive(_ events: [ReceivedPlatformEvent], topic: String) async throws

    /// An empty response: nothing of this subscriber is in flight, so `latestReplayId` may be stored.
    /// A failure here is logged and the stream goes on.
    func keepalive(latestReplayId: [UInt8], topic: String) async throws

    /// Salesforce refused `replayId` as expired or corrupted; the stream resumes from `fallback`. The sink
    /// records the gap for an operator to reconcile.
    func replayIdRejected(topic: String, replayId: [UInt8], fallback: ReplayFallback) async
}
