import PortalUpstream
import Testing

@Suite("Upstream errors")
struct UpstreamErrorTests {
    @Test func errorsThatDifferOnlyInTheirTextAreEqualAndNoOtherAre() {
        let timeout = UpstreamError.unavailable(system: "whmcs:default", cause: .timeout, detail: "GetInvoices: timeout")
        #expect(timeout == .unavailable(system: "whmcs:default", cause: .timeout, detail: "something else entirely"))
        #expect(timeout != .unavailable(system: "whmcs:default", cause: .connectionLost, detail: "GetInvoices: timeout"))
        #expect(timeout != .outcomeUnknown(system: "whmcs:default", cause: .timeout, detail: "GetInvoices: timeout"))
        #expect(timeout != .unavailable(system: "whmcs:other", cause: .timeout, detail: "GetInvoices: timeout"))
        #expect(
            UpstreamError.rateLimited(system: "freebit", cause: .status(429), retryAfter: .seconds(1))
                != .rateLimited(system: "freebit", cause: .localRateLimit, retryAfter: .seconds(1))
        )
    }

    @Test func eachTransportFailureHasItsCause() {
        #expect(UpstreamError.Cause(TransportError.timeout) == .timeout)
        #expect(UpstreamError.Cause(TransportError.refused("7")) == .connectionRefused)
        #expect(UpstreamError.Cause(TransportError.network("reset")) == .connectionLost)
        #expect(UpstreamError.Cause(TransportError.cancelled) == .cancelled)
    }

    @Test func theSystemCauseAndDetailCanBeReadFromEveryCase() {
        let rejected = UpstreamError.rejected(system: "salesforce", cause: .status(400), detail: "create Order: HTTP 400 INVALID_FIELD")
        #expect(rejected.system == "salesforce")
        #expect(rejected.cause == .status(400))
        #expect(rejected.detail == "create Order: HTTP 400 INVALID_FIELD")
        #expect("\(rejected)" == "salesforce rejected (status(400)): create Order: HTTP 400 INVALID_FIELD")
        let spent = UpstreamError.shareSpent(system: "salesforce", retryAfter: .seconds(2))
        #expect(spent.cause == .localRateLimit)
        #expect(spent.detail.isEmpty)
    }
}
