import Foundation
import Hummingbird
import PortalApplication
import PortalCache

/// What every cached GET route does: read `key` through the cache with `policy`, loading with `load` (an
/// application service's answer) on a miss, and answer with ETag and Cache-Status.
struct CachedRoute: Sendable {
    let cache: CacheService

    /// A loaded value, and whether it is whole (a degraded answer is served but not cached); `alongside`
    /// are further entries of the same group it taught us, stored with it (`CacheService.Loaded`).
    struct Loaded<Value: Encodable & Sendable>: Sendable {
        let value: Value
        let complete: Bool
        var alongside: [String: Data] = [:]
    }

    func respond<Value: Encodable & Sendable>(
        to request: Request,
        key: CacheKey,
        policy: CachePolicy,
        load: @escaping @Sendable () async throws(ServiceError) -> Value
    ) async throws -> Response {
        try await respond(to: request, key: key, policy: policy) { () async throws(ServiceError) in Loaded(value: try await load(), complete: true) }
    }

    /// The same for a value assembled from several sources: a partial one is served, not stored.
    func respond<Value: Encodable & Sendable>(
        to request: Request,
        key: CacheKey,
        policy: CachePolicy,
        assemble: @escaping @Sendable () async throws(ServiceError) -> Assembled<Value>
    ) async throws -> Response {
        try await respond(to: request, key: key, policy: policy) { () async throws(ServiceError) in
            let assembled = try await assemble()
            return Loaded(value: assembled.value, complete: assembled.complete)
        }
    }

    func respond<Value: Encodable & Sendable>(
        to request: Request,
        key: CacheKey,
        policy: CachePolicy,
        load: @escaping @Sendable () async throws(ServiceError) -> Loaded<Value>
    ) async throws -> Response {
        CachedResponse.response(try await value(key: key, policy: policy, load: load), for: request)
    }

    /// The cached body for `key` (loaded and stored on a miss), for routes that use it rather than send it.
    func value<Value: Encodable & Sendable>(
        key: CacheKey,
        policy: CachePolicy,
        load: @escaping @Sendable () async throws(ServiceError) -> Loaded<Value>
    ) async throws -> CachedValue {
        try await cache.value(
            for: key,
            policy: policy,
            loading: {
                let loaded = try await APIError.showing(load)
                return CacheService.Loaded(body: try JSONBody.encode(loaded.value), storable: loaded.complete, alongside: loaded.alongside)
            }
        )
    }

    /// A group of one WHMCS client's entries, e.g. `pb:{whmcs:default:1001}:invoices`.
    static func whmcsGroup(_ account: BillingAccount, _ name: CacheGroups.Whmcs) throws(APIError) -> CacheGroup {
        guard let group = CacheGroups.whmcs(instance: account.instance, clientId: account.clientId, name) else { throw .internalError }
        return group
    }
}

/// Domain values as the portal sends them: JSON with sorted keys, encoded once and cached as bytes.
enum JSONBody {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

extension PortalRequestContext {
    func requireCustomer() throws(APIError) -> Customer {
        guard let customer else { throw .unauthenticated }
        return customer
    }

    /// A positive whole-number path parameter, or a validation error naming it.
    func positiveId(_ name: String) throws(APIError) -> Int {
        guard let id = parameters.get(name, as: Int.self), id > 0 else { throw .validation([name: "must be a positive whole number"]) }
        return id
    }
}

/// A synchronous service call whose failure is shown to the frontend.
func shown<Value>(_ work: () throws(ServiceError) -> Value) throws(APIError) -> Value {
    do {
        return try work()
    } catch {
        throw APIError(error)
    }
}
