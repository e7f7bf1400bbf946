import Foundation
import PortalSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPTransport` over URLSession (libcurl on Linux). Each request carries its own timeout, enforced here:
/// FoundationNetworking rounds `timeoutInterval` to whole seconds, so it only serves as a backstop.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init(maximumConnectionsPerHost: Int = 16) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func send(_ request: UpstreamRequest) async throws(TransportError) -> UpstreamResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = (request.timeout.timeInterval + 1).rounded(.up)
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        do {
            let prepared = urlRequest
            let (data, response) = try await withDeadline(request.timeout, timeoutError: { TransportError.timeout }) { [session] in
                try await session.data(for: prepared)
            }
            guard let http = response as? HTTPURLResponse else { throw TransportError.network("not an HTTP response") }
            var headers: [String: String] = [:]
            for case (let name as String, let value as String) in http.allHeaderFields { headers[name] = value }
            return UpstreamResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as TransportError {
            throw error
        } catch let error as URLError {
            switch error.code {
            case .timedOut: throw .timeout
            case .cancelled: throw .cancelled
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet: throw .refused("\(error.code.rawValue)")
            default: throw .network("\(error.code.rawValue)")
            }
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .network(String(describing: type(of: error)))
        }
    }
}

extension Duration {
    var timeInterval: TimeInterval { seconds }
}
