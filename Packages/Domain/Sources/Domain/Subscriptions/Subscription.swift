/// A customer's service (WHMCS "product/service"), with the SIM it runs on when it is a mobile line.
public struct Subscription: Sendable, Hashable, Codable {
    public var id: Int
    public var orderId: Int?
    public var productId: Int
    public var productName: String
    public var groupName: String?
    public var status: SubscriptionStatus
    public var billingCycle: BillingCycle
    public var recurringAmount: Money
    public var firstPaymentAmount: Money?
    public var registeredOn: LocalDate?
    public var nextDueOn: LocalDate?
    public var domain: String?
    /// The service's custom fields by name, as the customer may see them.
    public var customFields: [String: String]
    public var sim: SimRef?

    public init(
        id: Int,
        orderId: Int?,
        productId: Int,
        productName: String,
        groupName: String?,
        status: SubscriptionStatus,
        billingCycle: BillingCycle,
        recurringAmount: Money,
        firstPaymentAmount: Money?,
        registeredOn: LocalDate?,
        nextDueOn: LocalDate?,
        domain: String?,
        customFields: [String: String],
        sim: SimRef?
    ) {
        self.id = id
        self.orderId = orderId
        self.productId = productId
        self.productName = productName
        self.groupName = groupName
        self.status = status
        self.billingCycle = billingCycle
        self.recurringAmount = recurringAmount
        self.firstPaymentAmount = firstPaymentAmount
        self.registeredOn = registeredOn
        self.nextDueOn = nextDueOn
        self.domain = domain
        self.customFields = customFields
        self.sim = sim
    }
}

/// How to reach a subscription's SIM at Freebit: the line's number (`account`) and/or the card's ICCID.
public struct SimRef: Sendable, Hashable, Codable {
    /// The MSISDN, digits only.
    public var account: String?
    /// The ICCID, digits only.
    public var iccid: String?

    public init(account: String?, iccid: String?) {
        self.account = account
        self.iccid = iccid
    }
}
