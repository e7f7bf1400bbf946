import APITestSupport
import Foundation
import PortalCache
import PortalSupport
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

@Suite("Stale answers")
struct StaleRoutesTests {
    @Test func pastItsFreshTimeWithTheUpstreamDownACopyIsServedStale() async throws {
        try await RouteHarness.withRouter(freshSeconds: 1) { api in
            let token = try await api.token(customer: 17)
            let first = try await api.get("/api/dashboard", token: token)
            #expect(first.status == 200)
            #expect((first.json["meta"] as? [String: Any])?["stale"] == nil)
            #expect(try await api.get("/api/invoices", token: token).status == 200)
            try await Task.sleep(for: .milliseconds(1100))
            api.sandbox.whmcsKnobs.settings.errorRate = 1
            api.sandbox.salesforceKnobs.settings.errorRate = 1
            api.sandbox.freebitKnobs.settings.errorRate = 1

            let dashboard = try await api.get("/api/dashboard", token: token)
            #expect(dashboard.status == 200)
            #expect(dashboard.headers["cache-status"] == "portal-bff; fwd=stale")
            let meta = try #require(dashboard.json["meta"] as? [String: Any])
            #expect(meta["stale"] as? Bool == true)
            #expect(dashboard.json["counts"] as? [String: Any] == nil ? false : true)
            let invoices = try await api.get("/api/invoices", token: token)
            #expect(invoices.status == 200)
            #expect(invoices.headers["cache-status"] == "portal-bff; fwd=stale")
            #expect((invoices.json["items"] as? [Any])?.isEmpty == false)
        }
    }

    @Test func theStaleMarkGoesIntoTheTopLevelMetaOnly() throws {
        func marked(_ text: String) -> String { String(decoding: StaleMarker.marked(Data(text.utf8)), as: UTF8.self) }
        #expect(marked(#"{"a":{"meta":{}},"meta":{"unavailable":[]}}"#) == #"{"a":{"meta":{}},"meta":{"stale":true,"unavailable":[]}}"#)
        #expect(marked(#"{"meta":{}}"#) == #"{"meta":{"stale":true}}"#)
        #expect(marked(#"{"x":"\"meta\":{","meta":{"u":1}}"#) == #"{"x":"\"meta\":{","meta":{"stale":true,"u":1}}"#)
        #expect(marked(#"{"items":[{"meta":{}}],"page":1}"#) == #"{"items":[{"meta":{}}],"page":1}"#)
        #expect(marked(#"{"meta":"text"}"#) == #"{"meta":"text"}"#)
    }
}
