import Foundation

/// The one seam between the BFF and the network: sends a request, returns the response. Implemented with
/// URLSession; tests may inject their own.
public protocol HTTPTransport: Sendable {
    func send(_ request: UpstreamRequest) async throws(TransportError) -> UpstreamResponse
}

public struct UpstreamRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    public var timeout: Duration

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Duration = .seconds(10)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// A form-encoded POST (WHMCS, Freebit). Values are percent-encoded as `application/x-www-form-urlencoded`.
    public static func form(_ url: URL, fields: [(String, String)], timeout: Duration = .seconds(10)) -> UpstreamRequest {
        UpstreamRequest(
            method: "POST",
            url: url,
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data(FormEncoding.encode(fields).utf8),
            timeout: timeout
        )
    }
}

public struct UpstreamResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// `Retry-After` in seconds (the HTTP-date form is not used by the upstreams).
    public var retryAfter: Duration? {
        headers["retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { .seconds(max(0, $0)) }
    }
}

/// Why no response arrived.
public enum TransportError: Error, Equatable, Sendable {
    case timeout
    /// No connection could be made (refused, no route, unknown host): the request was not sent.
    case refused(String)
    case network(String)
    case cancelled
}

/// `application/x-www-form-urlencoded` bodies as the clients send them (the sandbox reads them with a
/// parser of its own, so a bug here cannot hide behind a shared one).
public enum FormEncoding {
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._*")

    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        (text.addingPercentEncoding(withAllowedCharacters: unreserved.union(CharacterSet(charactersIn: " "))) ?? "")
            .replacingOccurrences(of: " ", with: "+")
    }
}
