import Hummingbird

/// Requires `Authorization: Bearer <token>` and puts the verified customer into the context.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    let verifier: TokenVerifier

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw APIError.unauthenticated }
        var context = context
        context.customer = try await verifier.customer(fromBearer: String(header.dropFirst("Bearer ".count)), logger: context.logger)
        return try await next(request, context)
    }
}
