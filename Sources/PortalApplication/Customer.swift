import Domain

/// Who is calling, as their verified token says: the portal user and their records in each system.
public struct Customer: Sendable, Equatable {
    public let userId: String
    public let whmcsClientId: Int?
    public let whmcsInstance: String
    public let salesforceAccountId: SalesforceId?

    public init(userId: String, whmcsClientId: Int?, whmcsInstance: String, salesforceAccountId: SalesforceId?) {
        self.userId = userId
        self.whmcsClientId = whmcsClientId
        self.whmcsInstance = whmcsInstance
        self.salesforceAccountId = salesforceAccountId
    }
}
