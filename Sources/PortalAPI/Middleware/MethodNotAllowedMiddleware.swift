import Hummingbird

/// Answers 405 `METHOD_NOT_ALLOWED` with `Allow` for a path the router knows under other methods, so only a
/// path no route has is a 404. It is added to the router after every route: Hummingbird applies a middleware to
/// the routes added after it and to the not-found responder, so this one sees exactly the requests no route
/// matched.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    private let routes: [(path: RouterPath, methods: Set<HTTPRequest.Method>)]

    /// `routes` are the router's; a path with GET also allows HEAD (the router answers it from the GET).
    init(routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in routes {
            byPath[route.path.description, default: (route.path, [])].methods.insert(route.method)
            if route.method == .get { byPath[route.path.description]?.methods.insert(.head) }
        }
        self.routes = byPath.values.sorted { $0.path.description < $1.path.description }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let known = routes.first(where: { Self.matches($0.path, segments) }), !known.methods.contains(request.method) else {
            return try await next(request, context)
        }
        context.coreContext.endpointPath.value = known.path.description
        var response = ErrorMiddleware.response(.methodNotAllowed, requestId: context.requestId)
        response.headers[.allow] = known.methods.map(\.rawValue).sorted().joined(separator: ", ")
        return response
    }

    private static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
        guard path.components.count == segments.count else { return false }
        return zip(path.components, segments).allSatisfy { $0 ~= $1 }
    }
}
