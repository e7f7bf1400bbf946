import Foundation
import InMemoryTracing
import MetricsTestKit
import PortalCache
import TestSupport
import Testing
import Tracing

/// A lookup is a span of its own that ends before the load, so the load's upstream calls are its
/// siblings beneath the request, not its children.
@Suite("Cache service: tracing")
struct CacheServiceTracingTests {
    @Test func eachLookupIsASpanThatSaysWhatItFoundAndEndsBeforeTheLoad() async throws {
        _ = TestTracing.tracer
        let cache = CacheService(store: InMemoryCacheStore(), metrics: CacheMetrics(factory: TestMetrics()))
        let key = CacheKey(group: CacheGroup(tag: "whmcs:test:\(UUID().uuidString)", name: "invoices")!, field: "page=1")
        let policy = CachePolicy(freshFor: .seconds(60), staleFor: .seconds(60))
        let traced = try await TestTracing.trace {
            _ = try await cache.value(for: key, policy: policy) {
                let load = TestTracing.tracer.startSpan("load", context: ServiceContext.current ?? .topLevel)
                load.end()
                return Data("v1".utf8)
            }
            _ = try await cache.value(for: key, policy: policy) { Data("v2".utf8) }
        }
        let lookups = traced.spans.filter { $0.operationName == "cache lookup invoices" }
        #expect(lookups.map { $0.attributes["cache.outcome"]?.toSpanAttribute() } == [.string("absent"), .string("hit")])
        #expect(lookups.allSatisfy { $0.parentSpanID == traced.root.spanID })
        #expect(lookups.first?.attributes["cache.group"]?.toSpanAttribute() == .string("invoices"), "the group, never the customer's tag")
        let load = try #require(traced.spans.first { $0.operationName == "load" })
        #expect(load.parentSpanID == traced.root.spanID)
    }
}
