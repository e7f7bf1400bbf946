import Metrics
import Synchronization

/// `portal_upstream_calls_total{system,action,outcome}` of one upstream: each counter made once, on its
/// first use, and kept (an upstream's actions are a small closed set, and so are the outcomes).
final class UpstreamCallCounters: Sendable {
    enum Outcome: String, Sendable {
        case ok, rateLimited, error, timeout, networkError, cancelled, circuitOpen, limited, shareSpent
    }

    private struct Key: Hashable {
        let action: String
        let outcome: Outcome
    }

    private let system: String
    private let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])

    init(system: String, factory: any MetricsFactory) {
        self.system = system
        self.factory = factory
    }

    func increment(action: String, _ outcome: Outcome) {
        counter(action: action, outcome).increment()
    }

    private func counter(action: String, _ outcome: Outcome) -> Counter {
        counters.withLock { counters in
            let key = Key(action: action, outcome: outcome)
            if let existing = counters[key] { return existing }
            let made = Counter(
                label: "portal_upstream_calls_total",
                dimensions: [("system", system), ("action", action), ("outcome", outcome.rawValue)],
                factory: factory
            )
            counters[key] = made
            return made
        }
    }
}
