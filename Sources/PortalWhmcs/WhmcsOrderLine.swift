/// One product of a WHMCS order and its billing cycle as WHMCS names it (`monthly`, `annually`, …).
public struct WhmcsOrderLine: Sendable, Equatable {
    public let productId: Int
    public let billingCycle: String

    public init(productId: Int, billingCycle: String) {
        self.productId = productId
        self.billingCycle = billingCycle
    }
}
