import Domain
import PortalCache

/// Where every route keeps its entries, named once for the routes that fill them and the webhooks that
/// empty them.
public enum CacheGroups {
    /// The groups of one WHMCS client, tagged `whmcs:INSTANCE:CLIENT`.
    public enum Whmcs: String, CaseIterable, Sendable {
        case invoices, subscriptions, paymethods, profile, sim, dashboard, tickets
    }

    public static func whmcs(instance: String, clientId: Int, _ name: Whmcs) -> CacheGroup? {
        CacheGroup(tag: whmcsTag(instance: instance, clientId: clientId), name: name.rawValue)
    }

    public static func whmcsTag(instance: String, clientId: Int) -> String { "whmcs:\(instance):\(clientId)" }

    /// A Salesforce account's orders (the list and each order), tagged `sf:ACCOUNT`.
    public static func orders(accountId: SalesforceId) -> CacheGroup? {
        CacheGroup(tag: salesforceTag(accountId), name: "orders")
    }

    /// The profile of a customer known only to Salesforce.
    public static func salesforceProfile(accountId: SalesforceId) -> CacheGroup? {
        CacheGroup(tag: salesforceTag(accountId), name: "profile")
    }

    public static func salesforceTag(_ accountId: SalesforceId) -> String { "sf:\(accountId.value)" }

    /// The catalog's category list, and each category's products.
    public static let catalogCategories = CacheGroup(tag: "catalog", name: "categories")
    public static func catalog(category: String) -> CacheGroup? { CacheGroup(tag: "catalog", name: "category:\(category)") }

    /// The WHMCS clients whose cached dashboards show a Salesforce account's orders.
    public static func dashboards(ofAccount accountId: SalesforceId) -> CacheRelations.Relation? {
        CacheRelations.Relation(tag: salesforceTag(accountId), name: "dashboards")
    }

    /// The catalog categories that have cached products.
    public static let cachedCategories = CacheRelations.Relation(tag: "catalog", name: "categories")
}
