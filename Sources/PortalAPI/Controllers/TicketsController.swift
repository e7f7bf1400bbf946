import Domain
import Foundation
import Hummingbird
import PortalApplication
import PortalCache

/// `GET /api/tickets` (a page of the caller's support tickets) and `GET /api/tickets/{id}` (one, with its
/// conversation), cached in the caller's WHMCS client group `tickets`, which every ticket write and ticket
/// webhook empties.
struct TicketsController {
    let route: CachedRoute
    let policies: CacheSettings
    let tickets: TicketService

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("tickets", use: list)
        group.get("tickets/:id", use: show)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let query = request.uri.queryParameters
        var problems: [String: String] = [:]
        let page = InvoicesController.integer(query.get("page"), default: 1, range: 1...10_000, field: "page", problems: &problems)
        let pageSize = InvoicesController.pageSize(query.get("pageSize"), problems: &problems)
        guard problems.isEmpty else { throw APIError.validation(problems) }
        let tickets = tickets
        let account = try shown { () throws(ServiceError) in try tickets.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .tickets), field: "page=\(page)&pageSize=\(pageSize)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .tickets)) { () async throws(ServiceError) in
            try await tickets.page(account, page: page, pageSize: pageSize)
        }
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let customer = try context.requireCustomer()
        let id = try context.positiveId("id")
        let tickets = tickets
        let account = try shown { () throws(ServiceError) in try tickets.account(of: customer) }
        let key = CacheKey(group: try CachedRoute.whmcsGroup(account, .tickets), field: "id=\(id)")
        return try await route.respond(to: request, key: key, policy: policies.policy(for: .ticket)) { () async throws(ServiceError) in
            try await tickets.ticket(account, id: id)
        }
    }
}
