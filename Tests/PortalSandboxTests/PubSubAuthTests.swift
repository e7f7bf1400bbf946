import GRPCCore
import PortalSandbox
import SalesforcePubSubAPI
import Testing

@Suite("Pub/Sub simulator: the three auth headers")
struct PubSubAuthTests {
    static let authError = "sfdc.platform.eventbus.grpc.service.auth.error"

    enum BadHeaders: String, CaseIterable {
        case noToken, unknownToken, noInstanceURL, wrongTenant
    }

    @Test(arguments: BadHeaders.allCases)
    func aCallWithBadHeadersIsUnauthenticatedWithSalesforcesErrorCode(_ bad: BadHeaders) async throws {
        try await PubSubHarness.with { pubSub async throws in
            var metadata = pubSub.metadata
            switch bad {
            case .noToken: metadata.removeAllValues(forKey: "accesstoken")
            case .unknownToken: metadata.replaceOrAddString("00Dmadeup!token", forKey: "accesstoken")
            case .noInstanceURL: metadata.removeAllValues(forKey: "instanceurl")
            case .wrongTenant: metadata.replaceOrAddString("00D000000000000AAA", forKey: "tenantid")
            }
            let error = await #expect(throws: RPCError.self) { try await pubSub.topicInfo(metadata: metadata) }
            #expect(error?.code == .unauthenticated)
            #expect(error?.salesforceErrorCode == Self.authError)
        }
    }

    @Test func theRightHeadersAreLetIn() async throws {
        try await PubSubHarness.with { pubSub async throws in
            #expect(try await pubSub.topicInfo().tenantGuid == Sandbox.salesforceOrgId)
        }
    }

    @Test func anExpiredTokenIsUnauthenticated() async throws {
        try await PubSubHarness.with { pubSub async throws in
            pubSub.sandbox.expireSalesforceAccessTokens()
            let error = await #expect(throws: RPCError.self) { try await pubSub.topicInfo() }
            #expect(error?.code == .unauthenticated)
            #expect(error?.salesforceErrorCode == Self.authError)
        }
    }

    @Test func aSubscribeWithBadHeadersFailsBeforeAnyResponse() async throws {
        try await PubSubHarness.with { pubSub async throws in
            var metadata = pubSub.metadata
            metadata.replaceOrAddString("someone-else", forKey: "tenantid")
            let error = try await pubSub.subscribe(.fetch(requested: 10), metadata: metadata) { stream async throws in await stream.failure() }
            #expect(error?.code == .unauthenticated)
            #expect(error?.salesforceErrorCode == Self.authError)
        }
    }

    @Test func anOpenStreamEndsWithTheAuthErrorWhenItsTokenExpires() async throws {
        try await PubSubHarness.with { pubSub async throws in
            let sandbox = pubSub.sandbox
            let error = try await pubSub.subscribe(.fetch(requested: 10)) { stream async throws in
                try await pubSub.untilSubscribed()
                try sandbox.publishPlatformEvent("OrderProvisionRequested__e", fields: ["orderId__c": "8010000000001AAA"])
                #expect(try await stream.events(1).count == 1)
                sandbox.expireSalesforceAccessTokens()
                return await stream.failure()
            }
            #expect(error?.code == .unauthenticated)
            #expect(error?.salesforceErrorCode == Self.authError)
            #expect(pubSub.sandbox.pubSubStreams.last?.ending == "auth")
        }
    }
}
