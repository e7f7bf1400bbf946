import Hummingbird
import NIOCore

/// Refuses a request body over `maxBytes` with 413 before any route reads it: at once when `Content-Length`
/// says so, otherwise while collecting (the collected body is handed on, so routes never read past the limit).
/// A body whose framing is broken (bad chunk sizes, a connection closed mid-body) fails as NIO's
/// `HTTPParserError`, which `ErrorMiddleware` answers with 400.
struct RequestSizeLimitMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw APIError.payloadTooLarge(maxBytes: maxBytes)
        }
        guard [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            context.logger.debug("request body over the limit", metadata: ["maxBodyBytes": "\(maxBytes)"])
            throw APIError.payloadTooLarge(maxBytes: maxBytes)
        }
        return try await next(request, context)
    }
}
