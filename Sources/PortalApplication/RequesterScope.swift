import Logging
import PortalUpstream

/// Charges every upstream call made inside `run` to `customer`, so that each customer spends only its own
/// share of an upstream's budget, and logs those calls on `logger` (the request's, with its id).
public enum RequesterScope {
    public static func run<Value: Sendable>(
        for customer: Customer, logger: Logger, _ body: () async throws -> Value
    ) async rethrows -> Value {
        try await UpstreamRequester.$current.withValue(.customer(customer.userId)) { try await body() }
    }
}
