import Logging
import PortalUpstream

/// Charges every upstream call made inside `run` to `customer` (work done for no customer shares one
/// background budget), so that each customer spends only its own share of an upstream's budget, and logs
/// those calls on `logger` (the request's, so their lines carry its request id).
public enum RequesterScope {
    public static func run<Value: Sendable>(
        for customer: Customer?,
        logger: Logger,
        _ body: () async throws -> Value
    ) async rethrows -> Value {
        let requester = customer.map { UpstreamRequester.customer($0.userId) } ?? .background
        return try await UpstreamCallContext.with(requester: requester, logger: logger) { try await body() }
    }
}
