import Hummingbird
import PortalApplication

/// An error as the frontend sees it: a stable code, an HTTP status and a human message. Upstream text,
/// stack traces and credentials never go into it (they go to the log).
public struct APIError: Error, Equatable, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// For `VALIDATION_FAILED`: which input was wrong and why.
    public let fields: [String: String]
    public let retryAfterSeconds: Int?

    public init(status: HTTPResponse.Status, code: String, message: String, fields: [String: String] = [:], retryAfterSeconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static let unauthenticated = APIError(status: .unauthorized, code: "UNAUTHENTICATED", message: "Sign in again.")
    // Named after the HTTP status (500 Internal Server Error); `internal` is a keyword.
    // swift-format-ignore: DontRepeatTypeInStaticProperties
    public static let internalError = APIError(status: .internalServerError, code: "INTERNAL", message: "Something went wrong on our side.")
    public static let methodNotAllowed = APIError(status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "This method is not allowed here.")

    public static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: "NOT_FOUND", message: "\(what) not found")
    }

    /// The caller is over its own budget: 429 `RATE_LIMITED` with `Retry-After`.
    public static func rateLimited(retryAfterSeconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests,
            code: "RATE_LIMITED",
            message: "Too many requests. Try again shortly.",
            retryAfterSeconds: retryAfterSeconds
        )
    }

    /// The same, with `Retry-After` the whole seconds after `retryAfter` (at least one).
    public static func rateLimited(retryAfter: Duration) -> APIError {
        rateLimited(retryAfterSeconds: max(1, Int(retryAfter.components.seconds) + 1))
    }

    public static func payloadTooLarge(maxBytes: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE", message: "The request body is over the limit of \(maxBytes) bytes.")
    }

    /// A body that cannot be read as HTTP/1.1 framed it (broken chunked encoding).
    public static let malformedBody = APIError(
        status: .badRequest,
        code: "VALIDATION_FAILED",
        message: "The request body is not valid HTTP.",
        fields: ["body": "is not a valid chunked or length-delimited body"]
    )

    public static func validation(_ fields: [String: String]) -> APIError {
        APIError(status: .badRequest, code: "VALIDATION_FAILED", message: "The request is not valid.", fields: fields)
    }

    /// How an application service's failure is shown: not-found stays not-found, unavailability and an
    /// upstream's rate limits ask the caller to retry later, a customer that spent its own share of an
    /// upstream is rate limited (429, its own doing), anything else is an upstream error.
    public init(_ error: ServiceError) {
        switch error {
        case .notFound(let what):
            self = .notFound(what)
        case .invalid(let fields):
            self = .validation(fields)
        case .unavailable:
            self.init(
                status: .serviceUnavailable,
                code: "UPSTREAM_UNAVAILABLE",
                message: "A system we depend on is unavailable. Try again shortly.",
                retryAfterSeconds: 30
            )
        case .busy(let retryAfter):
            let seconds = retryAfter.map { Int($0.components.seconds) + 1 } ?? 30
            self.init(
                status: .serviceUnavailable,
                code: "UPSTREAM_UNAVAILABLE",
                message: "A system we depend on is busy. Try again shortly.",
                retryAfterSeconds: seconds
            )
        case .rateLimited(let retryAfter):
            self = .rateLimited(retryAfter: retryAfter)
        case .conflict(let message, let fields):
            self.init(status: .conflict, code: "CONFLICT", message: message, fields: fields)
        case .upstreamFailed(let message):
            self.init(status: .badGateway, code: "UPSTREAM_ERROR", message: message ?? "A system we depend on answered with an error.")
        }
    }
}

extension APIError {
    /// The value of an application service, its failure shown as `init(_:)` says.
    static func showing<Value>(_ work: () async throws(ServiceError) -> Value) async throws(APIError) -> Value {
        do {
            return try await work()
        } catch {
            throw APIError(error)
        }
    }
}
