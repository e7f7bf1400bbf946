import Domain

/// The context a payload is mapped in: what a provider payload does not say about itself.
public struct MapOptions: Sendable {
    public var currency: CurrencyCode
    public var simFields: SimFieldNames
    public var pageSize: Int
    public var instance: String
    public var today: LocalDate

    public init(currency: CurrencyCode = .jpy, simFields: SimFieldNames = SimFieldNames(), pageSize: Int = 25, instance: String = "default", today: LocalDate) {
        self.currency = currency
        self.simFields = simFields
        self.pageSize = pageSize
        self.instance = instance
        self.today = today
    }

    var whmcs: WhmcsMappingContext {
        WhmcsMappingContext(instance: instance, defaultCurrency: currency, simFields: simFields)
    }

    var salesforce: SalesforceMappingContext {
        SalesforceMappingContext(defaultCurrency: currency)
    }

    var freebit: FreebitMappingContext {
        FreebitMappingContext(today: today)
    }
}
