import Hummingbird
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
        /// Share of calls that are carried out and whose answer is then held back for `timeoutDelay`: the
        /// caller gives up first, so a write took effect and its answer was lost.
        public var lostAnswerRate: Double = 0
        /// Share of calls that hang for `timeoutDelay` and are then refused with HTTP 504 without being
        /// carried out: a write that was sent and did not take effect.
        public var droppedRate: Double = 0
        /// The actions (`freebit.addSpec`, `salesforce.createTree`) the knobs above act on; all when nil.
        public var actions: Set<String>?

        public init() {}
    }

    /// What a call gets instead of its normal answer.
    enum Fault: Equatable {
        case serverError
        case rateLimited(retryAfterSeconds: Int)
        case malformedBody
        /// Hung, then refused unprocessed.
        case dropped
    }

    /// One call as it arrived: its action and the W3C `traceparent` it carried, if any.
    public struct RecordedCall: Sendable, Equatable, Encodable {
        public let action: String
        public let traceparent: String?
    }

    /// How many calls are kept for `recentCalls()`.
    static let keptCalls = 1000

    private let state = Mutex((settings: Settings(), calls: [String: Int](), recent: [RecordedCall]()))

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

    /// The latest calls, oldest first.
    public func recentCalls() -> [RecordedCall] {
        state.withLock { $0.recent }
    }

    public func resetCalls() {
        state.withLock { state in
            state.calls.removeAll()
            state.recent.removeAll()
        }
    }

    /// Records a call that no knob applies to (the Pub/Sub simulator's RPCs).
    func record(_ action: String, traceparent: String?) {
        state.withLock { state in Self.record(action, traceparent: traceparent, in: &state.calls, &state.recent) }
    }

    private static func record(_ action: String, traceparent: String?, in calls: inout [String: Int], _ recent: inout [RecordedCall]) {
        calls[action, default: 0] += 1
        recent.append(RecordedCall(action: action, traceparent: traceparent))
        if recent.count > keptCalls { recent.removeFirst(recent.count - keptCalls) }
    }

    /// Runs one call under the knobs: counts it, waits as they say, and either answers with a fault
    /// (`render`) or carries the call out (`answer`), holding the answer back when it is to be lost.
    func run(
        _ action: String,
        traceparent: String?,
        fault render: (Fault) -> Response,
        _ answer: () async -> Response
    ) async -> Response {
        let (fault, losesAnswer, delay) = await apply(to: action, traceparent: traceparent)
        if let fault { return render(fault) }
        let response = await answer()
        if losesAnswer { try? await Task.sleep(for: delay) }
        return response
    }

    /// Counts the call, waits as the knobs say, and tells which fault (if any) replaces the answer and
    /// whether the answer is to be lost.
    private func apply(to action: String, traceparent: String?) async -> (fault: Fault?, losesAnswer: Bool, delay: Duration) {
        let (settings, fault, hang, losesAnswer) = state.withLock { state -> (Settings, Fault?, Bool, Bool) in
            Self.record(action, traceparent: traceparent, in: &state.calls, &state.recent)
            let settings = state.settings
            if let actions = settings.actions, !actions.contains(action) { return (Settings(), nil, false, false) }
            if settings.rateLimitBurst > 0 {
                state.settings.rateLimitBurst -= 1
                return (settings, .rateLimited(retryAfterSeconds: settings.retryAfterSeconds), false, false)
            }
            if Double.random(in: 0..<1) < settings.errorRate { return (settings, .serverError, false, false) }
            if Double.random(in: 0..<1) < settings.malformedRate { return (settings, .malformedBody, false, false) }
            if Double.random(in: 0..<1) < settings.droppedRate { return (settings, .dropped, true, false) }
            if Double.random(in: 0..<1) < settings.lostAnswerRate { return (settings, nil, false, true) }
            return (settings, nil, Double.random(in: 0..<1) < settings.timeoutRate, false)
        }
        if settings.latency > .zero { try? await Task.sleep(for: settings.latency) }
        if hang { try? await Task.sleep(for: settings.timeoutDelay) }
        return (fault, losesAnswer, settings.timeoutDelay)
    }
}
