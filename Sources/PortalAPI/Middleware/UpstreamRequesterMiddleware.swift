import Hummingbird
import PortalUpstream

/// Charges every upstream call made for a request to the customer making it, so that each customer spends
/// only its own share of an upstream's budget (`UpstreamRequester`).
struct UpstreamRequesterMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let customer = context.customer else { return try await next(request, context) }
        return try await UpstreamRequester.$current.withValue(.customer(customer.userId)) { try await next(request, context) }
    }
}
