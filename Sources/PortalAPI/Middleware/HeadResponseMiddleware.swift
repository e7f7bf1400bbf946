import Hummingbird

/// A HEAD request gets the headers its GET would get and no body, whatever answers it (a route, an error, a
/// 404 or a 405). The router answers HEAD on every GET route from the GET itself (`autoGenerateHeadEndpoints`).
struct HeadResponseMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        return request.method == .head ? response.createHeadResponse() : response
    }
}
