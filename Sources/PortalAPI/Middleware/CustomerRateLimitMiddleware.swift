import Hummingbird
import PortalUpstream
import Synchronization

/// A request budget per customer (token bucket): past it, `429 RATE_LIMITED` with `Retry-After`. Buckets of
/// customers idle for a while are dropped once there are many, so memory stays bounded.
final class CustomerRateLimitMiddleware: RouterMiddleware, Sendable {
    typealias Context = PortalRequestContext

    private struct Bucket {
        let limiter: RateLimiter
        var lastUsed: ContinuousClock.Instant
    }

    private let perMinute: Int
    private let burst: Int
    private let maximumTracked: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perMinute: Int, burst: Int, maximumTracked: Int = 100_000) {
        self.perMinute = perMinute
        self.burst = burst
        self.maximumTracked = maximumTracked
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let customer = context.customer else { return try await next(request, context) }
        let waitForToken = buckets.withLock { buckets -> Duration? in
            let now = ContinuousClock.now
            if buckets.count >= maximumTracked {
                buckets = buckets.filter { now - $0.value.lastUsed < .seconds(120) }
            }
            var bucket = buckets[customer.userId] ?? Bucket(limiter: RateLimiter(perMinute: perMinute, burst: burst), lastUsed: now)
            bucket.lastUsed = now
            buckets[customer.userId] = bucket
            return bucket.limiter.reserve(maximumWait: .zero) == nil ? .seconds(60 / max(perMinute, 1) + 1) : nil
        }
        if let wait = waitForToken {
            throw APIError(
                status: .tooManyRequests, code: "RATE_LIMITED", message: "Too many requests. Try again shortly.",
                retryAfterSeconds: Int(wait.components.seconds))
        }
        return try await next(request, context)
    }
}
