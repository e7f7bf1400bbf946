/// The fields of a provisioning Platform Event the mapper reads; the custom ones are configurable because
/// the event definition in the org is. `CreatedDate` and `CreatedById` are Salesforce's standard fields.
public struct PlatformEventFields: Sendable, Hashable {
    public var orderIdField: String
    public var idempotencyKeyField: String
    public var createdDateField: String
    public var createdByIdField: String

    public init(
        orderIdField: String = "orderId__c",
        idempotencyKeyField: String = "idemKey__c",
        createdDateField: String = "CreatedDate",
        createdByIdField: String = "CreatedById"
    ) {
        self.orderIdField = orderIdField
        self.idempotencyKeyField = idempotencyKeyField
        self.createdDateField = createdDateField
        self.createdByIdField = createdByIdField
    }
}
