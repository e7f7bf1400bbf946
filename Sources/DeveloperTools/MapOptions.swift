import Domain

/// The contexts a payload is mapped in: what a provider payload does not say about itself.
public struct MapOptions: Sendable {
    public var whmcs: WhmcsMappingContext
    public var salesforce: SalesforceMappingContext
    public var pageSize: Int
    public var today: LocalDate

    public init(whmcs: WhmcsMappingContext, salesforce: SalesforceMappingContext, pageSize: Int, today: LocalDate) {
        self.whmcs = whmcs
        self.salesforce = salesforce
        self.pageSize = pageSize
        self.today = today
    }

    var freebit: FreebitMappingContext {
        FreebitMappingContext(today: today)
    }
}
