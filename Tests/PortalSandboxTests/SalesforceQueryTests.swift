import Domain
import Foundation
import Testing

@testable import PortalSalesforce
@testable import PortalSandbox

@Suite("Salesforce simulator: SOQL queries")
struct SalesforceQueryTests {
    let context = SalesforceMappingContext()
    static let orderFields = "Id, OrderNumber, Status, Type, EffectiveDate, TotalAmount, CreatedDate, CurrencyIsoCode, Account.Name"
    static let itemFields = "Id, Product2Id, Product2.Name, Product2.ProductCode, Quantity, UnitPrice, TotalPrice, Item_Class__c, PricebookEntryId"

    @Test func ordersOfAnAccountMapWithTheirShapes() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let customer = client.sandbox.seed.customers[0]
            let response = try await client.query(
                "SELECT \(Self.orderFields) FROM Order WHERE AccountId = '\(customer.salesforceAccountId.value)' ORDER BY CreatedDate DESC",
                token: try await client.token()
            )
            #expect(response.status == 200)
            let body = try response.json
            #expect(body["totalSize"] == .number("2"))
            #expect(body["done"] == .bool(true))
            #expect(body["nextRecordsUrl"] == nil)
            let first = try #require(body.records.first)
            #expect(
                first.keys == [
                    "attributes", "Id", "OrderNumber", "Status", "Type", "EffectiveDate", "TotalAmount", "CreatedDate",
                    "CurrencyIsoCode", "Account",
                ]
            )
            let id = try #require(first["Id"]?.text)
            #expect(first["attributes"]?["type"] == .string("Order"))
            #expect(first["attributes"]?["url"] == .string("/services/data/v61.0/sobjects/Order/\(id)"))
            #expect(first["Account"]?["attributes"]?["type"] == .string("Account"))
            #expect(first["Account"]?["Name"] == .string(customer.name))
            #expect(first["Account"]?.keys == ["attributes", "Name"])
            #expect(first["CreatedDate"] == .string("2026-03-01T01:30:00.000+0000"))
            #expect(first["EffectiveDate"] == .string("2026-04-01"))
            #expect(first["TotalAmount"] == .number("8.488E3"))

            let orders = try Providers.Salesforce.orders(from: body, context: context)
            #expect(orders.records.count == 2)
            #expect(orders.nextRecordsPath == nil)
            #expect(orders.records[0].createdAt > orders.records[1].createdAt)
            #expect(orders.records.allSatisfy { $0.accountName == customer.name })
            #expect(orders.records[0].totalAmount?.amount == "8488")
            #expect(orders.records[1].status == .activated)
            #expect(orders.records[0].status == .draft)
        }
    }

    @Test func anOrderWithItsItemsSubqueryMaps() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let order = SeedIds.order(1)
            let response = try await client.query(
                "SELECT \(Self.orderFields), (SELECT \(Self.itemFields) FROM OrderItems ORDER BY Item_Class__c DESC) FROM Order WHERE Id = '\(order)'",
                token: try await client.token()
            )
            let body = try response.json
            let items = try #require(body.records.first?["OrderItems"])
            #expect(items["totalSize"] == .number("2"))
            #expect(items["done"] == .bool(true))
            #expect(items.records.first?["UnitPrice"] == .number("3800.0"))
            #expect(items.records.first?["Quantity"] == .number("1.0"))
            #expect(items.records.first?["attributes"]?["type"] == .string("OrderItem"))
            #expect(response.text.contains(#""UnitPrice":3800.0"#))

            let mapped = try #require(try Providers.Salesforce.orderDetails(from: body, context: context))
            #expect(mapped.summary.id.value == order)
            #expect(mapped.summary.totalAmount?.amount == "7308")
            #expect(mapped.items.map(\.sku) == ["SIM-D-10G", "SIM-FEE"])
            #expect(mapped.items.map(\.itemClass) == ["Service", "Activation"])
            #expect(mapped.items[0].unitPrice.amount == "3800")
            #expect(mapped.items[0].totalPrice.amount == "3800")
            #expect(mapped.items[0].quantity.description == "1")
        }
    }

    @Test func productsWithTheirPricebookEntriesMap() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.query(
                """
                SELECT Id, Name, ProductCode, Family, Description, Portal_Category__c, (SELECT Id, UnitPrice, CurrencyIsoCode, Billing_Cycle__c \
                FROM PricebookEntries WHERE Pricebook2Id = '\(SandboxSeed.standardPricebookId.value)' AND IsActive = true ORDER BY UnitPrice ASC) \
                FROM Product2 WHERE IsActive = true AND Family IN ('Mobile', 'Internet') ORDER BY ProductCode ASC LIMIT 50
                """,
                token: try await client.token()
            )
            #expect(response.status == 200)
            let products = try Providers.Salesforce.products(from: try response.json, context: context)
            #expect(products.records.map { $0.sku ?? "" } == ["FTTH-10G", "FTTH-1G", "SIM-D-10G", "SIM-D-3G", "SIM-FEE", "SIM-V-20G", "TOPUP-1G"])
            let fiber = try #require(products.records.first { $0.sku == "FTTH-1G" })
            #expect(fiber.category == "internet")
            #expect(fiber.prices.map(\.unitPrice.amount) == ["4500", "54000"])
            #expect(fiber.prices.map(\.billingCycle) == [.monthly, .annually])
        }
    }

    @Test func anAccountMatchesByItsFifteenCharacterId() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let customer = client.sandbox.seed.customers[4]
            let shortId = String(customer.salesforceAccountId.value.prefix(15))
            let response = try await client.query(
                """
                SELECT Id, Name, PersonEmail, Phone, PersonMobilePhone, BillingStreet, BillingCity, BillingState, BillingPostalCode, \
                BillingCountry, BillingCountryCode FROM Account WHERE Id = '\(shortId)'
                """,
                token: try await client.token()
            )
            let body = try response.json
            #expect(body.records.first?["PersonMobilePhone"] == .null)
            let account = try #require(try Providers.Salesforce.account(from: body, context: context))
            #expect(account.id == customer.salesforceAccountId)
            #expect(account.name == customer.name)
            #expect(account.phone != nil)
            #expect(account.address?.country == "JP")
            #expect(account.address?.prefecture == "福岡県")
        }
    }

    @Test func stringLiteralsMatchLiterallyAndCaseInsensitively() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let hostile = try await client.query("SELECT Id FROM Account WHERE Name = \(SOQLLiteral.text("' OR Name != '").rendered)", token: token)
            #expect(hostile.status == 200)
            #expect(try hostile.json["totalSize"] == .number("0"))
            let quoted = try await client.query(#"SELECT Id FROM Product2 WHERE Name = 'it\'s \"quoted\" \\ \n'"#, token: token)
            #expect(try quoted.json["totalSize"] == .number("0"))
            let name = client.sandbox.seed.customers[0].name
            let exact = try await client.query("SELECT Id, Name FROM Account WHERE Name = \(SOQLLiteral.text(name).rendered)", token: token)
            let namesakes = client.sandbox.seed.customers.filter { $0.name == name }.count
            #expect(try exact.json.records.map { $0["Name"] } == Array(repeating: .string(name), count: namesakes))
            let folded = try await client.query("SELECT Id FROM Product2 WHERE ProductCode = 'sim-fee'", token: token)
            #expect(try folded.json["totalSize"] == .number("1"))
        }
    }

    @Test(arguments: [
        "SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b'",
        "SELECT FROM Account",
        "SELECT Id FROM Account WHERE",
        "SELECT Id FROM Order WHERE TotalAmount > 5",
        "SELECT Id FROM Account LIMIT",
        "SELECT Id FROM Account WHERE Name = 'unterminated",
        #"SELECT Id FROM Account WHERE Name = 'bad \x escape'"#,
        "SELECT Id, FROM Account",
        "SELECT COUNT() FROM Account",
        "SELECT Id FROM Order WHERE CreatedDate = 2026-02-01T01:30:00Z",
        "SELECT Id, (SELECT Id, (SELECT Id FROM OrderItems) FROM Orders) FROM Account",
        "SELECT Id FROM Account extra",
        "DELETE FROM Account",
    ])
    func malformedStatementsAreMalformedQueries(_ soql: String) async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.query(soql, token: try await client.token())
            #expect(response.status == 400)
            #expect(response.errorCode == "MALFORMED_QUERY")
            #expect(try response.json[0]?["message"]?.text?.contains("ERROR at Row:1:Column:") == true)
        }
    }

    @Test(arguments: [
        ("SELECT Id FROM Opportunity", "INVALID_TYPE"),
        ("SELECT Id, (SELECT Id FROM LineItems) FROM Order", "INVALID_TYPE"),
        ("SELECT Id, Nickname FROM Account", "INVALID_FIELD"),
        ("SELECT Id, Owner.Name FROM Order", "INVALID_FIELD"),
        ("SELECT Id FROM Order WHERE Bogus__c = 'x'", "INVALID_FIELD"),
        ("SELECT Id FROM Order ORDER BY Bogus ASC", "INVALID_FIELD"),
        ("SELECT Id FROM Order WHERE TotalAmount = 'ten'", "INVALID_QUERY_FILTER_OPERATOR"),
        ("SELECT Id FROM Order WHERE AccountId = 'not-an-id'", "INVALID_QUERY_FILTER_OPERATOR"),
    ])
    func unknownNamesAreRefusedByKind(_ soql: String, _ errorCode: String) async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.query(soql, token: try await client.token())
            #expect(response.status == 400)
            #expect(response.errorCode == errorCode)
        }
    }

    @Test func literalsOfEveryKindFilter() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let byDate = try await client.query("SELECT Id FROM Order WHERE EffectiveDate = 2026-03-01", token: token)
            #expect(try byDate.json.records.map { $0["Id"] } == [.string(SeedIds.order(1))])
            let byNumber = try await client.query("SELECT Id FROM PricebookEntry WHERE UnitPrice = 990", token: token)
            #expect(try byNumber.json["totalSize"] == .number("1"))
            let byNull = try await client.query("SELECT Id FROM Account WHERE PersonMobilePhone = null LIMIT 3", token: token)
            #expect(try byNull.json["totalSize"] == .number("3"))
            let byIds = try await client.query(
                "SELECT Id FROM Order WHERE Id IN ('\(SeedIds.order(1).prefix(15))', '\(SeedIds.order(3))') ORDER BY OrderNumber DESC",
                token: token
            )
            #expect(try byIds.json.records.map { $0["Id"] } == [.string(SeedIds.order(3)), .string(SeedIds.order(1))])
            let throughLookup = try await client.query(
                "SELECT Id FROM OrderItem WHERE Order.AccountId = '\(client.sandbox.seed.customers[0].salesforceAccountId.value)'",
                token: token
            )
            #expect(try throughLookup.json["totalSize"] == .number("4"))
        }
    }

    @Test func largeResultsArePagedThroughNextRecordsUrl() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            client.sandbox.salesforceQueryBatchSize = 2
            let token = try await client.token()
            let soql = "SELECT \(Self.orderFields) FROM Order ORDER BY OrderNumber ASC LIMIT 5"
            var page = try await client.query(soql, token: token).json
            var ids: [String] = []
            var pages = 0
            while true {
                pages += 1
                #expect(page["totalSize"] == .number("5"))
                let mapped = try Providers.Salesforce.orders(from: page, context: context)
                ids += mapped.records.map(\.id.value)
                guard let next = mapped.nextRecordsPath else {
                    #expect(page["done"] == .bool(true))
                    break
                }
                #expect(page["done"] == .bool(false))
                #expect(next.hasPrefix("/services/data/v61.0/query/01g"))
                page = try await client.get(next, token: token).json
            }
            #expect(pages == 3)
            #expect(ids == (1...5).map(SeedIds.order))
            #expect(client.sandbox.salesforceKnobs.calls("salesforce.queryMore") == 2)

            let unknown = try await client.get("/services/data/v61.0/query/01gSBnothere-2", token: token)
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == "INVALID_QUERY_LOCATOR")
        }
    }
}

/// Ids the seed gives its Salesforce records.
enum SeedIds {
    /// The seed's `n`th order (1-based): customer `(n - 1) / 2`'s.
    static func order(_ serial: Int) -> String {
        salesforceId("801", serial)
    }

    /// The seed's id of the `n`th record with this key prefix.
    static func salesforceId(_ prefix: String, _ n: Int) -> String {
        SandboxSeed.salesforceId(prefix, n).value
    }
}
