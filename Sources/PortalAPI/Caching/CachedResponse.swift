import Foundation
import Hummingbird
import PortalCache

/// A cacheable GET's answer: the body with `ETag` (the one stored with the body, when it was) and
/// `Cache-Status` (RFC 9211, naming the near cache or Redis for a hit), or 304 when the caller's
/// `If-None-Match` already names this body.
enum CachedResponse {
    static func response(_ value: CachedValue, for request: Request) -> Response {
        let isStale = value.status == .stale
        let body = isStale ? StaleMarker.marked(value.body) : value.body
        let tag = isStale ? EntityTag.of(body) : value.entityTag ?? EntityTag.of(body)
        var headers: HTTPFields = [.eTag: tag, .cacheStatus: cacheStatus(value.status), .cacheControl: "private, no-cache"]
        if let offered = request.headers[.ifNoneMatch],
            offered.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func cacheStatus(_ status: CachedValue.Status) -> String {
        switch status {
        case .hit(let freshFor, .memory): "portal-bff; hit; ttl=\(freshFor.components.seconds); detail=memory"
        case .hit(let freshFor, .redis): "portal-bff; hit; ttl=\(freshFor.components.seconds); detail=redis"
        case .miss(let stored): stored ? "portal-bff; fwd=miss; stored" : "portal-bff; fwd=miss"
        case .stale: "portal-bff; fwd=stale"
        case .bypass: "portal-bff; fwd=bypass"
        }
    }
}
