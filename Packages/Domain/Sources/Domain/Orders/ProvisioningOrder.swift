/// What provisioning needs of a Salesforce order: whose it is in WHMCS, what to order there, and whether it
/// already was (`whmcsOrderId`).
public struct ProvisioningOrder: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        /// The Salesforce ProductCode, which the BFF's configuration maps to a WHMCS product.
        public var productCode: String
        public var billingCycle: BillingCycle
        public var quantity: Int

        public init(productCode: String, billingCycle: BillingCycle, quantity: Int) {
            self.productCode = productCode
            self.billingCycle = billingCycle
            self.quantity = quantity
        }
    }

    public var orderId: SalesforceId
    public var accountId: SalesforceId
    public var status: OrderStatus
    /// The WHMCS instance the account belongs to; nil means the default instance.
    public var whmcsInstance: String?
    public var whmcsClientId: Int
    public var whmcsOrderId: Int?
    public var lines: [Line]

    public init(
        orderId: SalesforceId,
        accountId: SalesforceId,
        status: OrderStatus,
        whmcsInstance: String?,
        whmcsClientId: Int,
        whmcsOrderId: Int?,
        lines: [Line]
    ) {
        self.orderId = orderId
        self.accountId = accountId
        self.status = status
        self.whmcsInstance = whmcsInstance
        self.whmcsClientId = whmcsClientId
        self.whmcsOrderId = whmcsOrderId
        self.lines = lines
    }
}
