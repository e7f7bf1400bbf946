import Domain
import Foundation
import Hummingbird
import PortalCache
import PortalConfig
import PortalUpstream
import PortalWhmcs

/// `GET /api/invoices` (a page of the caller's invoices) and `GET /api/invoices/{id}` (one, with items),
/// read through the cache in the caller's WHMCS client group `invoices`.
struct InvoicesController {
    let cache: CacheService
    let policies: CacheSettings
    let upstreams: Upstreams

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("invoices", use: list)
        group.get("invoices/:id", use: show)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let query = request.uri.queryParameters
        var problems: [String: String] = [:]
        let page = Self.integer(query.get("page"), default: 1, range: 1...10_000, field: "page", problems: &problems)
        let pageSize = Self.integer(query.get("pageSize"), default: 25, range: 1...100, field: "pageSize", problems: &problems)
        var status: InvoiceStatus?
        if let text = query.get("status") {
            status = InvoiceStatus.knownCases.first { $0.name == text }
            if status == nil { problems["status"] = "must be one of " + InvoiceStatus.knownCases.map(\.name).joined(separator: ", ") }
        }
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let filter = status
        let (connection, clientId) = try upstreams.whmcs(for: customer)
        let key = CacheKey(group: try Self.group(customer, clientId: clientId), field: "page=\(page)&pageSize=\(pageSize)&status=\(status?.name ?? "")")
        let value = try await cache.value(for: key, policy: policies.policy(for: .invoices)) {
            try JSONBody.encode(try await Self.upstream("Invoices") { () async throws(UpstreamError) in
                try await WhmcsInvoiceService(connection: connection).page(clientId: clientId, page: page, pageSize: pageSize, status: filter)
            })
        }
        return CachedResponse.response(value, for: request)
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        guard let id = context.parameters.get("id", as: Int.self), id > 0 else { throw APIError.validation(["id": "must be a positive whole number"]) }
        let (connection, clientId) = try upstreams.whmcs(for: customer)
        let key = CacheKey(group: try Self.group(customer, clientId: clientId), field: "id=\(id)")
        let value = try await cache.value(for: key, policy: policies.policy(for: .invoice)) {
            try JSONBody.encode(try await Self.upstream("Invoice") { () async throws(UpstreamError) in
                try await WhmcsInvoiceService(connection: connection).invoice(id: id, clientId: clientId)
            })
        }
        return CachedResponse.response(value, for: request)
    }

    /// The invoice group of one WHMCS client: what an invoice webhook for that client drops.
    static func group(_ customer: Customer, clientId: Int) throws(APIError) -> CacheGroup {
        guard let group = CacheGroup(tag: "whmcs:\(customer.whmcsInstance):\(clientId)", name: "invoices") else { throw .internalError }
        return group
    }

    static func upstream<Value>(_ what: String, _ call: () async throws(UpstreamError) -> Value) async throws(APIError) -> Value {
        do {
            return try await call()
        } catch {
            throw APIError(error, notFound: what)
        }
    }

    static func integer(_ text: String?, default fallback: Int, range: ClosedRange<Int>, field: String, problems: inout [String: String]) -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            problems[field] = "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            return fallback
        }
        return value
    }
}

extension PortalRequestContext {
    func requireCustomer() throws(APIError) -> Customer {
        guard let customer else { throw .unauthenticated }
        return customer
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
