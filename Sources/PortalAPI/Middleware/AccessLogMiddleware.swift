import Hummingbird
import Logging

/// One log line per request, after it is answered: method, route, status and duration, with the request
/// id already in the logger's metadata. Query strings are left out (they may carry personal data).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(context.endpointPath ?? request.uri.path),
                "status": .stringConvertible(response.status.code),
                "durationMs": .stringConvertible((milliseconds * 10).rounded() / 10),
            ]
        )
        return response
    }
}
