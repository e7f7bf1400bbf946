import PortalSupport
import Foundation
import Synchronization
import Logging
import Metrics

/// Every outbound call of one upstream goes through here: its client-side rate limit (the upstream's
/// budget, and within it each requester's share, see `UpstreamRequester`), its circuit
/// breaker, safe retries, one structured log line per attempt (system, action, status, duration, attempt;
/// never credentials, never the body), and metrics.
public final class UpstreamCaller: Sendable {
    /// What a response means for the call.
    public enum Verdict: Sendable {
        case accept
        case rateLimited(retryAfter: Duration?)
        case fail(UpstreamError, countsAgainstHealth: Bool)
    }

    public struct Settings: Sendable {
        public var breaker: CircuitBreaker.Configuration
        public var perMinute: Int
        public var burst: Int
        /// Each customer's share of `perMinute` and `burst`: what one customer may spend, so that no one
        /// can drain the budget everyone shares.
        public var sharePerMinute: Int
        public var shareBurst: Int
        /// The share of all background work together (webhooks, provisioning workers).
        public var backgroundPerMinute: Int
        public var backgroundBurst: Int
        /// How long a call may wait for the rate limiter before failing as rate limited.
        public var maximumQueueWait: Duration
        public var retry: RetryPolicy
        public var timeout: Duration

        public init(
            breaker: CircuitBreaker.Configuration = .init(), perMinute: Int = 100, burst: Int = 20, sharePerMinute: Int = 20, shareBurst: Int = 10,
            backgroundPerMinute: Int = 50, backgroundBurst: Int = 10, maximumQueueWait: Duration = .seconds(2), retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(10)
        ) {
            self.breaker = breaker
            self.perMinute = perMinute
            self.burst = burst
            self.sharePerMinute = sharePerMinute
            self.shareBurst = shareBurst
            self.backgroundPerMinute = backgroundPerMinute
            self.backgroundBurst = backgroundBurst
            self.maximumQueueWait = maximumQueueWait
            self.retry = retry
            self.timeout = timeout
        }
    }

    public let system: String
    public let settings: Settings
    public let breaker: CircuitBreaker
    private let lastFailure = Mutex<ContinuousClock.Instant?>(nil)
    private let transport: any HTTPTransport
    private let limiter: RateLimiter
    private let shares: RequesterShares
    private let logger: Logger
    private let calls: @Sendable (String, String) -> Counter
    private let latency: Timer
    /// The breaker's state after the latest call: 0 closed, 1 half-open, 2 open.
    private let breakerState: Gauge

    public init(system: String, transport: any HTTPTransport, settings: Settings = Settings(), logger: Logger, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.system = system
        self.settings = settings
        self.transport = transport
        self.breaker = CircuitBreaker(configuration: settings.breaker)
        self.limiter = RateLimiter(perMinute: settings.perMinute, burst: settings.burst)
        self.shares = RequesterShares(
            perMinute: settings.sharePerMinute, burst: settings.shareBurst,
            background: (settings.backgroundPerMinute, settings.backgroundBurst))
        var logger = logger
        logger[metadataKey: "system"] = .string(system)
        self.logger = logger
        self.calls = { action, outcome in
            Counter(label: "portal_upstream_calls_total", dimensions: [("system", system), ("action", action), ("outcome", outcome)], factory: metrics)
        }
        self.latency = Timer(label: "portal_upstream_seconds", dimensions: [("system", system)], factory: metrics)
        self.breakerState = Gauge(label: "portal_upstream_breaker_state", dimensions: [("system", system)], factory: metrics)
        breakerState.record(0)
    }

    /// How long ago the last call failed, if one has.
    public var timeSinceLastFailure: Duration? {
        lastFailure.withLock { $0.map { ContinuousClock.now - $0 } }
    }

    /// Sends `request` and returns the response `classify` accepts. `idempotent` allows retries after
    /// network errors and timeouts. A call that is not idempotent fails with `outcomeUnknown` when it may
    /// have taken effect (a timeout, a network error after connecting, a server error) and with
    /// `unavailable` or `rateLimited` only when it certainly did not.
    public func call(
        _ request: UpstreamRequest, action: String, idempotent: Bool, classify: @Sendable (UpstreamResponse) -> Verdict
    ) async throws(UpstreamError) -> UpstreamResponse {
        var request = request
        request.timeout = min(request.timeout, settings.timeout)
        var attempt = 0
        var rateLimitRetries = 0
        while true {
            attempt += 1
            let failed: Failure
            switch await attemptOnce(request, action: action, attempt: attempt, idempotent: idempotent, classify: classify) {
            case .success(let response): return response
            case .failure(let failure): failed = failure
            }
            let (failure, error) = (failed.kind, failed.error)
            let decision = settings.retry.decide(after: failure, attempt: attempt, rateLimitRetries: rateLimitRetries, isIdempotent: idempotent)
            guard case .retry(let delay) = decision else { throw error }
            if case .rateLimited = failure { rateLimitRetries += 1 }
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw .unavailable(system: system, detail: "cancelled while waiting to retry")
            }
        }
    }

    private func attemptOnce(
        _ request: UpstreamRequest, action: String, attempt: Int, idempotent: Bool, classify: (UpstreamResponse) -> Verdict
    ) async -> Result<UpstreamResponse, Failure> {
        defer { breakerState.record(breaker.state.gaugeValue) }
        let requester = UpstreamRequester.current
        let shareWait: Duration
        switch shares.reserve(for: requester, maximumWait: settings.maximumQueueWait) {
        case .go(let wait): shareWait = wait
        case .refused(let retryAfter):
            calls(action, "shareSpent").increment()
            return .failure(Failure(.notRetryable, .shareSpent(system: system, retryAfter: retryAfter)))
        }
        guard let wait = limiter.reserve(maximumWait: settings.maximumQueueWait) else {
            shares.release(for: requester)
            calls(action, "limited").increment()
            return .failure(Failure(.notRetryable, .rateLimited(system: system, retryAfter: settings.maximumQueueWait)))
        }
        if max(wait, shareWait) > .zero { try? await Task.sleep(for: max(wait, shareWait)) }
        guard breaker.allowsCall() else {
            calls(action, "circuitOpen").increment()
            return .failure(Failure(.notRetryable, .unavailable(system: system, detail: "circuit open")))
        }
        let started = ContinuousClock.now
        let result: Result<UpstreamResponse, TransportError>
        do {
            result = .success(try await transport.send(request))
        } catch {
            result = .failure(error)
        }
        let elapsed = ContinuousClock.now - started
        latency.record(duration: elapsed)
        switch result {
        case .failure(let error):
            breaker.recordFailure()
            lastFailure.withLock { $0 = .now }
            log(action: action, attempt: attempt, status: nil, elapsed: elapsed, outcome: "\(error)")
            calls(action, error == .timeout ? "timeout" : "networkError").increment()
            let kind: RetryPolicy.Failure = error == .timeout ? .timeout : .network
            if case .refused = error { return .failure(Failure(kind, .unavailable(system: system, detail: "\(error)"))) }
            let failed: UpstreamError = idempotent ? .unavailable(system: system, detail: "\(error)") : .outcomeUnknown(system: system, detail: "\(error)")
            return .failure(Failure(kind, failed))
        case .success(let response):
            let verdict = classify(response)
            switch verdict {
            case .accept:
                breaker.recordSuccess()
                log(action: action, attempt: attempt, status: response.status, elapsed: elapsed, outcome: "ok")
                calls(action, "ok").increment()
                return .success(response)
            case .rateLimited(let retryAfter):
                breaker.recordSuccess()
                log(action: action, attempt: attempt, status: response.status, elapsed: elapsed, outcome: "rateLimited")
                calls(action, "rateLimited").increment()
                return .failure(Failure(.rateLimited(retryAfter: retryAfter), .rateLimited(system: system, retryAfter: retryAfter)))
            case .fail(let error, let countsAgainstHealth):
                if countsAgainstHealth {
                    breaker.recordFailure()
                    lastFailure.withLock { $0 = .now }
                } else {
                    breaker.recordSuccess()
                }
                log(action: action, attempt: attempt, status: response.status, elapsed: elapsed, outcome: "\(error)")
                calls(action, "error").increment()
                if !idempotent, response.status >= 500, case .unavailable(let system, let detail) = error {
                    return .failure(Failure(.notRetryable, .outcomeUnknown(system: system, detail: detail)))
                }
                return .failure(Failure(.notRetryable, error))
            }
        }
    }

    private struct Failure: Error {
        let kind: RetryPolicy.Failure
        let error: UpstreamError

        init(_ kind: RetryPolicy.Failure, _ error: UpstreamError) {
            self.kind = kind
            self.error = error
        }
    }

    private func log(action: String, attempt: Int, status: Int?, elapsed: Duration, outcome: String) {
        logger.info(
            "upstream call",
            metadata: [
                "action": .string(action), "attempt": .stringConvertible(attempt), "status": .string(status.map(String.init) ?? "-"),
                "durationMs": .stringConvertible(Int(elapsed.seconds * 1000)), "outcome": .string(outcome),
            ])
    }
}

extension CircuitBreaker.State {
    var gaugeValue: Int {
        switch self {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }
}
