import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import PortalApplication

/// Turns every failure into the portal's error body `{"error": {code, message, requestId, fields}}`.
/// Details of unexpected errors go to the log only.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(error, requestId: context.requestId)
        } catch let error as ServiceError {
            return Self.response(APIError(error), requestId: context.requestId)
        } catch let error as HTTPError {
            let apiError =
                switch error.status {
                case .notFound: APIError.notFound("Route")
                case .contentTooLarge: Self.bodyTooLarge
                case .methodNotAllowed: APIError(status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "This method is not allowed here.")
                default: APIError(status: .badRequest, code: "VALIDATION_FAILED", message: "The request is not valid.")
                }
            return Self.response(apiError, requestId: context.requestId)
        } catch is NIOTooManyBytesError {
            context.logger.debug("request body over the limit")
            return Self.response(Self.bodyTooLarge, requestId: context.requestId)
        } catch let error as HTTPParserError {
            context.logger.debug("request not readable", metadata: ["error": "\(error)"])
            return Self.response(.malformedBody, requestId: context.requestId)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
            return Self.response(.internalError, requestId: context.requestId)
        }
    }

    /// A body over the limit where the limit itself is not at hand (Hummingbird's and NIO's own refusals).
    private static let bodyTooLarge = APIError(status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE", message: "The request body is over the limit.")

    static func response(_ error: APIError, requestId: String) -> Response {
        struct Body: Encodable {
            struct Detail: Encodable {
                let code: String
                let message: String
                let requestId: String
                let fields: [String: String]?
            }
            let error: Detail
        }
        let body = Body(
            error: .init(code: error.code, message: error.message, requestId: requestId, fields: error.fields.isEmpty ? nil : error.fields)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        if error == .unauthenticated { headers[.wwwAuthenticate] = #"Bearer realm="portal""# }
        let data = (try? encoder.encode(body)) ?? Data(#"{"error":{"code":"INTERNAL","message":"Something went wrong on our side."}}"#.utf8)
        return Response(status: error.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
