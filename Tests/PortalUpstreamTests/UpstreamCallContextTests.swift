import Foundation
import Logging
import PortalUpstream
import TestSupport
import Testing

@Suite("Upstream call context")
struct UpstreamCallContextTests {
    let request = UpstreamRequest.form(URL(string: "http://127.0.0.1:1/includes/api.php")!, fields: [("action", "GetInvoices")])

    @Test func aCallIsLoggedOnTheContextsLoggerWithTheCallersSystem() async throws {
        let own = LogCapture()
        let requests = LogCapture()
        let caller = UpstreamCaller(system: "whmcs:test", transport: ScriptedTransport([]), logger: own.logger())
        var requestLogger = requests.logger()
        requestLogger[metadataKey: "hb.request.id"] = "request-1"
        try await UpstreamCallContext.with(requester: .customer("cust-1"), logger: requestLogger) {
            _ = try await caller.call(request, action: "GetInvoices", idempotent: true) { _ in .accept }
        }
        #expect(own.all.isEmpty)
        #expect(requests.all.count == 1)
        #expect(
            requests.all.allSatisfy {
                $0.contains("hb.request.id=request-1") && $0.contains("system=whmcs:test") && $0.contains("action=GetInvoices")
            }
        )
    }

    @Test func aCallOutsideAContextIsLoggedOnTheCallersOwnLogger() async throws {
        let own = LogCapture()
        let caller = UpstreamCaller(system: "whmcs:test", transport: ScriptedTransport([]), logger: own.logger())
        _ = try await caller.call(request, action: "GetInvoices", idempotent: true) { _ in .accept }
        try await UpstreamCallContext.with(requester: .background, logger: nil) {
            _ = try await caller.call(request, action: "GetInvoices", idempotent: true) { _ in .accept }
        }
        #expect(own.all.count == 2)
        #expect(own.all.allSatisfy { $0.contains("system=whmcs:test") })
    }
}
