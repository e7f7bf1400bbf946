import Hummingbird
import PortalUpstream

/// Charges every upstream call made for a request to the customer making it, so that each customer spends
/// only its own share of an upstream's budget (`UpstreamRequester`), and logs those calls on the request's
/// logger, so that their lines carry its request id (`UpstreamCallContext`).
struct UpstreamRequesterMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requester = context.customer.map { UpstreamRequester.customer($0.userId) } ?? .background
        return try await UpstreamCallContext.with(requester: requester, logger: context.logger) { try await next(request, context) }
    }
}
