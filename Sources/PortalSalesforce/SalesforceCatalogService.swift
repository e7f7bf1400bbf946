import Domain
import PortalUpstream

/// Active products of the catalog pricebook with their prices.
struct SalesforceCatalogService: Sendable {
    let connection: SalesforceConnection
    let context: SalesforceMappingContext
    let pricebookId: SalesforceId

    /// Active products of one catalog category (every category when nil) with their active prices.
    func products(category: String?) async throws(UpstreamError) -> [CatalogProduct] {
        let action = category == nil ? "query Product2 all" : "query Product2"
        let query = try connection.statement(SalesforceQueries.catalog(category: category, pricebookId: pricebookId, fields: context.fields))
        let pages = try await connection.query(query, action: action)
        let context = context
        var products: [CatalogProduct] = []
        for page in pages {
            products += try connection.map(page, action: action) { raw throws(MappingError) in
                try Providers.Salesforce.products(from: raw, context: context)
            }.records
        }
        return products
    }

    /// The catalog categories that have active products, sorted.
    func categories() async throws(UpstreamError) -> [String] {
        Set(try await products(category: nil).map(\.category)).sorted()
    }
}
