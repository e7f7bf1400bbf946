import Domain
import PortalCache
import PortalUpstream

/// The event → invalidation table of `webhooks.md`: which cache groups a typed event empties.
public struct InvalidationPolicy: Sendable {
    /// Why the groups of an event could not be worked out; the sender should retry later.
    public enum Unresolved: Error {
        /// The cache that records which groups belong together did not answer.
        case cache
        case upstream(UpstreamError)
    }

    let relations: CacheRelations
    let upstreams: Upstreams

    public func groups(for event: WhmcsEvent) async throws(Unresolved) -> [CacheGroup] {
        switch event.change {
        case .invoiceChanged(let clientId, let invoiceId):
            let owner: Int?
            if let clientId {
                owner = clientId
            } else {
                owner = try await self.owner(ofInvoice: invoiceId, instance: event.instance)
            }
            guard let owner else { return [] }
            return Self.whmcs(event.instance, owner, [.invoices, .dashboard])
        case .serviceChanged(let clientId, _):
            return Self.whmcs(event.instance, clientId, [.subscriptions, .sim, .dashboard])
        case .clientChanged(let clientId):
            return Self.whmcs(event.instance, clientId, [.profile])
        case .orderChanged(let clientId, _):
            return Self.whmcs(event.instance, clientId, [.subscriptions, .invoices, .dashboard])
        case .payMethodsChanged(let clientId):
            return Self.whmcs(event.instance, clientId, [.paymethods])
        case .ticketChanged(let clientId, let ticketId):
            let owner: Int?
            if let clientId {
                owner = clientId
            } else {
                owner = try await self.owner(ofTicket: ticketId, instance: event.instance)
            }
            guard let owner, owner > 0 else { return [] }
            return Self.whmcs(event.instance, owner, [.tickets])
        case .unknown:
            return []
        }
    }

    public func groups(for event: SalesforceEvent) async throws(Unresolved) -> [CacheGroup] {
        switch event.change {
        case .orderStatusChanged(let accountId, _, _), .provisionRequested(let accountId, _):
            return try await orderGroups(of: accountId)
        case .catalogChanged(let category?) where CatalogService.isCategory(category):
            return [CacheGroups.catalogCategories, CacheGroups.catalog(category: category)].compactMap { $0 }
        case .catalogChanged:
            let cached = try await members(of: CacheGroups.cachedCategories)
            return [CacheGroups.catalogCategories].compactMap { $0 } + cached.compactMap(CacheGroups.catalog(category:))
        case .unknown:
            return []
        }
    }

    private static func whmcs(_ instance: String, _ clientId: Int, _ names: [CacheGroups.Whmcs]) -> [CacheGroup] {
        names.compactMap { CacheGroups.whmcs(instance: instance, clientId: clientId, $0) }
    }

    /// An account's orders and the dashboards that show them.
    public func orderGroups(of accountId: SalesforceId) async throws(Unresolved) -> [CacheGroup] {
        [CacheGroups.orders(accountId: accountId)].compactMap { $0 } + (try await dashboards(of: accountId))
    }

    /// The dashboards that show the account's orders: those of the WHMCS clients recorded beside it.
    private func dashboards(of accountId: SalesforceId) async throws(Unresolved) -> [CacheGroup] {
        try await members(of: CacheGroups.dashboards(ofAccount: accountId)).compactMap { tag in
            CacheGroup(tag: tag, name: CacheGroups.Whmcs.dashboard.rawValue)
        }
    }

    private func members(of relation: CacheRelations.Relation?) async throws(Unresolved) -> [String] {
        guard let relation else { return [] }
        do {
            return try await relations.members(of: relation)
        } catch {
            throw .cache
        }
    }

    /// The client of a ticket whose event did not name it, asked of WHMCS (0 for a guest's ticket); nil when
    /// the ticket is gone.
    private func owner(ofTicket ticketId: Int, instance: String) async throws(Unresolved) -> Int? {
        guard let whmcs = upstreams.whmcs[instance] else { return nil }
        do {
            return try await whmcs.owner(ofTicket: ticketId)
        } catch .notFound {
            return nil
        } catch {
            throw .upstream(error)
        }
    }

    /// The client of an invoice whose event did not name it, asked of WHMCS; nil when the invoice is gone.
    private func owner(ofInvoice invoiceId: Int, instance: String) async throws(Unresolved) -> Int? {
        guard let whmcs = upstreams.whmcs[instance] else { return nil }
        do {
            return try await whmcs.owner(ofInvoice: invoiceId)
        } catch .notFound {
            return nil
        } catch {
            throw .upstream(error)
        }
    }
}
