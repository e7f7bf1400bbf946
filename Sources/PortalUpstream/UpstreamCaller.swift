import Foundation
import Logging
import Metrics
import PortalSupport
import Synchronization

/// Every outbound call of one upstream goes through here: its client-side rate limit (the upstream's
/// budget, and within it each requester's share, see `UpstreamRequester`), its circuit
/// breaker, safe retries, one structured log line per attempt (system, action, status, duration, attempt;
/// never credentials, never the body) on the logger of the work it is made for (`UpstreamCallContext`),
/// and metrics. Every reading of the time comes from `now`.
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
            breaker: CircuitBreaker.Configuration = .init(),
            perMinute: Int = 100,
            burst: Int = 20,
            sharePerMinute: Int = 20,
            shareBurst: Int = 10,
            backgroundPerMinute: Int = 50,
            backgroundBurst: Int = 10,
            maximumQueueWait: Duration = .seconds(2),
            retry: RetryPolicy = RetryPolicy(),
            timeout: Duration = .seconds(10)
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
    private let now: @Sendable () -> ContinuousClock.Instant
    private let calls: UpstreamCallCounters
    private let latency: Timer
    /// The breaker's state after the latest call: 0 closed, 1 half-open, 2 open.
    private let breakerState: Gauge

    /// `logger` is for calls made outside an `UpstreamCallContext` with a logger; `now` is the clock of
    /// the breaker, the rate limits, the latency and the last failure.
    public init(
        system: String,
        transport: any HTTPTransport,
        settings: Settings = Settings(),
        logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.system = system
        self.settings = settings
        self.transport = transport
        self.now = now
        self.breaker = CircuitBreaker(configuration: settings.breaker, now: now)
        self.limiter = RateLimiter(perMinute: settings.perMinute, burst: settings.burst, now: now)
        self.shares = RequesterShares(
            perMinute: settings.sharePerMinute,
            burst: settings.shareBurst,
            background: (settings.backgroundPerMinute, settings.backgroundBurst),
            now: now
        )
        self.logger = logger
        self.calls = UpstreamCallCounters(system: system, factory: metrics)
        self.latency = Timer(label: "portal_upstream_seconds", dimensions: [("system", system)], factory: metrics)
        self.breakerState = Gauge(label: "portal_upstream_breaker_state", dimensions: [("system", system)], factory: metrics)
        breakerState.record(0)
    }

    /// How long ago the last call failed, if one has.
    public var timeSinceLastFailure: Duration? {
        let current = now()
        return lastFailure.withLock { $0.map { current - $0 } }
    }

    /// Sends `request` and returns the response `classify` accepts. `idempotent` allows retries after
    /// network errors and timeouts. A call that is not idempotent fails with `outcomeUnknown` when it may
    /// have taken effect (a timeout, a network error after connecting, a server error) and with
    /// `unavailable` or `rateLimited` only when it certainly did not.
    public func call(
        _ request: UpstreamRequest,
        action: String,
        idempotent: Bool,
        classify: @Sendable (UpstreamResponse) -> Verdict
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
                throw .unavailable(system: system, cause: .cancelled, detail: "cancelled while waiting to retry")
            }
        }
    }

    private func attemptOnce(
        _ request: UpstreamRequest,
        action: String,
        attempt: Int,
        idempotent: Bool,
        classify: (UpstreamResponse) -> Verdict
    ) async -> Result<UpstreamResponse, Failure> {
        defer { breakerState.record(breaker.state.gaugeValue) }
        let requester = UpstreamCallContext.current.requester
        let shareWait: Duration
        switch shares.reserve(for: requester, maximumWait: settings.maximumQueueWait) {
        case .go(let wait): shareWait = wait
        case .refused(let retryAfter):
            calls.increment(action: action, .shareSpent)
            return .failure(Failure(.notRetryable, .shareSpent(system: system, retryAfter: retryAfter)))
        }
        guard let wait = limiter.reserve(maximumWait: settings.maximumQueueWait) else {
            shares.release(for: requester)
            calls.increment(action: action, .limited)
            return .failure(Failure(.notRetryable, .rateLimited(system: system, cause: .localRateLimit, retryAfter: settings.maximumQueueWait)))
        }
        if max(wait, shareWait) > .zero { try? await Task.sleep(for: max(wait, shareWait)) }
        guard breaker.allowsCall() else {
            calls.increment(action: action, .circuitOpen)
            return .failure(Failure(.notRetryable, .unavailable(system: system, cause: .circuitOpen, detail: "circuit open")))
        }
        var request = request
        let span = UpstreamAttemptSpan(system: system, action: action, attempt: attempt, request: &request)
        let started = now()
        let result: Result<UpstreamResponse, TransportError>
        do {
            result = .success(try await transport.send(request))
        } catch {
            result = .failure(error)
        }
        let finished = now()
        let elapsed = finished - started
        latency.record(duration: elapsed)
        switch result {
        case .failure(let error):
            if error == .cancelled {
                // The request that wanted the answer went away: that says nothing of the upstream's health.
                breaker.recordAbandoned()
            } else {
                breaker.recordFailure()
                lastFailure.withLock { $0 = finished }
            }
            log(action: action, attempt: attempt, status: nil, elapsed: elapsed, outcome: "\(error)")
            span.failed(error)
            calls.increment(action: action, error == .timeout ? .timeout : error == .cancelled ? .cancelled : .networkError)
            let kind: RetryPolicy.Failure = error == .timeout ? .timeout : .network
            let cause = UpstreamError.Cause(error)
            // Refused: no connection was made, so nothing was sent, write or not.
            if idempotent || cause == .connectionRefused {
                return .failure(Failure(kind, .unavailable(system: system, cause: cause, detail: "\(error)")))
            }
            return .failure(Failure(kind, .outcomeUnknown(system: system, cause: cause, detail: "\(error)")))
        case .success(let response):
            let verdict = classify(response)
            switch verdict {
            case .accept:
                breaker.recordSuccess()
                log(action: action, attempt: attempt, status: response.status, elapsed: elapsed, outcome: "ok")
                span.answered(status: response.status, outcome: "ok", isError: false)
                calls.increment(action: action, .ok)
                return .success(response)
            case .rateLimited(let retryAfter):
                breaker.recordSuccess()
                log(action: action, attempt: attempt, status: response.status, elapsed: elapsed, outcome: "rateLimited")
                span.answered(status: response.status, outcome: "rateLimited", isError: true)
                calls.increment(action: action, .rateLimited)
                return .failure(
                    Failure(
                        .rateLimited(retryAfter: retryAfter),
                        .rateLimited(system: system, cause: .status(response.status), retryAfter: retryAfter)
                    )
                )
            case .fail(let error, let countsAgainstHealth):
                if countsAgainstHealth {
                    breaker.recordFailure()
                    lastFailure.withLock { $0 = finished }
                } else {
                    breaker.recordSuccess()
                }
                log(action: action, attempt: attempt, status: response.status, elapsed: elapsed, outcome: "\(error)")
                span.answered(status: response.status, outcome: "\(error)", isError: true)
                calls.increment(action: action, .error)
                if !idempotent, response.status >= 500, case .unavailable(let system, let cause, let detail) = error {
                    return .failure(Failure(.notRetryable, .outcomeUnknown(system: system, cause: cause, detail: detail)))
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
        var logger = UpstreamCallContext.current.logger ?? logger
        logger[metadataKey: "system"] = .string(system)
        logger.info(
            "upstream call",
            metadata: [
                "action": .string(action), "attempt": .stringConvertible(attempt), "status": .string(status.map(String.init) ?? "-"),
                "durationMs": .stringConvertible(Int(elapsed.seconds * 1000)), "outcome": .string(outcome),
            ]
        )
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
