import Domain
import Foundation
import Logging
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@testable import PortalSalesforce

/// A sandbox (reached in process unless a test is about the socket) and Salesforce services signed in to it
/// with the connected app's key.
struct SalesforceHarness {
    let reached: SandboxUnderTest
    let logs = LogCapture()

    var sandbox: Sandbox { reached.sandbox }

    static func start(_ reach: SandboxUnderTest.Reach = .inProcess) async throws -> SalesforceHarness {
        SalesforceHarness(reached: try await SandboxUnderTest.start(reach))
    }

    /// Starts a harness, runs `body` with it and stops its sandbox before returning, whether the body
    /// returned or threw.
    @discardableResult
    static func withRunning<Result>(
        _ reach: SandboxUnderTest.Reach = .inProcess,
        _ body: (SalesforceHarness) async throws -> Result
    ) async throws -> Result {
        try await withTeardown(try await start(reach), stop: { await $0.reached.stop() }, body)
    }

    func credentials(clientId: String = Sandbox.salesforceClientId) -> SalesforceCredentials {
        SalesforceCredentials(
            loginURL: reached.baseURLs.salesforce,
            audience: Sandbox.salesforceAudience,
            clientId: clientId,
            username: Sandbox.salesforceUsername,
            privateKeyPEM: sandbox.connectedAppPrivateKeyPEM
        )
    }

    func services(clientId: String = Sandbox.salesforceClientId) -> SalesforceOrchestrator {
        let caller = UpstreamCaller(
            system: "salesforce",
            transport: reached.transport,
            settings: .init(retry: RetryPolicy(baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20))),
            logger: logs.logger()
        )
        return SalesforceOrchestrator(
            credentials: credentials(clientId: clientId),
            caller: caller,
            context: SalesforceMappingContext(),
            pricebookId: SandboxSeed.standardPricebookId
        )
    }

    var customer: SandboxCustomer { sandbox.seed.customers[0] }
}

@Suite("Salesforce services against the sandbox")
struct SalesforceServicesTests {
    /// In process and over the socket alike.
    @Test(arguments: SandboxUnderTest.Reach.allCases) func theAccountMaps(_ reach: SandboxUnderTest.Reach) async throws {
        try await SalesforceHarness.withRunning(reach) { harness in
            let account = try await harness.services().account(harness.customer.salesforceAccountId)
            #expect(account.id == harness.customer.salesforceAccountId)
            #expect(account.name == harness.customer.name)
        }
    }

    @Test func ordersOfTheAccountComeNewestFirst() async throws {
        try await SalesforceHarness.withRunning { harness in
            let orders = try await harness.services().orders(accountId: harness.customer.salesforceAccountId)
            #expect(orders.count == 2)
            #expect(orders[0].createdAt >= orders[1].createdAt)
            #expect(orders.allSatisfy { $0.accountName == harness.customer.name })
        }
    }

    @Test func anOrderComesWithItsItemsAndOnlyForItsAccount() async throws {
        try await SalesforceHarness.withRunning { harness in
            let services = harness.services()
            let summary = try await services.orders(accountId: harness.customer.salesforceAccountId)[0]
            let order = try await services.order(summary.id, accountId: harness.customer.salesforceAccountId)
            #expect(order.items.count == 2)
            #expect(order.summary.totalAmount == summary.totalAmount)
            await #expect {
                try await services.order(summary.id, accountId: harness.sandbox.seed.customers[1].salesforceAccountId)
            } throws: { error in
                if case .notFound = error as? UpstreamError { true } else { false }
            }
        }
    }

    @Test func theCatalogOfACategoryHasPrices() async throws {
        try await SalesforceHarness.withRunning { harness in
            let products = try await harness.services().products(category: "sim")
            #expect(products.count == 4)
            #expect(products.allSatisfy { !$0.prices.isEmpty && $0.category == "sim" })
        }
    }

    @Test func aHostileCategoryMatchesNothing() async throws {
        try await SalesforceHarness.withRunning { harness async throws in
            #expect(try await harness.services().products(category: "sim' OR Name != '").isEmpty)
        }
    }

    @Test func resultsLargerThanABatchArePagedThrough() async throws {
        try await SalesforceHarness.withRunning { harness in
            harness.sandbox.salesforceQueryBatchSize = 2
            let products = try await harness.services().products(category: "sim")
            #expect(products.count == 4)
            #expect(harness.sandbox.salesforceKnobs.calls("salesforce.queryMore") == 1)
        }
    }

    @Test func anExpiredSessionIsRenewedOnceAndTheCallRepeated() async throws {
        try await SalesforceHarness.withRunning { harness in
            let services = harness.services()
            _ = try await services.account(harness.customer.salesforceAccountId)
            harness.sandbox.expireSalesforceAccessTokens()
            harness.sandbox.salesforceKnobs.resetCalls()
            _ = try await services.account(harness.customer.salesforceAccountId)
            #expect(harness.sandbox.salesforceKnobs.calls("salesforce.token") == 1)
            #expect(harness.sandbox.salesforceKnobs.calls("salesforce.query") == 2)
        }
    }

    @Test func neitherTheKeyNorTheTokenIsEverLogged() async throws {
        try await SalesforceHarness.withRunning { harness in
            _ = try await harness.services().orders(accountId: harness.customer.salesforceAccountId)
            harness.sandbox.expireSalesforceAccessTokens()
            _ = try await harness.services().orders(accountId: harness.customer.salesforceAccountId)
            let logged = harness.logs.text
            #expect(!harness.logs.all.isEmpty)
            #expect(!logged.contains("PRIVATE KEY"))
            #expect(!logged.contains("Bearer"))
            #expect(!logged.contains("assertion"))
            #expect(!logged.contains("SELECT"))
        }
    }

    @Test func aConnectedAppThatIsNotTrustedCannotSignIn() async throws {
        try await SalesforceHarness.withRunning { harness in
            await #expect {
                try await harness.services(clientId: "some-other-app").account(harness.customer.salesforceAccountId)
            } throws: { error in
                if case .authenticationFailed = error as? UpstreamError { true } else { false }
            }
        }
    }

    @Test func theDailyRequestLimitIsARateLimitNotARefusal() async throws {
        try await SalesforceHarness.withRunning { harness in
            let services = harness.services()
            _ = try await services.account(harness.customer.salesforceAccountId)
            var knobs = harness.sandbox.salesforceKnobs.settings
            knobs.rateLimitBurst = 10
            harness.sandbox.salesforceKnobs.settings = knobs
            await #expect {
                try await services.account(harness.customer.salesforceAccountId)
            } throws: { error in
                if case .rateLimited = error as? UpstreamError { true } else { false }
            }
        }
    }
}
