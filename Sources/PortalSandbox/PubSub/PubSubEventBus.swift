import Foundation
import SalesforcePubSubAPI
import Synchronization

/// The simulator's event store: per topic, the events published (with their replay ids and when they were
/// published) for as long as the retention keeps them, the schema version new events use, and the open
/// streams to wake when an event arrives.
final class PubSubEventBus: Sendable {
    struct StoredEvent: Sendable {
        let replayId: UInt64
        let event: Eventbus_V1_ProducerEvent
        let publishedAt: ContinuousClock.Instant
    }

    private struct TopicState {
        let topic: PubSubTopic
        var schemaVersion = 0
        var events: [StoredEvent] = []
        var newestId: UInt64 = 0
        /// The newest id retention removed (0 when none was): ids up to it can no longer be replayed from.
        var newestExpiredId: UInt64 = 0

        init(topic: PubSubTopic) {
            self.topic = topic
        }

        mutating func expire(before cutoff: ContinuousClock.Instant) {
            let expired = events.prefix { $0.publishedAt < cutoff }
            guard let last = expired.last else { return }
            newestExpiredId = last.replayId
            events.removeFirst(expired.count)
        }
    }

    private let state: Mutex<(topics: [String: TopicState], listeners: [UUID: PubSubWakeup])>

    init(topics: [PubSubTopic] = PubSubTopic.all) {
        state = Mutex((Dictionary(uniqueKeysWithValues: topics.map { ($0.name, TopicState(topic: $0)) }), [:]))
    }

    func topic(named name: String) -> PubSubTopic? {
        state.withLock { $0.topics[name]?.topic }
    }

    /// The schema new events of the topic are written with.
    func currentSchema(of topicName: String) -> PubSubSchema? {
        state.withLock { state in state.topics[topicName].map { $0.topic.schemaVersions[$0.schemaVersion] } }
    }

    /// Any version of any topic's schema, by id.
    func schema(id: String) -> PubSubSchema? {
        state.withLock { state in state.topics.values.lazy.flatMap(\.topic.schemaVersions).first { $0.id == id } }
    }

    /// Moves the topic to its next schema version; nil when the topic is unknown or already at its last.
    func changeSchema(of topicName: String) -> PubSubSchema? {
        state.withLock { state in
            guard var topic = state.topics[topicName], topic.schemaVersion + 1 < topic.topic.schemaVersions.count else { return nil }
            topic.schemaVersion += 1
            state.topics[topicName] = topic
            return topic.topic.schemaVersions[topic.schemaVersion]
        }
    }

    /// Stores the events with the next replay ids, in order, and wakes the open streams.
    func publish(_ events: [Eventbus_V1_ProducerEvent], to topicName: String, retention: Duration) -> [UInt64]? {
        let (ids, listeners) = state.withLock { state -> ([UInt64]?, [PubSubWakeup]) in
            guard var topic = state.topics[topicName] else { return (nil, []) }
            let now = ContinuousClock.now
            topic.expire(before: now - retention)
            var ids: [UInt64] = []
            for event in events {
                topic.newestId += 1
                ids.append(topic.newestId)
                topic.events.append(StoredEvent(replayId: topic.newestId, event: event, publishedAt: now))
            }
            state.topics[topicName] = topic
            return (ids, Array(state.listeners.values))
        }
        for listener in listeners { listener.signal() }
        return ids
    }

    /// Up to `limit` retained events after replay id `cursor`, oldest first.
    func events(of topicName: String, after cursor: UInt64, limit: Int, retention: Duration) -> [StoredEvent] {
        guard limit > 0 else { return [] }
        return state.withLock { state in
            guard var topic = state.topics[topicName] else { return [] }
            topic.expire(before: .now - retention)
            state.topics[topicName] = topic
            return Array(topic.events.lazy.filter { $0.replayId > cursor }.prefix(limit))
        }
    }

    /// The id of the topic's newest event (0 before the first).
    func newestId(of topicName: String) -> UInt64 {
        state.withLock { $0.topics[topicName]?.newestId ?? 0 }
    }

    /// The replay window a CUSTOM subscription may start after: from just past the newest expired event (or 0)
    /// to the newest event.
    func replayableIds(of topicName: String, retention: Duration) -> ClosedRange<UInt64>? {
        state.withLock { state in
            guard var topic = state.topics[topicName] else { return nil }
            topic.expire(before: .now - retention)
            state.topics[topicName] = topic
            let first = topic.newestExpiredId == 0 ? 0 : topic.newestExpiredId + 1
            return first <= topic.newestId ? first...topic.newestId : nil
        }
    }

    func addListener(_ wakeup: PubSubWakeup) -> UUID {
        let id = UUID()
        state.withLock { $0.listeners[id] = wakeup }
        return id
    }

    func removeListener(_ id: UUID) {
        state.withLock { $0.listeners[id] = nil }
    }

    /// Wakes every open stream (a fault or a setting changed).
    func wakeAll() {
        for listener in state.withLock({ Array($0.listeners.values) }) { listener.signal() }
    }
}
