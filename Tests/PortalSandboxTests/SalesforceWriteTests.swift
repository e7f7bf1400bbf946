import Domain
import Foundation
import PortalSandbox
import Testing

@Suite("Salesforce simulator: creating and updating orders")
struct SalesforceWriteTests {
    let context = SalesforceMappingContext()

    /// The first pricebook entry of SIM-D-10G (3800 yen a month).
    static let simEntry = SeedIds.salesforceId("01u", 20)

    @Test func aCreatedOrderAndItsItemsAreVisibleToQueries() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let account = client.sandbox.seed.customers[2].salesforceAccountId.value
            let created = try await client.send(
                "POST",
                "/services/data/v61.0/sobjects/Order/",
                token: token,
                json: """
                    {"AccountId": "\(account)", "EffectiveDate": "2026-12-01", "Status": "Draft", "Type": "New SIM"}
                    """
            )
            #expect(created.status == 201)
            #expect(try created.json["success"] == .bool(true))
            #expect(try created.json["errors"] == .array([]))
            let orderId = try #require(try created.json["id"]?.text)
            #expect(SalesforceId(orderId)?.value == orderId)

            let soql = """
                SELECT Id, OrderNumber, Status, Type, EffectiveDate, TotalAmount, CreatedDate, CurrencyIsoCode, Account.Name, \
                (SELECT Id, Product2Id, Product2.Name, Product2.ProductCode, Quantity, UnitPrice, TotalPrice, Item_Class__c FROM OrderItems) \
                FROM Order WHERE Id = '\(orderId)'
                """
            let empty = try await client.query(soql, token: token).json
            #expect(empty.records.first?["OrderItems"] == .null)
            #expect(empty.records.first?["TotalAmount"] == .number("0.0"))
            let draft = try #require(try Providers.Salesforce.orderDetails(from: empty, context: context))
            #expect(draft.items.isEmpty)
            #expect(draft.summary.status == .draft)
            #expect(draft.summary.accountName == client.sandbox.seed.customers[2].name)

            let item = try await client.send(
                "POST",
                "/services/data/v61.0/sobjects/OrderItem/",
                token: token,
                json: """
                    {"attributes": {"type": "OrderItem"}, "OrderId": "\(orderId)", "PricebookEntryId": "\(Self.simEntry)", "Quantity": 3, \
                    "UnitPrice": 3800, "Item_Class__c": "Service"}
                    """
            )
            #expect(item.status == 201)
            let withItem = try await client.query(soql, token: token)
            #expect(withItem.text.contains(#""TotalAmount":1.14E4"#))
            let order = try #require(try Providers.Salesforce.orderDetails(from: try withItem.json, context: context))
            #expect(order.summary.totalAmount?.amount == "11400")
            #expect(order.items.map(\.sku) == ["SIM-D-10G"])
            #expect(order.items.first?.totalPrice.amount == "11400")
            #expect(order.items.first?.quantity.description == "3")

            let updated = try await client.send(
                "PATCH",
                "/services/data/v61.0/sobjects/Order/\(orderId)",
                token: token,
                json: #"{"Status": "Activated"}"#
            )
            #expect(updated.status == 204)
            #expect(updated.body.isEmpty)
            let activated = try await client.query("SELECT Id, Status FROM Order WHERE Id = '\(orderId.prefix(15))'", token: token)
            #expect(try activated.json.records.first?["Status"] == .string("Activated"))
            #expect(client.sandbox.salesforceKnobs.calls("salesforce.create") == 2)
            #expect(client.sandbox.salesforceKnobs.calls("salesforce.update") == 1)
        }
    }

    @Test func missingRequiredFieldsAreNamed() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.send(
                "POST",
                "/services/data/v61.0/sobjects/Order/",
                token: try await client.token(),
                json: #"{"Status": "Draft"}"#
            )
            #expect(response.status == 400)
            #expect(response.errorCode == "REQUIRED_FIELD_MISSING")
            let failure = try #require(try Providers.Salesforce.failure(in: response.json))
            #expect(failure.fields == ["AccountId", "EffectiveDate"])
        }
    }

    @Test func referencesToMissingRecordsAreRefused() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let noAccount = try await client.send(
                "POST",
                "/services/data/v61.0/sobjects/Order/",
                token: token,
                json: """
                    {"AccountId": "\(SeedIds.salesforceId("001", 999))", "EffectiveDate": "2026-12-01", "Status": "Draft"}
                    """
            )
            #expect(noAccount.status == 400)
            #expect(noAccount.errorCode == "INVALID_CROSS_REFERENCE_KEY")
            #expect(try Providers.Salesforce.failure(in: noAccount.json)?.fields == ["AccountId"])
            let noOrder = try await client.send(
                "POST",
                "/services/data/v61.0/sobjects/OrderItem/",
                token: token,
                json: """
                    {"OrderId": "\(SeedIds.salesforceId("801", 999))", "PricebookEntryId": "\(Self.simEntry)", "Quantity": 1, "UnitPrice": 3800}
                    """
            )
            #expect(noOrder.errorCode == "INVALID_CROSS_REFERENCE_KEY")
            #expect(try Providers.Salesforce.failure(in: noOrder.json)?.fields == ["OrderId"])
        }
    }

    @Test(arguments: [
        (#"{"Bogus": 1}"#, "INVALID_FIELD"),
        (#"{"TotalAmount": 1}"#, "INVALID_FIELD_FOR_INSERT_UPDATE"),
        (#"{"AccountId": "nope", "EffectiveDate": "2026-12-01", "Status": "Draft"}"#, "MALFORMED_ID"),
        (#"{"EffectiveDate": 20261201}"#, "JSON_PARSER_ERROR"),
        ("not json", "JSON_PARSER_ERROR"),
    ])
    func badBodiesAreRefused(_ json: String, _ errorCode: String) async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.send("POST", "/services/data/v61.0/sobjects/Order/", token: try await client.token(), json: json)
            #expect(response.status == 400)
            #expect(response.errorCode == errorCode)
        }
    }

    @Test func updatesOfUnknownOrdersAreNotFound() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let missing = try await client.send(
                "PATCH",
                "/services/data/v61.0/sobjects/Order/\(SeedIds.salesforceId("801", 999))",
                token: token,
                json: #"{"Status": "Activated"}"#
            )
            #expect(missing.status == 404)
            #expect(missing.errorCode == "NOT_FOUND")
            let readOnly = try await client.send(
                "PATCH",
                "/services/data/v61.0/sobjects/Order/\(SeedIds.order(1))",
                token: token,
                json: #"{"AccountId": null}"#
            )
            #expect(readOnly.errorCode == "INVALID_FIELD_FOR_INSERT_UPDATE")
        }
    }

    private func tree(account: String, key: String, entries: [String]) -> String {
        let items = entries.enumerated().map { index, entry in
            #"{"attributes": {"type": "OrderItem", "referenceId": "item\#(index)"}, "PricebookEntryId": "\#(entry)", "Quantity": 1, "UnitPrice": 3800}"#
        }
        return """
            {"records": [{"attributes": {"type": "Order", "referenceId": "order"}, "AccountId": "\(account)", "EffectiveDate": "2026-12-01", \
            "Status": "Draft", "Portal_Idempotency_Key__c": "\(key)", "OrderItems": {"records": [\(items.joined(separator: ", "))]}}]}
            """
    }

    private func orders(_ client: SalesforceSandboxClient, account: String, token: String) async throws -> [RawJSON] {
        try await client.query("SELECT Id, (SELECT Id FROM OrderItems) FROM Order WHERE AccountId = '\(account)'", token: token).json.records
    }

    @Test func anOrderTreeCreatesTheOrderWithItsItemsAndFindsItByItsKey() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let account = client.sandbox.seed.customers[3].salesforceAccountId.value
            let created = try await client.send(
                "POST",
                "/services/data/v61.0/composite/tree/Order",
                token: token,
                json: tree(account: account, key: "key-1", entries: [Self.simEntry])
            )
            #expect(created.status == 201)
            let answer = try created.json
            #expect(answer["hasErrors"] == .bool(false))
            #expect(answer["results"]?[0]?["referenceId"] == .string("order"))
            #expect(answer["results"]?[1]?["referenceId"] == .string("item0"))
            let orderId = try #require(answer["results"]?[0]?["id"]?.text)
            let found = try await client.query(
                "SELECT Id, (SELECT Id FROM OrderItems) FROM Order WHERE Portal_Idempotency_Key__c = 'key-1'",
                token: token
            ).json
            #expect(found.records.map { $0["Id"]?.text } == [orderId])
            #expect(found.records.first?["OrderItems"]?.records.count == 1)
            #expect(client.sandbox.salesforceKnobs.calls("salesforce.create") == 0)
        }
    }

    @Test func anOrderTreeWithAFailingItemCreatesNothing() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let account = client.sandbox.seed.customers[4].salesforceAccountId.value
            let before = try await orders(client, account: account, token: token).count
            let refused = try await client.send(
                "POST",
                "/services/data/v61.0/composite/tree/Order",
                token: token,
                json: tree(
                    account: account,
                    key: "key-2",
                    entries: [Self.simEntry, SeedIds.salesforceId("01u", 999)]
                )
            )
            #expect(refused.status == 400)
            let answer = try refused.json
            #expect(answer["hasErrors"] == .bool(true))
            #expect(answer["results"]?[0]?["referenceId"] == .string("item1"))
            #expect(answer["results"]?[0]?["errors"]?[0]?["statusCode"] == .string("INVALID_CROSS_REFERENCE_KEY"))
            #expect(try await orders(client, account: account, token: token).count == before)
            let noKey = try await client.query("SELECT Id FROM Order WHERE Portal_Idempotency_Key__c = 'key-2'", token: token).json
            #expect(noKey.records.isEmpty)
        }
    }

    @Test func aSecondOrderWithTheSameKeyIsRefused() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let token = try await client.token()
            let account = client.sandbox.seed.customers[5].salesforceAccountId.value
            let body = tree(account: account, key: "key-3", entries: [Self.simEntry])
            #expect(try await client.send("POST", "/services/data/v61.0/composite/tree/Order", token: token, json: body).status == 201)
            let count = try await orders(client, account: account, token: token).count
            let again = try await client.send("POST", "/services/data/v61.0/composite/tree/Order", token: token, json: body)
            #expect(again.status == 400)
            #expect(try again.json["results"]?[0]?["errors"]?[0]?["statusCode"] == .string("DUPLICATE_VALUE"))
            #expect(try await orders(client, account: account, token: token).count == count)
        }
    }

    @Test func writesNeedAValidSession() async throws {
        try await SalesforceSandboxClient.withRunning { client in
            let response = try await client.send("POST", "/services/data/v61.0/sobjects/Order/", token: nil, json: #"{"Status": "Draft"}"#)
            #expect(response.status == 401)
            #expect(response.errorCode == "INVALID_SESSION_ID")
        }
    }
}
