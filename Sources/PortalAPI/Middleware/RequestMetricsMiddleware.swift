import Dispatch
import Hummingbird
import Metrics
import Synchronization

/// `hb_requests`, `hb_request_errors` and `http_server_request_duration` by route, method and the status that
/// was sent, and `http_server_active_requests` by method: the metrics of Hummingbird's `MetricsMiddleware`,
/// recorded outside the error mapping so that a 404 or a 429 is counted as what the caller got, not as the 500
/// an error the framework does not know would count as. Every answer of 400 or more also counts as an error,
/// with its status as `error.type`.
final class RequestMetricsMiddleware: RouterMiddleware, Sendable {
    typealias Context = PortalRequestContext

    private struct Key: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }

    private struct Recorders {
        let requests: Counter
        let duration: Timer
        let errors: Counter?
    }

    private let factory: any MetricsFactory
    private let recorders = Mutex<[Key: Recorders]>([:])
    private let active = Mutex<[HTTPRequest.Method: Meter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let meter = activeMeter(request.method)
        meter.increment()
        defer { meter.decrement() }
        do {
            let response = try await next(request, context)
            record(context.endpointPath, request.method, response.status.code, since: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? HTTPResponse.Status.internalServerError.code
            record(context.endpointPath, request.method, status, since: started)
            throw error
        }
    }

    private func record(_ route: String?, _ method: HTTPRequest.Method, _ status: Int, since started: UInt64) {
        let metrics = recorders(Key(route: route ?? "NotFound", method: method, status: status))
        metrics.requests.increment()
        metrics.errors?.increment()
        metrics.duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
    }

    private func recorders(_ key: Key) -> Recorders {
        recorders.withLock { cache in
            if let found = cache[key] { return found }
            let dimensions = [("http.route", key.route), ("http.request.method", key.method.rawValue)]
            let status = String(key.status)
            let made = Recorders(
                requests: Counter(label: "hb.requests", dimensions: dimensions + [("http.response.status_code", status)], factory: factory),
                duration: Timer(
                    label: "http.server.request.duration",
                    dimensions: dimensions + [("http.response.status_code", status)],
                    preferredDisplayUnit: .seconds,
                    factory: factory
                ),
                errors: key.status >= 400
                    ? Counter(label: "hb.request.errors", dimensions: dimensions + [("error.type", status)], factory: factory) : nil
            )
            cache[key] = made
            return made
        }
    }

    private func activeMeter(_ method: HTTPRequest.Method) -> Meter {
        active.withLock { meters in
            if let found = meters[method] { return found }
            let made = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)], factory: factory)
            meters[method] = made
            return made
        }
    }
}
