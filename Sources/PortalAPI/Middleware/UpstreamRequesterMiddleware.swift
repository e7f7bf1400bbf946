import Hummingbird
import PortalApplication

/// Charges every upstream call made for a request to the customer making it (or, with none, to the
/// background share), and logs those calls on the request's logger (`RequesterScope`).
struct UpstreamRequesterMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await RequesterScope.run(for: context.customer, logger: context.logger) { try await next(request, context) }
    }
}
