import Foundation
import Hummingbird

/// Gives every request an id: the caller's `X-Request-Id` when it is a sane token, a new UUID otherwise.
/// The id goes back on every response and into the logger's metadata as its one request id field,
/// `hb.request.id` (Hummingbird's own key, replaced by ours so that a log line carries one id).
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let offered = request.headers[.requestId] ?? ""
        context.requestId = Self.isAcceptable(offered) ? offered : UUID().uuidString.lowercased()
        context.logger[metadataKey: "hb.request.id"] = .string(context.requestId)
        var response = try await next(request, context)
        response.headers[.requestId] = context.requestId
        return response
    }

    private static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
