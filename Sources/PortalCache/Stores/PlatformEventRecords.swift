import Foundation
import PortalRedis

/// What an operator must reconcile by hand after the Salesforce Pub/Sub stream: events that could not be
/// read (dead letters, with their replay id and payload) and replay gaps (a stored replay id Salesforce
/// refused, so events between it and the fallback position may have been missed). Both are capped streams.
public struct PlatformEventRecords: Sendable {
    static let kept = 10_000

    /// An event that was skipped because it could not be read.
    public struct DeadLetter: Sendable, Equatable {
        public var topic: String
        public var eventId: String
        public var schemaId: String
        public var replayId: [UInt8]
        public var reason: String
        public var payload: [UInt8]

        public init(topic: String, eventId: String, schemaId: String, replayId: [UInt8], reason: String, payload: [UInt8]) {
            self.topic = topic
            self.eventId = eventId
            self.schemaId = schemaId
            self.replayId = replayId
            self.reason = reason
            self.payload = payload
        }
    }

    let redis: RedisClient
    /// The streams: `pb:{NAMESPACE}:dead` and `pb:{NAMESPACE}:gaps`.
    public let deadLetters: String
    public let gaps: String

    public init(redis: RedisClient, namespace: String = "pubsub") {
        self.redis = redis
        deadLetters = "pb:{\(namespace)}:dead"
        gaps = "pb:{\(namespace)}:gaps"
    }

    public func deadLetter(_ letter: DeadLetter, at time: Date) async throws(RedisError) {
        try await append(
            to: deadLetters,
            [
                ("topic", letter.topic), ("eventId", letter.eventId), ("schemaId", letter.schemaId),
                ("replayId", Data(letter.replayId).base64EncodedString()), ("reason", letter.reason),
                ("payload", Data(letter.payload).base64EncodedString()), ("at", String(Int64(time.timeIntervalSince1970))),
            ]
        )
    }

    /// Records that `topic` resumed from `fallback` because Salesforce refused the stored `replayId`.
    public func recordGap(topic: String, refusedReplayId: [UInt8], fallback: String, at time: Date) async throws(RedisError) {
        try await append(
            to: gaps,
            [
                ("topic", topic), ("refusedReplayId", Data(refusedReplayId).base64EncodedString()), ("fallback", fallback),
                ("at", String(Int64(time.timeIntervalSince1970))),
            ]
        )
    }

    /// How many dead letters and gaps are kept.
    public func counts() async throws(RedisError) -> (deadLetters: Int, gaps: Int) {
        let replies = try await redis.pipeline([
            RedisCommand("XLEN", RedisArgument(deadLetters)), RedisCommand("XLEN", RedisArgument(gaps)),
        ])
        return (Int(replies.first?.integer ?? 0), Int(replies.last?.integer ?? 0))
    }

    private func append(to stream: String, _ fields: [(String, String)]) async throws(RedisError) {
        var arguments: [RedisArgument] = [RedisArgument(stream), "MAXLEN", "~", RedisArgument(Self.kept), "*"]
        for (name, value) in fields { arguments += [RedisArgument(name), RedisArgument(value)] }
        try await redis.send(RedisCommand("XADD", arguments))
    }
}
