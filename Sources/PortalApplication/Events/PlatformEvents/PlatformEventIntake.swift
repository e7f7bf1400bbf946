import Domain
import Foundation
import Logging
import Metrics
import PortalCache
import PortalSalesforce

/// What the BFF does with each Salesforce Platform Event from the Pub/Sub stream: reads its Avro payload
/// with the schema it names, queues the order it asks to provision (once, whatever is redelivered), and
/// only then records its replay id, so a crash at any point replays the event rather than losing it. An
/// event that cannot be read is dead-lettered with its replay id and skipped: it never stops the stream.
public struct PlatformEventIntake: PlatformEventSink {
    /// This instance no longer holds the subscriber lease: it must stop, and not move the replay position.
    public struct LeaseLost: Error, Sendable {}

    let queue: ProvisioningQueue
    let replayIds: ReplayIdStore
    let records: PlatformEventRecords
    let holder: String
    let fields: PlatformEventFields
    let schemas = PlatformEventSchemas()
    let metrics: PlatformEventMetrics
    let clock: ApplicationClock
    let logger: Logger

    /// The replay id a new subscription to `topic` resumes after; nil the first time.
    public func storedReplayId(topic: String) async throws -> [UInt8]? {
        try await replayIds.replayId(topic: topic)
    }

    /// Handles each event of a batch in order; returns once every one is queued or dead-lettered and its
    /// replay id stored.
    public func receive(_ events: [ReceivedPlatformEvent], topic: String) async throws {
        for event in events { try await handle(event, topic: topic) }
    }

    /// A keepalive's latest replay id: stored, since every event before it has been handled.
    public func keepalive(latestReplayId: [UInt8], topic: String) async throws {
        guard !latestReplayId.isEmpty else { return }
        try await storeReplayId(latestReplayId, topic: topic)
    }

    /// Salesforce refused the stored replay id (expired or corrupted): recorded for an operator to
    /// reconcile the events between it and where the stream resumes (`fallback`).
    public func replayIdRejected(topic: String, replayId: [UInt8], fallback: ReplayFallback) async {
        metrics.gaps.increment()
        logger.error(
            "Salesforce refused the stored replay id; resuming from \(fallback.rawValue), events in between may be missed: reconcile them",
            metadata: ["topic": .string(topic), "replayId": .string(Data(replayId).base64EncodedString())]
        )
        do {
            try await records.recordGap(topic: topic, refusedReplayId: replayId, fallback: fallback.rawValue, at: clock.now())
        } catch {
            logger.error("the replay gap could not be recorded in Redis", metadata: ["topic": .string(topic), "error": "\(error)"])
        }
    }

    private func handle(_ event: ReceivedPlatformEvent, topic: String) async throws {
        let request: OrderProvisionRequest
        do throws(MappingError) {
            let schema = try schemas.schema(id: event.schemaId, json: event.schemaJSON)
            request = try Providers.Salesforce.provisionRequest(fromAvro: event.payload, schema: schema, fields: fields)
        } catch {
            try await deadLetter(event, topic: topic, reason: error)
            return
        }
        let queued = try await queue.enqueue(
            orderId: request.orderId.value,
            accountId: nil,
            idempotencyKey: request.idempotencyKey ?? "event:\(event.eventId)"
        )
        (queued ? metrics.queued : metrics.duplicates).increment()
        let lagMilliseconds = Int64(clock.now().timeIntervalSince1970 * 1000) - request.createdAt.millisecondsSinceEpoch
        metrics.lag.recordNanoseconds(max(0, lagMilliseconds) * 1_000_000)
        logger.info(
            queued ? "queued the order a platform event asks to provision" : "platform event for an order already queued: ignored",
            metadata: ["topic": .string(topic), "orderId": .string(request.orderId.value), "eventId": .string(event.eventId)]
        )
        try await storeReplayId(event.replayId, topic: topic)
    }

    private func deadLetter(_ event: ReceivedPlatformEvent, topic: String, reason: MappingError) async throws {
        metrics.deadLettered[reason.reason]?.increment()
        logger.error(
            "a platform event could not be read: dead-lettered and skipped",
            metadata: ["topic": .string(topic), "eventId": .string(event.eventId), "schemaId": .string(event.schemaId), "reason": "\(reason)"]
        )
        let letter = PlatformEventRecords.DeadLetter(
            topic: topic,
            eventId: event.eventId,
            schemaId: event.schemaId,
            replayId: event.replayId,
            reason: reason.description,
            payload: event.payload
        )
        try await records.deadLetter(letter, at: clock.now())
        try await storeReplayId(event.replayId, topic: topic)
    }

    private func storeReplayId(_ replayId: [UInt8], topic: String) async throws {
        guard try await replayIds.store(replayId, topic: topic, holder: holder) else { throw LeaseLost() }
    }
}
