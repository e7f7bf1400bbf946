import Metrics

/// The subscriber's counters, made once per topic (and cause) when the subscriber is:
/// `portal_pubsub_events_received_total{topic}`, `portal_pubsub_stream_connects_total{topic,cause}`,
/// `portal_pubsub_replay_fallbacks_total{topic}`, `portal_pubsub_keepalives_total{topic}`.
final class PubSubMetrics: Sendable {
    struct Topic: Sendable {
        let eventsReceived: Counter
        let replayFallbacks: Counter
        let keepalives: Counter
        let connects: [PubSubConnectCause: Counter]

        func connected(_ cause: PubSubConnectCause) { connects[cause]?.increment() }
    }

    private let topics: [String: Topic]

    init(topics: [String], factory: any MetricsFactory) {
        var made: [String: Topic] = [:]
        for topic in topics where made[topic] == nil {
            let dimensions = [("topic", topic)]
            var connects: [PubSubConnectCause: Counter] = [:]
            for cause in PubSubConnectCause.allCases {
                connects[cause] = Counter(
                    label: "portal_pubsub_stream_connects_total",
                    dimensions: dimensions + [("cause", cause.rawValue)],
                    factory: factory
                )
            }
            made[topic] = Topic(
                eventsReceived: Counter(label: "portal_pubsub_events_received_total", dimensions: dimensions, factory: factory),
                replayFallbacks: Counter(label: "portal_pubsub_replay_fallbacks_total", dimensions: dimensions, factory: factory),
                keepalives: Counter(label: "portal_pubsub_keepalives_total", dimensions: dimensions, factory: factory),
                connects: connects
            )
        }
        self.topics = made
    }

    /// The counters of a configured topic.
    func topic(_ topic: String) -> Topic {
        guard let counters = topics[topic] else { preconditionFailure("no counters for the unconfigured topic \(topic)") }
        return counters
    }
}
