import Domain
import PortalCache
import PortalSalesforce
import PortalUpstream

/// The product catalog from Salesforce: its categories, and each category's products with their prices.
public struct CatalogService: Sendable {
    let upstreams: Upstreams
    let relations: CacheRelations

    /// Whether `text` can name a category: 1 to 40 lower-case letters, digits or hyphens.
    public static func isCategory(_ text: String) -> Bool {
        (1...40).contains(text.utf8.count)
            && text.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "-")
            }
    }

    public func categories() async throws(ServiceError) -> [String] {
        let salesforce = try requireSalesforce()
        return try await ServiceError.showing(notFound: "Catalog") { () async throws(UpstreamError) in try await salesforce.categories() }
    }

    /// The products of `category`, recorded as a cached category so that a catalog change with no
    /// category named drops it.
    public func products(in category: String) async throws(ServiceError) -> [CatalogProduct] {
        let salesforce = try requireSalesforce()
        if let relation = CacheGroups.cachedCategories { await relations.record(category, in: relation) }
        return try await ServiceError.showing(notFound: "Catalog") { () async throws(UpstreamError) in
            try await salesforce.products(category: category)
        }
    }

    func requireSalesforce() throws(ServiceError) -> SalesforceOrchestrator {
        guard let salesforce = upstreams.salesforce else { throw .notFound("Catalog") }
        return salesforce
    }
}
