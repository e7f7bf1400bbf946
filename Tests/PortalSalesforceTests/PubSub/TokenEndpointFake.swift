import Foundation
import PortalUpstream
import Synchronization

/// Salesforce's token endpoint as far as the subscriber needs it: every grant answers a new token
/// (`token-1`, `token-2`, …) with an identity URL naming the org `TokenEndpointFake.orgId`.
final class TokenEndpointFake: HTTPTransport {
    static let orgId = "00DTESTORG000001"
    static let instanceURL = "https://example.my.salesforce.com"

    private let grants = Mutex(0)

    var grantCount: Int { grants.withLock { $0 } }

    func send(_ request: UpstreamRequest) async throws(TransportError) -> UpstreamResponse {
        let number = grants.withLock {
            $0 += 1
            return $0
        }
        let body = """
            {"access_token":"token-\(number)","instance_url":"\(Self.instanceURL)",\
            "id":"https://login.salesforce.com/id/\(Self.orgId)/005TESTUSER00001","token_type":"Bearer"}
            """
        return UpstreamResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}
