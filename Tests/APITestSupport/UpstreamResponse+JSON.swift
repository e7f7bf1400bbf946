import Foundation
import PortalUpstream

extension UpstreamResponse {
    /// The body as a JSON object, for tests that look at the wire shape itself (error bodies, unknown keys).
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    /// The portal's error object `{"code", "message", "requestId", "fields"}` of an error answer.
    public var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
}
