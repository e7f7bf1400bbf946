import APITestSupport
import Configuration
import Domain
import Foundation
import Logging
import PortalCache
import PortalRedis
import PortalServe
import PortalSupport
import PortalUpstream
import TestSupport
import Testing

@testable import PortalAPI
@testable import PortalApplication

/// Provisioning suites use Redis database 3, emptied before each test, and run one at a time: the job
/// stream is shared by every worker that reads it.
@Suite("Provisioning", .serialized, .enabled(if: TestRedis.isAvailable))
struct ProvisioningTests {
    static let redisURL = TestRedis.url(database: 3)

    struct Killed: Error {}

    func settings(products: [String] = ["SIM-D-3G=12", "SIM-D-10G=12", "SIM-V-20G=14", "SIM-FEE=-"]) throws -> ProvisioningSettings {
        try ProvisioningSettings(
            config: ConfigReader(
                provider: InMemoryProvider(values: [
                    "provisioning.whmcsProducts": .init(.stringArray(products), isSecret: false),
                    "provisioning.claimIdleSeconds": 1, "provisioning.pollMilliseconds": 10, "provisioning.retryBaseSeconds": 0,
                    "provisioning.maxAttempts": 3,
                ])
            )
        )
    }

    func worker(
        _ api: APIHarness,
        _ name: String,
        settings: ProvisioningSettings? = nil,
        afterStep: @escaping @Sendable (ProvisioningWorker.Step) async throws -> Void = { _ in }
    ) throws -> ProvisioningWorker {
        try ProvisioningWorker(
            name: name,
            services: api.dependencies.services,
            settings: try settings ?? self.settings(),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            afterStep: afterStep
        )
    }

    /// A fresh harness on an empty database 3, and a placed order (SIM-D-3G plus its fee) of customer `index`,
    /// for `body`; the harness is stopped before this returns, whether the body returned or threw.
    func withPlacedOrder(
        customer index: Int,
        productIds: [String] = ["01t5g0000000001AAA", "01t5g0000000004AAA"],
        _ body: (_ api: APIHarness, _ token: String, _ orderId: SalesforceId) async throws -> Void
    ) async throws {
        try await APIHarness.withRunning(redisURL: Self.redisURL) { api in
            try await api.redis.sendToEveryMaster(RedisCommand("FLUSHDB"))
            let (token, id) = try await api.placeOrder(customer: index, productIds: productIds)
            try await body(api, token, id)
        }
    }

    func requestProvisioning(_ api: APIHarness, _ orderId: SalesforceId, customer index: Int) async throws {
        let account = api.sandbox.seed.customers[index].salesforceAccountId.value
        let body =
            #"{"id":"\#(UUID().uuidString)","event":"OrderProvisionRequested","occurredAt":"2026-11-23T10:00:00Z","data":{"orderId":"\#(orderId.value)","accountId":"\#(account)"}}"#
        let answer = try await api.webhook("/webhooks/salesforce", body)
        #expect(answer.status == 200)
    }

    func job(_ api: APIHarness, _ orderId: SalesforceId) async throws -> ProvisioningQueue.Job? {
        try await ProvisioningQueue(redis: api.redis).job(orderId.value)
    }

    func calls(_ api: APIHarness, _ action: String) -> Int { api.sandbox.whmcsKnobs.calls("whmcs.\(action)") }

    @Test func aRequestedOrderBecomesAWhmcsOrderAndIsMarkedProvisioned() async throws {
        try await withPlacedOrder(customer: 14) { api, token, orderId in
            let before = try #require(try await api.get("/api/subscriptions", token: token).json["items"] as? [Any]).count
            try await requestProvisioning(api, orderId, customer: 14)
            #expect(try await job(api, orderId)?.state == .queued)

            #expect(try await worker(api, "w1").runOnce())
            let done = try #require(try await job(api, orderId))
            #expect(done.state == .done)
            #expect(calls(api, "AddOrder") == 1)
            #expect(calls(api, "AcceptOrder") == 1)
            let salesforce = try #require(api.dependencies.services.upstreams.salesforce)
            let order = try await salesforce.provisioningOrder(orderId)
            #expect(order.whmcsOrderId == done.whmcsOrderId)
            #expect(order.status == .provisioned)
            let subscriptions = try await api.get("/api/subscriptions", token: token)
            #expect(subscriptions.headers["cache-status"] == "portal-bff; fwd=miss; stored")
            #expect((subscriptions.json["items"] as? [[String: Any]])?.count == before + 1)
            #expect(try await api.get("/api/orders/\(orderId.value)", token: token).json["status"] as? String == "provisioned")
        }
    }

    @Test func aWorkerKilledBetweenAddOrderAndAcceptOrderIsResumedWithoutASecondWhmcsOrder() async throws {
        try await withPlacedOrder(customer: 15) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 15)
            let dying = try worker(api, "dying") { step in if step == .whmcsOrderAdded { throw Killed() } }
            await dying.runOnce()
            let stopped = try #require(try await job(api, orderId))
            #expect(stopped.state == .added)
            #expect(stopped.whmcsOrderId != nil)
            #expect(calls(api, "AcceptOrder") == 0)

            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await worker(api, "rescuer").runOnce())
            let done = try #require(try await job(api, orderId))
            #expect(done.state == .done)
            #expect(done.whmcsOrderId == stopped.whmcsOrderId)
            #expect(calls(api, "AddOrder") == 1)
            #expect(calls(api, "AcceptOrder") == 1)
            #expect(try await api.dependencies.services.upstreams.salesforce?.provisioningOrder(orderId).whmcsOrderId == stopped.whmcsOrderId)
        }
    }

    @Test func anAcceptOrderThatLandedBeforeItsWorkerDiedIsTakenAsDoneOnlyWhenWhmcsShowsTheServicesActive() async throws {
        try await withPlacedOrder(customer: 16) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 16)
            await (try worker(api, "dying") { step in if step == .whmcsOrderAdded { throw Killed() } }).runOnce()
            let stopped = try #require(try await job(api, orderId))
            let whmcsOrderId = try #require(stopped.whmcsOrderId)
            let whmcs = try #require(api.dependencies.services.upstreams.whmcs[api.sandbox.seed.customers[16].whmcsInstance])
            try await whmcs.acceptOrder(whmcsOrderId)

            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await worker(api, "rescuer").runOnce())
            #expect(try await job(api, orderId)?.state == .done)
            #expect(calls(api, "AcceptOrder") == 2)
            #expect(try await api.dependencies.services.upstreams.salesforce?.provisioningOrder(orderId).whmcsOrderId == whmcsOrderId)
        }
        try await withPlacedOrder(customer: 13) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 13)
            await (try worker(api, "dying") { step in if step == .whmcsOrderAdded { throw Killed() } }).runOnce()
            _ = try await api.redis.send(RedisCommand("HSET", RedisArgument("pb:{provisioning}:job:\(orderId.value)"), "whmcsOrderId", "1"))

            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await worker(api, "rescuer").runOnce())
            let failed = try #require(try await job(api, orderId))
            #expect(failed.state == .failed)
            #expect(failed.lastError?.contains("still pending") == true)
            #expect(try await api.dependencies.services.upstreams.salesforce?.provisioningOrder(orderId).whmcsOrderId == nil)
        }
    }

    @Test func twoWorkersRunOneJobOnceAndARepeatedRequestQueuesNothing() async throws {
        try await withPlacedOrder(customer: 16) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 16)
            try await requestProvisioning(api, orderId, customer: 16)
            #expect(try await api.redis.send(RedisCommand("XLEN", RedisArgument(ProvisioningQueue.stream))) == .integer(1))
            let first = try worker(api, "first")
            let second = try worker(api, "second")
            async let a: Void = { for _ in 0..<5 { await first.runOnce() } }()
            async let b: Void = { for _ in 0..<5 { await second.runOnce() } }()
            _ = await (a, b)
            #expect(try await job(api, orderId)?.state == .done)
            #expect(calls(api, "AddOrder") == 1)
            #expect(calls(api, "AcceptOrder") == 1)
        }
    }

    @Test func aTransientFailureIsRetriedAndAPermanentOneIsDeadLettered() async throws {
        try await withPlacedOrder(customer: 17) { api, _, orderId in
            try await requestProvisioning(api, orderId, customer: 17)
            api.sandbox.salesforceKnobs.settings.errorRate = 1
            try await worker(api, "w1").runOnce()
            let retrying = try #require(try await job(api, orderId))
            #expect(retrying.attempts == 1)
            #expect(retrying.state == .queued)
            #expect(calls(api, "AddOrder") == 0)
            api.sandbox.salesforceKnobs.settings.errorRate = 0
            try await Task.sleep(for: .milliseconds(1100))
            try await worker(api, "w2").runOnce()
            #expect(try await job(api, orderId)?.state == .done)

            try await withPlacedOrder(customer: 18, productIds: ["01t5g0000000003AAA"]) { other, _, unmapped in
                try await requestProvisioning(other, unmapped, customer: 18)
                try await worker(other, "w3", settings: try settings(products: ["SIM-D-3G=12"])).runOnce()
                let failed = try #require(try await job(other, unmapped))
                #expect(failed.state == .failed)
                #expect(failed.lastError?.contains("SIM-V-20G") == true)
                #expect(calls(other, "AddOrder") == 0)
                let dead = try await other.redis.send(RedisCommand("XRANGE", RedisArgument(ProvisioningQueue.deadLetters), "-", "+"))
                #expect(Self.strings(dead).contains(unmapped.value))
                let pending = try await other.redis.send(
                    RedisCommand("XPENDING", RedisArgument(ProvisioningQueue.stream), RedisArgument(ProvisioningQueue.group))
                )
                guard case .array(let summary) = pending else {
                    Issue.record("XPENDING answered \(pending)")
                    return
                }
                #expect(summary.first == .integer(0))
            }
        }
    }

    /// Every text inside a Redis reply.
    private static func strings(_ value: RedisValue) -> [String] {
        if case .array(let items) = value { return items.flatMap(strings) }
        return value.string.map { [$0] } ?? []
    }
}
