import Synchronization

/// Faults and delays a simulator adds to its answers, and how many calls it has had: the knobs tests and
/// demos turn. Thread-safe; changes apply to the next call.
public final class SimulatorKnobs: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Added to every answer.
        public var latency: Duration = .zero
        /// Share of calls answered with HTTP 500, 0...1.
        public var errorRate: Double = 0
        /// Share of calls that hang for `timeoutDelay` before answering.
        public var timeoutRate: Double = 0
        public var timeoutDelay: Duration = .seconds(30)
        /// The next this-many calls answer 429 with `Retry-After: retryAfterSeconds`.
        public var rateLimitBurst: Int = 0
        public var retryAfterSeconds: Int = 1
        /// Share of calls answered with a body that is not JSON.
        public var malformedRate: Double = 0

        public init() {}
    }

    /// What a call gets instead of its normal answer.
    enum Fault: Equatable {
        case serverError
        case rateLimited(retryAfterSeconds: Int)
        case malformedBody
    }

    private let state = Mutex((settings: Settings(), calls: [String: Int]()))

    public init() {}

    public var settings: Settings {
        get { state.withLock { $0.settings } }
        set { state.withLock { $0.settings = newValue } }
    }

    /// Calls answered so far for `action` (all actions when nil).
    public func calls(_ action: String? = nil) -> Int {
        state.withLock { state in action.map { state.calls[$0] ?? 0 } ?? state.calls.values.reduce(0, +) }
    }

    /// Calls answered so far, by action.
    public func callsByAction() -> [String: Int] {
        state.withLock { $0.calls }
    }

    public func resetCalls() {
        state.withLock { $0.calls.removeAll() }
    }

    /// Counts the call, waits as the knobs say, and tells which fault (if any) replaces the answer.
    func apply(to action: String) async -> Fault? {
        let (settings, fault, hang) = state.withLock { state -> (Settings, Fault?, Bool) in
            state.calls[action, default: 0] += 1
            let settings = state.settings
            if settings.rateLimitBurst > 0 {
                state.settings.rateLimitBurst -= 1
                return (settings, .rateLimited(retryAfterSeconds: settings.retryAfterSeconds), false)
            }
            if Double.random(in: 0..<1) < settings.errorRate { return (settings, .serverError, false) }
            if Double.random(in: 0..<1) < settings.malformedRate { return (settings, .malformedBody, false) }
            return (settings, nil, Double.random(in: 0..<1) < settings.timeoutRate)
        }
        if settings.latency > .zero { try? await Task.sleep(for: settings.latency) }
        if hang { try? await Task.sleep(for: settings.timeoutDelay) }
        return fault
    }
}
