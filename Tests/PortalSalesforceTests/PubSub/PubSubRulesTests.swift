import GRPCCore
import Testing

@testable import PortalSalesforce

@Suite("Pub/Sub subscriber rules")
struct PubSubRulesTests {
    @Test func backoffDoublesFromTheBaseUpToTheMaximum() {
        var backoff = PubSubBackoff(base: .milliseconds(100), maximum: .milliseconds(500), random: { 1 })
        let delays = (0..<5).map { _ in backoff.next() }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
    }

    @Test func backoffStartsOverAfterAReset() {
        var backoff = PubSubBackoff(base: .milliseconds(100), maximum: .seconds(10), random: { 1 })
        _ = backoff.next()
        _ = backoff.next()
        backoff.reset()
        #expect(backoff.next() == .milliseconds(100))
    }

    @Test func backoffJitterScalesTheDelayDownToZero() {
        var half = PubSubBackoff(base: .milliseconds(100), maximum: .seconds(10), random: { 0.5 })
        var none = PubSubBackoff(base: .milliseconds(100), maximum: .seconds(10), random: { 0 })
        #expect(half.next() == .milliseconds(50))
        #expect(none.next() == .zero)
    }

    @Test(arguments: [(Int32(100), Int32?.none), (70, 30), (0, 100), (-5, 100), (120, nil)])
    func aTopUpBringsPendingBackToTheBatchSize(pending: Int32, expected: Int32?) {
        #expect(PubSubFlowControl(batchSize: 100).topUp(pending: pending) == expected)
    }

    @Test func theBatchSizeIsCappedAtSalesforcesLimit() {
        #expect(SalesforcePubSubSettings(batchSize: 500).batchSize == 100)
        #expect(SalesforcePubSubSettings(batchSize: 0).batchSize == 1)
    }

    @Test func aStreamResumesAfterTheStoredIdUnlessItWasRefused() {
        let id: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 9]
        #expect(PubSubReplayStart.resuming(stored: nil, refused: nil, fallback: .earliest) == .latest)
        #expect(PubSubReplayStart.resuming(stored: id, refused: nil, fallback: .earliest) == .after(id))
        #expect(PubSubReplayStart.resuming(stored: id, refused: id, fallback: .earliest) == .earliest)
        #expect(PubSubReplayStart.resuming(stored: id, refused: id, fallback: .latest) == .latest)
        #expect(PubSubReplayStart.resuming(stored: id, refused: [1], fallback: .latest) == .after(id))
    }

    @Test func failuresAreToldApartByStatusAndErrorCodeTrailer() {
        func cause(_ code: RPCError.Code, _ errorCode: String? = nil) -> PubSubFailure.Cause {
            PubSubFailure(RPCError(code: code, message: "m", metadata: errorCode.map { ["error-code": .string($0)] } ?? [:])).cause
        }
        #expect(cause(.unauthenticated) == .authentication)
        #expect(cause(.permissionDenied, "sfdc.platform.eventbus.grpc.service.auth.error") == .authentication)
        #expect(cause(.invalidArgument, "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted") == .replayIdCorrupted)
        #expect(cause(.invalidArgument) == .other)
        #expect(cause(.unavailable) == .unavailable)
        #expect(cause(.internalError, "sfdc.platform.eventbus.grpc.service.unavailable") == .unavailable)
        #expect(cause(.internalError) == .other)
    }

    @Test func theOrgIdIsTheSecondToLastSegmentOfTheIdentityURL() {
        #expect(SalesforceToken.organizationId(identityURL: "https://login.salesforce.com/id/00D5g000000ORG1/0055g000000USR1") == "00D5g000000ORG1")
        #expect(SalesforceToken.organizationId(identityURL: "https://login.salesforce.com/") == nil)
        #expect(SalesforceToken.organizationId(identityURL: "not a url") == nil)
    }
}
