import Hummingbird

extension Response {
    /// A control route's answer: `text`, already JSON.
    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSONValue, style: JSONValue.Style, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.encoded(style)))
        )
    }

    /// The answer a knob's fault replaces the normal one with.
    static func fault(_ fault: SimulatorKnobs.Fault) -> Response {
        switch fault {
        case .serverError:
            Response(
                status: .internalServerError,
                headers: [.contentType: "text/html"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<h1>500 Internal Server Error</h1>"))
            )
        case .rateLimited(let seconds):
            Response(status: .tooManyRequests, headers: [.retryAfter: String(seconds)], body: ResponseBody(byteBuffer: ByteBuffer(string: "")))
        case .dropped:
            Response(
                status: .gatewayTimeout,
                headers: [.contentType: "text/html"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<h1>504 Gateway Timeout</h1>"))
            )
        case .malformedBody:
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"result\":\"succ"))
            )
        }
    }
}
