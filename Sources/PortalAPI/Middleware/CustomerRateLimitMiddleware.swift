import Hummingbird
import PortalSupport

/// A request budget per customer (token bucket): past it, `429 RATE_LIMITED` with `Retry-After`. At most
/// `maximumTracked` customers' buckets are held (`KeyedRateLimiters`).
final class CustomerRateLimitMiddleware: RouterMiddleware, Sendable {
    typealias Context = PortalRequestContext

    private let budgets: KeyedRateLimiters<String>

    init(perMinute: Int, burst: Int, maximumTracked: Int = 100_000) {
        self.budgets = KeyedRateLimiters(perMinute: perMinute, burst: burst, maximumTracked: maximumTracked)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let customer = context.customer else { return try await next(request, context) }
        if case .refused(let retryAfter) = budgets.reserve(for: customer.userId, maximumWait: .zero) {
            throw APIError.rateLimited(retryAfter: retryAfter)
        }
        return try await next(request, context)
    }
}
