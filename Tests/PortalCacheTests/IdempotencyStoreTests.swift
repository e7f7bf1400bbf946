import Foundation
import PortalCache
import PortalRedis
import TestSupport
import Testing

@Suite("Idempotency store", .enabled(if: TestRedis.isAvailable))
struct IdempotencyStoreTests {
    private func store() throws -> IdempotencyStore {
        IdempotencyStore(redis: try TestRedis.client(poolSize: 2), waitLimit: .milliseconds(200))
    }

    @Test func aKeyIsActedOnByOneRequestAtATimeAndAWriteOfUnknownOutcomeIsHandedToTheNext() async throws {
        let store = try store()
        let name = TestRedis.uniquePrefix()
        guard case .acquired(var first) = try await store.claim(name, fingerprint: "f") else {
            Issue.record("first claim")
            return
        }
        #expect(first.record.state == .claimed)
        #expect(try await store.sending(&first, plan: Data("plan".utf8), resource: nil, at: Date()))
        #expect(try await store.claim(name, fingerprint: "f") == .inProgress)
        #expect(try await store.take(name) == .busy)
        #expect(try await store.claim(name, fingerprint: "other") == .conflict)

        await store.unlock(first)
        guard case .acquired(let next) = try await store.claim(name, fingerprint: "f") else {
            Issue.record("second claim")
            return
        }
        #expect(next.record.state == .sending)
        #expect(next.record.plan == Data("plan".utf8))
        #expect(try await store.take(name) == .busy)
        try await store.complete(next, status: 201, body: Data("{}".utf8))
        #expect(try await store.claim(name, fingerprint: "f") == .replay(status: 201, body: Data("{}".utf8)))
    }

    @Test func aResourceIsHeldByOneWriteUntilItIsSettled() async throws {
        let store = try store()
        let resource = TestRedis.uniquePrefix()
        let (first, second) = (TestRedis.uniquePrefix() + ":1", TestRedis.uniquePrefix() + ":2")
        #expect(try await store.acquire(resource: resource, holder: first) == .acquired)
        #expect(try await store.acquire(resource: resource, holder: first) == .acquired)
        #expect(try await store.acquire(resource: resource, holder: second) == .heldBy(first))
        #expect(try await !store.handOver(resource: resource, from: second, to: second))
        #expect(try await store.handOver(resource: resource, from: first, to: second))
        #expect(try await store.acquire(resource: resource, holder: first) == .heldBy(second))
        await store.release(resource: resource, holder: second)
        #expect(try await store.acquire(resource: resource, holder: first) == .acquired)
    }
}
