import PortalSalesforce
import Synchronization

/// What this instance's Salesforce Pub/Sub subscription is doing, for `/readyz`: its role in the fleet and,
/// while it holds the lease, each topic's stream.
public final class PlatformEventStatus: Sendable {
    /// Where this instance stands.
    public enum Role: String, Sendable {
        /// The subscription is not configured or has not started.
        case off
        /// Another instance holds the subscriber lease (or Redis cannot tell).
        case standby
        /// This instance holds the lease and runs the streams.
        case subscribing
        case stopped
    }

    private let state = Mutex<(role: Role, subscriber: SalesforcePubSubSubscriber?)>((.off, nil))

    public init() {}

    public var role: Role { state.withLock { $0.role } }

    /// Each topic's stream while this instance subscribes; empty otherwise.
    public var streams: [String: PubSubSubscriberState] {
        state.withLock { $0.role == .subscribing ? $0.subscriber?.states ?? [:] : [:] }
    }

    func set(_ role: Role, subscriber: SalesforcePubSubSubscriber? = nil) {
        state.withLock { $0 = (role, subscriber) }
    }

    /// The readiness check: `up` on standby or with every stream open, `degraded` while one connects or
    /// backs off, `down` when a topic cannot be subscribed as configured. Nil when the subscription is off.
    var check: ReadinessService.Check? {
        let (role, streams) = (role, streams)
        switch role {
        case .off: return nil
        case .standby: return ReadinessService.Check(status: "up", lastErrorAgeSeconds: nil, detail: "standby")
        case .stopped: return ReadinessService.Check(status: "down", lastErrorAgeSeconds: nil, detail: "stopped")
        case .subscribing: break
        }
        var worst = "up"
        var details: [String] = []
        for (topic, stream) in streams.sorted(by: { $0.key < $1.key }) {
            switch stream {
            case .subscribed:
                details.append("\(topic): subscribed")
            case .idle, .connecting:
                if worst == "up" { worst = "degraded" }
                details.append("\(topic): connecting")
            case .backingOff(_, let cause):
                if worst == "up" { worst = "degraded" }
                details.append("\(topic): backing off (\(cause.rawValue))")
            case .failed(let cause):
                worst = "down"
                details.append("\(topic): failed (\(cause.rawValue))")
            }
        }
        return ReadinessService.Check(status: worst, lastErrorAgeSeconds: nil, detail: details.joined(separator: "; "))
    }
}
