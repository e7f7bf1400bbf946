/// A product the customer can order, with its active prices.
public struct CatalogProduct: Sendable, Hashable, Codable {
    public var id: SalesforceId
    public var name: String
    public var sku: String?
    public var family: String?
    public var category: String
    public var description: String?
    public var prices: [Price]

    public init(
        id: SalesforceId,
        name: String,
        sku: String?,
        family: String?,
        category: String,
        description: String?,
        prices: [Price]
    ) {
        self.id = id
        self.name = name
        self.sku = sku
        self.family = family
        self.category = category
        self.description = description
        self.prices = prices
    }
}

public struct Price: Sendable, Hashable, Codable {
    public var pricebookEntryId: SalesforceId
    public var unitPrice: Money
    public var billingCycle: BillingCycle?

    public init(pricebookEntryId: SalesforceId, unitPrice: Money, billingCycle: BillingCycle?) {
        self.pricebookEntryId = pricebookEntryId
        self.unitPrice = unitPrice
        self.billingCycle = billingCycle
    }
}

/// One page of a Salesforce query's records. `nextRecordsPath` is where the next page is, when there is one.
public struct SalesforceRecords<Record: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    public var records: [Record]
    public var totalSize: Int
    public var nextRecordsPath: String?

    public init(records: [Record], totalSize: Int, nextRecordsPath: String?) {
        self.records = records
        self.totalSize = totalSize
        self.nextRecordsPath = nextRecordsPath
    }
}
