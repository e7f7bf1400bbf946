import Foundation
import Tracing

/// One upstream attempt as a client span, a child of whatever the call is made for (a portal request,
/// a provisioning job), whose W3C `traceparent` goes out with the request, so the upstream's own traces
/// join the BFF's. Attributes follow OpenTelemetry's HTTP client conventions; the query and the body
/// (SOQL, WHMCS credentials) are never recorded.
struct UpstreamAttemptSpan {
    private let span: any Span

    /// Starts the span and adds its trace context to `request`'s headers.
    init(system: String, action: String, attempt: Int, request: inout UpstreamRequest) {
        span = startSpan("\(system) \(action)", context: ServiceContext.current ?? .topLevel, ofKind: .client)
        span.updateAttributes { attributes in
            attributes["upstream.system"] = system
            attributes["upstream.action"] = action
            attributes["upstream.attempt"] = attempt
            attributes["http.request.method"] = request.method
            attributes["server.address"] = request.url.host ?? ""
            if let port = request.url.port { attributes["server.port"] = port }
            attributes["url.path"] = request.url.path
        }
        InstrumentationSystem.instrument.inject(span.context, into: &request.headers, using: HeaderInjector())
    }

    func answered(status: Int, outcome: String, isError: Bool) {
        span.attributes["http.response.status_code"] = status
        end(outcome: outcome, isError: isError)
    }

    func failed(_ error: TransportError) {
        span.attributes["error.type"] = "\(error)"
        end(outcome: "\(error)", isError: true)
    }

    private func end(outcome: String, isError: Bool) {
        span.attributes["upstream.outcome"] = outcome
        if isError { span.setStatus(SpanStatus(code: .error)) }
        span.end()
    }

    private struct HeaderInjector: Injector {
        func inject(_ value: String, forKey key: String, into headers: inout [String: String]) {
            headers[key] = value
        }
    }
}
