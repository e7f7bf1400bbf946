import Domain
import Foundation
import Logging
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@testable import PortalWhmcs

/// A sandbox (reached in process unless a test is about the socket), and a WHMCS connection to one of its
/// instances.
struct WhmcsHarness {
    let reached: SandboxUnderTest
    let logs = LogCapture()

    var sandbox: Sandbox { reached.sandbox }

    static func start(_ reach: SandboxUnderTest.Reach = .inProcess) async throws -> WhmcsHarness {
        WhmcsHarness(reached: try await SandboxUnderTest.start(reach))
    }

    /// Starts a harness, runs `body` with it and stops its sandbox before returning, whether the body
    /// returned or threw.
    @discardableResult
    static func withRunning<Result>(
        _ reach: SandboxUnderTest.Reach = .inProcess,
        _ body: (WhmcsHarness) async throws -> Result
    ) async throws -> Result {
        try await withTeardown(try await start(reach), stop: { await $0.reached.stop() }, body)
    }

    func connection(
        instance: String = "default",
        secret: String? = nil,
        settings: UpstreamCaller.Settings = .init(
            retry: RetryPolicy(baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20)),
            timeout: .seconds(5)
        )
    ) throws -> WhmcsConnection {
        let baseURL = try #require(reached.baseURLs.whmcs[instance])
        let whmcsInstance = WhmcsInstance(
            name: instance,
            baseURL: baseURL,
            identifier: "sandbox-\(instance)-identifier",
            secret: secret ?? "sandbox-\(instance)-secret"
        )
        let caller = UpstreamCaller(system: "whmcs:\(instance)", transport: reached.transport, settings: settings, logger: logs.logger())
        return WhmcsConnection(instance: whmcsInstance, context: WhmcsMappingContext(instance: instance), caller: caller)
    }

    var customer: SandboxCustomer { sandbox.seed.customers[0] }
}

@Suite("WHMCS services against the sandbox")
struct WhmcsServicesTests {
    /// In process and over the socket alike.
    @Test(arguments: SandboxUnderTest.Reach.allCases) func invoicePagesComeBackMappedAndPaged(_ reach: SandboxUnderTest.Reach) async throws {
        try await WhmcsHarness.withRunning(reach) { harness in
            let invoices = WhmcsInvoiceService(connection: try harness.connection())
            let first = try await invoices.page(clientId: harness.customer.whmcsClientId, page: 1, pageSize: 5)
            let second = try await invoices.page(clientId: harness.customer.whmcsClientId, page: 2, pageSize: 5)
            #expect(first.total == 7)
            #expect(first.items.count == 5)
            #expect(second.items.count == 2)
            #expect(second.page == 2)
            #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))
            #expect(first.items.allSatisfy { $0.total.currency == .jpy })
        }
    }

    @Test func theStatusFilterReachesWhmcs() async throws {
        try await WhmcsHarness.withRunning { harness in
            let page = try await WhmcsInvoiceService(connection: try harness.connection())
                .page(clientId: harness.customer.whmcsClientId, page: 1, pageSize: 25, status: .paymentPending)
            #expect(!page.items.isEmpty)
            #expect(page.items.allSatisfy { $0.status == .paymentPending })
        }
    }

    @Test func anInvoiceOfTheClientComesWithItsItems() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsInvoiceService(connection: try harness.connection())
            let clientId = harness.customer.whmcsClientId
            let listed = try await service.page(clientId: clientId, page: 1, pageSize: 1).items[0]
            let invoice = try await service.invoice(id: listed.id, clientId: clientId)
            #expect(invoice.summary.id == listed.id)
            #expect(invoice.items.count == 2)
            #expect(invoice.items.first?.serviceId != nil)
        }
    }

    @Test func anotherClientsInvoiceIsNotFound() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsInvoiceService(connection: try harness.connection())
            let other = harness.sandbox.seed.customers[1].whmcsClientId
            let theirs = try await service.page(clientId: other, page: 1, pageSize: 1).items[0].id
            await #expect {
                try await service.invoice(id: theirs, clientId: harness.customer.whmcsClientId)
            } throws: { error in
                if case .notFound = error as? UpstreamError { true } else { false }
            }
        }
    }

    @Test func aMissingInvoiceIsNotFound() async throws {
        try await WhmcsHarness.withRunning { harness in
            await #expect {
                try await WhmcsInvoiceService(connection: try harness.connection()).invoice(id: 999_999, clientId: harness.customer.whmcsClientId)
            } throws: { error in
                if case .notFound = error as? UpstreamError { true } else { false }
            }
        }
    }

    @Test func subscriptionsCarryTheirSimReference() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsSubscriptionService(connection: try harness.connection())
            let subscriptions = try await service.subscriptions(clientId: harness.customer.whmcsClientId)
            let mobile = try #require(subscriptions.first { $0.sim != nil })
            #expect(mobile.sim?.account?.count == 11)
            #expect(try await service.subscription(id: mobile.id, clientId: harness.customer.whmcsClientId) == mobile)
            await #expect(throws: UpstreamError.self) {
                try await service.subscription(id: mobile.id, clientId: harness.sandbox.seed.customers[1].whmcsClientId)
            }
        }
    }

    @Test func clientDetailsAndPayMethodsMap() async throws {
        try await WhmcsHarness.withRunning { harness in
            let service = WhmcsClientService(connection: try harness.connection())
            let client = try await service.client(clientId: harness.customer.whmcsClientId)
            #expect(client.email == "yamada.1@example.jp")
            #expect(client.address?.prefecture == "東京都")
            let methods = try await service.paymentMethods(clientId: harness.customer.whmcsClientId)
            #expect(methods.count == 1)
            #expect(methods[0].isDefault)
        }
    }

    @Test func eachInstanceHasItsOwnClients() async throws {
        try await WhmcsHarness.withRunning { harness in
            let brandB = try #require(harness.sandbox.seed.customers.first { $0.whmcsInstance == "brand-b" })
            let client = try await WhmcsClientService(connection: try harness.connection(instance: "brand-b")).client(clientId: brandB.whmcsClientId)
            #expect(client.clientId == brandB.whmcsClientId)
            await #expect(throws: UpstreamError.self) {
                try await WhmcsClientService(connection: try harness.connection(instance: "default")).client(clientId: brandB.whmcsClientId)
            }
        }
    }
}

@Suite("WHMCS connection resilience")
struct WhmcsResilienceTests {
    @Test func wrongCredentialsAreNeverRetriedAndNeverLogged() async throws {
        try await WhmcsHarness.withRunning { harness in
            let connection = try harness.connection(secret: "wrong-secret-value")
            await #expect {
                try await WhmcsClientService(connection: connection).client(clientId: harness.customer.whmcsClientId)
            } throws: { error in
                if case .authenticationFailed = error as? UpstreamError { true } else { false }
            }
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 1)
            #expect(!harness.logs.text.contains("wrong-secret-value"))
            #expect(!harness.logs.text.contains("sandbox-default-identifier"))
        }
    }

    @Test func rateLimitAnswersAreRetriedAfterRetryAfter() async throws {
        try await WhmcsHarness.withRunning { harness in
            var knobs = harness.sandbox.whmcsKnobs.settings
            knobs.rateLimitBurst = 2
            knobs.retryAfterSeconds = 0
            harness.sandbox.whmcsKnobs.settings = knobs
            let client = try await WhmcsClientService(connection: try harness.connection()).client(clientId: harness.customer.whmcsClientId)
            #expect(client.clientId == harness.customer.whmcsClientId)
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 3)
        }
    }

    @Test func timeoutsOfReadsAreRetriedFiveTimesThenReportedUnavailable() async throws {
        try await WhmcsHarness.withRunning { harness in
            var knobs = harness.sandbox.whmcsKnobs.settings
            knobs.timeoutRate = 1
            knobs.timeoutDelay = .seconds(3)
            harness.sandbox.whmcsKnobs.settings = knobs
            let settings = UpstreamCaller.Settings(
                breaker: .init(failureThreshold: 100),
                retry: RetryPolicy(baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20)),
                timeout: .milliseconds(300)
            )
            await #expect {
                try await WhmcsClientService(connection: try harness.connection(settings: settings)).client(clientId: harness.customer.whmcsClientId)
            } throws: { error in
                if case .unavailable = error as? UpstreamError { true } else { false }
            }
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 5)
        }
    }

    @Test func serverErrorsOpenTheBreakerWhichThenFailsFast() async throws {
        try await WhmcsHarness.withRunning { harness in
            var knobs = harness.sandbox.whmcsKnobs.settings
            knobs.errorRate = 1
            harness.sandbox.whmcsKnobs.settings = knobs
            let settings = UpstreamCaller.Settings(breaker: .init(failureThreshold: 3, openDuration: .seconds(60)))
            let service = WhmcsClientService(connection: try harness.connection(settings: settings))
            for _ in 0..<5 { _ = try? await service.client(clientId: harness.customer.whmcsClientId) }
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 3)
        }
    }

    @Test func aMalformedBodyIsAnInvalidResponse() async throws {
        try await WhmcsHarness.withRunning { harness in
            var knobs = harness.sandbox.whmcsKnobs.settings
            knobs.malformedRate = 1
            harness.sandbox.whmcsKnobs.settings = knobs
            await #expect {
                try await WhmcsClientService(connection: try harness.connection()).client(clientId: harness.customer.whmcsClientId)
            } throws: { error in
                if case .invalidResponse = error as? UpstreamError { true } else { false }
            }
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 1)
        }
    }

    @Test func anOpenBreakerProbesAfterItsPeriodAndClosesWhenWhmcsIsBack() async throws {
        try await WhmcsHarness.withRunning { harness in
            var knobs = harness.sandbox.whmcsKnobs.settings
            knobs.errorRate = 1
            harness.sandbox.whmcsKnobs.settings = knobs
            let connection = try harness.connection(settings: .init(breaker: .init(failureThreshold: 2, openDuration: .milliseconds(200))))
            let service = WhmcsClientService(connection: connection)
            for _ in 0..<3 { _ = try? await service.client(clientId: harness.customer.whmcsClientId) }
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 2)
            knobs.errorRate = 0
            harness.sandbox.whmcsKnobs.settings = knobs
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await service.client(clientId: harness.customer.whmcsClientId).clientId == harness.customer.whmcsClientId)
            #expect(try await service.client(clientId: harness.customer.whmcsClientId).clientId == harness.customer.whmcsClientId)
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 4)
        }
    }

    /// Over the socket: the limiter refills on the wall clock (1 a minute), and an in-process sandbox shares
    /// the cooperative pool with every other suite, which under `make test` stretched three calls past a minute.
    @Test func theClientSideRateLimitKeepsCallsFromLeaving() async throws {
        try await WhmcsHarness.withRunning(.socket) { harness in
            let settings = UpstreamCaller.Settings(perMinute: 1, burst: 2, maximumQueueWait: .zero)
            let service = WhmcsClientService(connection: try harness.connection(settings: settings))
            _ = try await service.client(clientId: harness.customer.whmcsClientId)
            _ = try await service.client(clientId: harness.customer.whmcsClientId)
            await #expect {
                try await service.client(clientId: harness.customer.whmcsClientId)
            } throws: { error in
                if case .rateLimited = error as? UpstreamError { true } else { false }
            }
            #expect(harness.sandbox.whmcsKnobs.calls("whmcs.GetClientsDetails") == 2)
        }
    }
}

@Suite("WHMCS orders against the sandbox")
struct WhmcsOrderTests {
    @Test func anAddedOrderCreatesPendingServicesAndAnUnpaidInvoiceThatAcceptingActivates() async throws {
        try await WhmcsHarness.withRunning { harness in
            let connection = try harness.connection()
            let clientId = harness.customer.whmcsClientId
            let receipt = try await WhmcsOrderService(connection: connection)
                .addOrder(clientId: clientId, lines: [.init(productId: 14, billingCycle: "monthly")], paymentMethod: "stripe")
            #expect(receipt.serviceIds.count == 1)
            let serviceId = try #require(receipt.serviceIds.first)
            let subscriptions = WhmcsSubscriptionService(connection: connection)
            #expect(try await subscriptions.subscription(id: serviceId, clientId: clientId).status == .pending)
            let invoiceId = try #require(receipt.invoiceId)
            let invoice = try await WhmcsInvoiceService(connection: connection).invoice(id: invoiceId, clientId: clientId)
            #expect(invoice.summary.status == .unpaid)
            #expect(invoice.items.first?.serviceId == serviceId)

            try await WhmcsOrderService(connection: connection).acceptOrder(receipt.orderId)
            #expect(try await subscriptions.subscription(id: serviceId, clientId: clientId).status == .active)
            await #expect(throws: UpstreamError.self) { try await WhmcsOrderService(connection: connection).acceptOrder(receipt.orderId) }
        }
    }

    @Test func anOrderForAnUnknownProductIsRefused() async throws {
        try await WhmcsHarness.withRunning { harness in
            await #expect {
                try await WhmcsOrderService(connection: try harness.connection())
                    .addOrder(
                        clientId: harness.customer.whmcsClientId,
                        lines: [.init(productId: 999, billingCycle: "monthly")],
                        paymentMethod: "stripe"
                    )
            } throws: { error in
                if case .rejected = error as? UpstreamError { true } else { false }
            }
        }
    }
}
