import Foundation
import PortalRedis

extension PlatformEventRecords {
    /// A dead letter as kept: the replay id and payload in base64, as stored.
    public struct KeptDeadLetter: Sendable, Equatable, Encodable {
        public var entryId: String
        public var topic: String
        public var eventId: String
        public var schemaId: String
        public var replayId: String
        public var reason: String
        public var payload: String
        public var at: Date?
    }

    /// A replay gap as kept: the refused replay id in base64 and where the stream resumed instead.
    public struct KeptGap: Sendable, Equatable, Encodable {
        public var entryId: String
        public var topic: String
        public var refusedReplayId: String
        public var fallback: String
        public var at: Date?
    }

    /// The newest `limit` dead letters, newest first.
    public func keptDeadLetters(limit: Int) async throws(RedisError) -> [KeptDeadLetter] {
        try await StreamEntry.newest(limit, of: deadLetters, redis: redis).map { entry in
            let fields = entry.fields
            return KeptDeadLetter(
                entryId: entry.id,
                topic: fields["topic"] ?? "",
                eventId: fields["eventId"] ?? "",
                schemaId: fields["schemaId"] ?? "",
                replayId: fields["replayId"] ?? "",
                reason: fields["reason"] ?? "",
                payload: fields["payload"] ?? "",
                at: entry.recordedAt
            )
        }
    }

    /// The newest `limit` replay gaps, newest first.
    public func keptGaps(limit: Int) async throws(RedisError) -> [KeptGap] {
        try await StreamEntry.newest(limit, of: gaps, redis: redis).map { entry in
            KeptGap(
                entryId: entry.id,
                topic: entry.fields["topic"] ?? "",
                refusedReplayId: entry.fields["refusedReplayId"] ?? "",
                fallback: entry.fields["fallback"] ?? "",
                at: entry.recordedAt
            )
        }
    }
}
