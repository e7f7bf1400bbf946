import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import PortalSandbox
import PortalSupport
import PortalUpstream
import Synchronization

/// `HTTPTransport` that hands each request to the sandbox's responder in process, with no socket, and
/// answers as `URLSessionTransport` does over loopback: the same status, headers and body, `.timeout` when
/// the answer takes longer than the request's timeout (a latency, hang or held-back answer knob),
/// `.refused` for a host other than `Sandbox.inProcessBaseURLs`' (no connection could be made) and
/// `.cancelled` when the caller's task is. As over a socket, what the sandbox did before the caller gave
/// up stays done.
public struct InProcessTransport: HTTPTransport {
    private let responder: RouterResponder<BasicRequestContext>
    private let authority: String
    private let channel = NIOAsyncTestingChannel()
    private let logger: Logger

    /// The transport to `sandbox`, at `Sandbox.inProcessBaseURLs`; `logger` is the simulators' request logger.
    public init(sandbox: Sandbox, logger: Logger = Logger(label: "sandbox") { _ in SwiftLogNoOpLogHandler() }) {
        responder = sandbox.responder()
        authority = Self.authority(of: Sandbox.inProcessBaseURLs.salesforce) ?? ""
        self.logger = logger
    }

    public func send(_ request: UpstreamRequest) async throws(TransportError) -> UpstreamResponse {
        guard request.url.scheme == "http", Self.authority(of: request.url) == authority,
            let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        else { throw .refused("no in-process server at \(request.url.host ?? "")") }
        let path =
            (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath)
            + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        var fields = HTTPFields()
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            guard let name = HTTPField.Name(name) else { throw .network("header name \(name) is not a token") }
            fields.append(HTTPField(name: name, value: value))
        }
        if let body = request.body { fields[.contentLength] = String(body.count) }
        guard let method = HTTPRequest.Method(request.method) else { throw .network("method \(request.method) is not a token") }
        let head = HTTPRequest(method: method, scheme: "http", authority: authority, path: path, headerFields: fields)
        let call = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: request.body ?? Data())))
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        do {
            return try await withDeadline(request.timeout, timeoutError: { TransportError.timeout }) { [responder] in
                try await Self.answer(to: call, context: context, from: responder)
            }
        } catch let error as TransportError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .network(String(describing: type(of: error)))
        }
    }

    /// The responder's answer as the server would write it: an error it throws is a bare 500.
    private static func answer(
        to request: Request,
        context: BasicRequestContext,
        from responder: RouterResponder<BasicRequestContext>
    ) async throws -> UpstreamResponse {
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            try Task.checkCancellation()
            response = Response(status: .internalServerError)
        }
        try Task.checkCancellation()
        let collected = CollectedBody()
        try await response.body.write(collected)
        return UpstreamResponse(status: response.status.code, headers: response.headers.flattenedByName, body: collected.data)
    }

    private static func authority(of url: URL) -> String? {
        url.host.map { host in url.port.map { "\(host):\($0)" } ?? host }
    }
}

/// The bytes a response body writes.
private final class CollectedBody: ResponseBodyWriter, Sendable {
    private let buffer = Mutex(Data())

    var data: Data { buffer.withLock { $0 } }

    func write(_ buffer: ByteBuffer) async throws {
        self.buffer.withLock { $0.append(contentsOf: buffer.readableBytesView) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
