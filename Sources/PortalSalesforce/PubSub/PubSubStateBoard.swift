import Synchronization

/// Each topic's current state, written by its stream loop and read by `/readyz`.
final class PubSubStateBoard: Sendable {
    private let states: Mutex<[String: PubSubSubscriberState]>

    init(topics: [String]) {
        states = Mutex(Dictionary(topics.map { ($0, PubSubSubscriberState.idle) }, uniquingKeysWith: { first, _ in first }))
    }

    func set(_ state: PubSubSubscriberState, topic: String) {
        states.withLock { $0[topic] = state }
    }

    var snapshot: [String: PubSubSubscriberState] { states.withLock { $0 } }
}
