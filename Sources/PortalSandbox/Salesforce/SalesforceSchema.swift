import Domain
import Foundation

/// A field value of a stored record.
enum SalesforceValue: Sendable, Equatable {
    case null
    /// Text, picklist values and ids (ids always in their 18-character form).
    case text(String)
    case number(Decimal)
    case boolean(Bool)
    case date(LocalDate)
    /// As Salesforce writes it: `2024-01-15T10:30:00.000+0000`.
    case dateTime(String)
}

/// One field of an sObject type.
struct SObjectField: Sendable {
    enum Kind: Sendable, Equatable {
        case id
        /// A lookup to a record of the named object.
        case reference(String)
        case text
        case number
        case boolean
        case date
        case dateTime
    }

    enum Access: Sendable {
        case readOnly
        case create
        case createAndUpdate
    }

    let name: String
    let kind: Kind
    var access: Access = .readOnly
    /// Required on create.
    var required = false
    /// Written in scientific notation from 1000 up (`7.308E3`), as Salesforce's serializer does for large
    /// doubles, so that clients meet the form with ordinary amounts.
    var scientific = false
    /// A unique (external id) field: no two records hold the same value.
    var unique = false
}

/// An sObject type: its fields, lookups (relationship name → reference field) and child relationships.
struct SObjectType: Sendable {
    struct Child: Sendable {
        let name: String
        let object: String
        /// The child's reference field pointing at the parent.
        let field: String
    }

    let name: String
    let keyPrefix: String
    let fields: [SObjectField]
    let parents: [String: String]
    let children: [Child]

    /// Field names, relationship names and object names are case-insensitive in SOQL and the REST API.
    func field(_ name: some StringProtocol) -> SObjectField? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The lookup called `name` and the reference field it follows.
    func parent(_ name: some StringProtocol) -> (name: String, field: SObjectField)? {
        guard let (relationship, fieldName) = parents.first(where: { $0.key.caseInsensitiveCompare(name) == .orderedSame }),
            let field = field(fieldName)
        else { return nil }
        return (relationship, field)
    }

    func child(_ name: some StringProtocol) -> Child? {
        children.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    func attributes(id: String, version: String) -> JSONValue {
        .object([("type", .string(name)), ("url", .string("/services/data/\(version)/sobjects/\(name)/\(id)"))])
    }
}

/// The objects the simulator knows, with the fields the BFF reads and writes.
enum SalesforceSchema {
    static func object(_ name: some StringProtocol) -> SObjectType? {
        objects.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    static let objects: [SObjectType] = [account, order, orderItem, product, pricebookEntry, pricebook]

    private static func text(_ name: String) -> SObjectField { SObjectField(name: name, kind: .text) }

    static let account = SObjectType(
        name: "Account",
        keyPrefix: "001",
        fields: [SObjectField(name: "Id", kind: .id)]
            + ["Name", "WHMCS_Instance__c", "BillingCountry"].map(text)
            + [
                "PersonEmail", "Phone", "PersonMobilePhone", "BillingStreet", "BillingCity", "BillingState", "BillingPostalCode",
                "BillingCountryCode",
            ].map { SObjectField(name: $0, kind: .text, access: .createAndUpdate) }
            + [SObjectField(name: "WHMCS_Client_Id__c", kind: .number)],
        parents: [:],
        children: [.init(name: "Orders", object: "Order", field: "AccountId")]
    )

    static let order = SObjectType(
        name: "Order",
        keyPrefix: "801",
        fields: [
            SObjectField(name: "Id", kind: .id),
            SObjectField(name: "AccountId", kind: .reference("Account"), access: .create, required: true),
            text("OrderNumber"),
            SObjectField(name: "Status", kind: .text, access: .createAndUpdate, required: true),
            SObjectField(name: "Type", kind: .text, access: .createAndUpdate),
            SObjectField(name: "EffectiveDate", kind: .date, access: .createAndUpdate, required: true),
            SObjectField(name: "TotalAmount", kind: .number, scientific: true),
            SObjectField(name: "CreatedDate", kind: .dateTime),
            SObjectField(name: "CurrencyIsoCode", kind: .text, access: .create),
            SObjectField(name: "Pricebook2Id", kind: .reference("Pricebook2"), access: .create),
            SObjectField(name: "WHMCS_Order_Id__c", kind: .text, access: .createAndUpdate),
            SObjectField(name: "Portal_Idempotency_Key__c", kind: .text, access: .create, unique: true),
        ],
        parents: ["Account": "AccountId", "Pricebook2": "Pricebook2Id"],
        children: [.init(name: "OrderItems", object: "OrderItem", field: "OrderId")]
    )

    static let orderItem = SObjectType(
        name: "OrderItem",
        keyPrefix: "802",
        fields: [
            SObjectField(name: "Id", kind: .id),
            SObjectField(name: "OrderId", kind: .reference("Order"), access: .create, required: true),
            SObjectField(name: "Product2Id", kind: .reference("Product2"), access: .create),
            SObjectField(name: "PricebookEntryId", kind: .reference("PricebookEntry"), access: .create, required: true),
            SObjectField(name: "Quantity", kind: .number, access: .createAndUpdate, required: true),
            SObjectField(name: "UnitPrice", kind: .number, access: .createAndUpdate, required: true),
            SObjectField(name: "TotalPrice", kind: .number),
            SObjectField(name: "Item_Class__c", kind: .text, access: .createAndUpdate),
            text("CurrencyIsoCode"),
        ],
        parents: ["Order": "OrderId", "Product2": "Product2Id", "PricebookEntry": "PricebookEntryId"],
        children: []
    )

    static let product = SObjectType(
        name: "Product2",
        keyPrefix: "01t",
        fields: [SObjectField(name: "Id", kind: .id)] + ["Name", "ProductCode", "Family", "Description"].map(text)
            + [SObjectField(name: "IsActive", kind: .boolean), text("Portal_Category__c")],
        parents: [:],
        children: [.init(name: "PricebookEntries", object: "PricebookEntry", field: "Product2Id")]
    )

    static let pricebookEntry = SObjectType(
        name: "PricebookEntry",
        keyPrefix: "01u",
        fields: [
            SObjectField(name: "Id", kind: .id),
            SObjectField(name: "Product2Id", kind: .reference("Product2")),
            SObjectField(name: "Pricebook2Id", kind: .reference("Pricebook2")),
            SObjectField(name: "UnitPrice", kind: .number),
            SObjectField(name: "IsActive", kind: .boolean),
            text("CurrencyIsoCode"),
            text("Billing_Cycle__c"),
        ],
        parents: ["Product2": "Product2Id", "Pricebook2": "Pricebook2Id"],
        children: []
    )

    static let pricebook = SObjectType(
        name: "Pricebook2",
        keyPrefix: "01s",
        fields: [
            SObjectField(name: "Id", kind: .id), text("Name"), SObjectField(name: "IsActive", kind: .boolean),
            SObjectField(name: "IsStandard", kind: .boolean),
        ],
        parents: [:],
        children: [.init(name: "PricebookEntries", object: "PricebookEntry", field: "Pricebook2Id")]
    )
}
