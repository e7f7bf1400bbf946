import Domain
import Foundation
import Testing

@Suite("Salesforce mappers")
struct SalesforceMapperTests {
    let context = SalesforceMappingContext.test
    let jpy = CurrencyCode.jpy

    private func id(_ text: String) throws -> SalesforceId { try #require(SalesforceId(text)) }

    @Test func ordersReadNestedRelationshipsAndIgnoreAttributes() throws {
        let page = try Providers.Salesforce.orders(from: Fixture.raw("salesforce/orders"), context: context)
        let first = page.records[0]
        #expect(first.id == (try id("8015g00000AbCdEAAV")))
        #expect(first.number == "00000102")
        #expect(first.status == .activated)
        #expect(first.type == "New SIM")
        #expect(first.accountName == "山田 太郎")
        #expect(first.effectiveOn == LocalDate(year: 2024, month: 3, day: 1))
    }

    @Test func scientificNotationBecomesExactMoney() throws {
        let first = try Providers.Salesforce.orders(from: Fixture.raw("salesforce/orders"), context: context).records[0]
        #expect(first.totalAmount == Money(minorUnits: 10816, currency: jpy))
    }

    @Test func salesforceDateTimesWithCompactOffsetsBecomeUTC() throws {
        let records = try Providers.Salesforce.orders(from: Fixture.raw("salesforce/orders"), context: context).records
        #expect(records[0].createdAt.description == "2024-01-15T10:30:00Z")
        #expect(records[1].createdAt.description == "2024-02-01T00:00:00Z")
    }

    @Test func nullsAreAbsentValues() throws {
        let second = try Providers.Salesforce.orders(from: Fixture.raw("salesforce/orders"), context: context).records[1]
        #expect(second.type == nil)
        #expect(second.effectiveOn == nil)
        #expect(second.totalAmount == nil)
        #expect(second.accountName == nil)
    }

    @Test func fifteenCharacterIdsAreHeldInTheirEighteenCharacterForm() throws {
        let second = try Providers.Salesforce.orders(from: Fixture.raw("salesforce/orders"), context: context).records[1]
        #expect(second.id.value == "8015g00000AbCdFAAV")
    }

    @Test func unmappedPicklistValuesAreUnknownUntilTheContextNamesThem() throws {
        let raw = try Fixture.raw("salesforce/orders")
        #expect(try Providers.Salesforce.orders(from: raw, context: context).records[1].status == .unknown("Provisioning Requested"))
        var extended = context
        extended.orderStatuses = OrderStatusTable.standard.extended(with: ["Provisioning Requested": .processing])
        #expect(try Providers.Salesforce.orders(from: raw, context: extended).records[1].status == .processing)
    }

    @Test func anUnfinishedQueryNamesItsNextPage() throws {
        let page = try Providers.Salesforce.orders(from: Fixture.raw("salesforce/orders"), context: context)
        #expect(page.totalSize == 3)
        #expect(page.nextRecordsPath == "/services/data/v61.0/query/01gD0000002HU6KIAW-2000")
    }

    @Test func theNextPageIsReadWithoutMappingTheRecords() throws {
        #expect(
            try Providers.Salesforce.nextRecordsPath(in: Fixture.raw("salesforce/orders")) == "/services/data/v61.0/query/01gD0000002HU6KIAW-2000"
        )
        #expect(try Providers.Salesforce.nextRecordsPath(in: Fixture.raw("salesforce/products")) == nil)
    }

    @Test func aNextPageOutsideTheDataApiIsRefused() throws {
        let payload = #"{"totalSize":2,"done":false,"nextRecordsUrl":"https://evil.example/steal","records":[]}"#
        let error = try #require(throws: MappingError.self) { try Providers.Salesforce.orders(from: RawJSON.parse(payload), context: context) }
        #expect(error.path == "nextRecordsUrl")
    }

    @Test func orderDetailsReadTheItemsSubquery() throws {
        let order = try #require(try Providers.Salesforce.orderDetails(from: Fixture.raw("salesforce/order-with-items"), context: context))
        #expect(order.items.count == 2)
        let second = order.items[1]
        #expect(second.productId == (try id("01t5g000001PrdBAAS")))
        #expect(second.productName == "SIM 発行手数料")
        #expect(second.sku == nil)
        #expect(second.quantity.description == "2")
        #expect(second.totalPrice == Money(minorUnits: 7016, currency: jpy))
        #expect(order.items[0].itemClass == "Service")
    }

    @Test func anEmptyChildSubquerySentAsNullMeansNoItems() throws {
        let order = try #require(try Providers.Salesforce.orderDetails(from: Fixture.raw("salesforce/order-without-items"), context: context))
        #expect(order.items.isEmpty)
        #expect(order.summary.totalAmount == Money.zero(jpy))
    }

    @Test func orderDetailsTakeItemsFromASeparateQuery() throws {
        let both = try ObjectReaderFreeSplit(Fixture.raw("salesforce/order-separate-items"))
        let order = try #require(try Providers.Salesforce.orderDetails(from: both.order, items: both.items, context: context))
        #expect(order.items.map(\.productName) == ["Data SIM 10GB"])
    }

    @Test func aQueryThatFoundNoOrderIsNil() throws {
        let payload = #"{"totalSize":0,"done":true,"records":[]}"#
        #expect(try Providers.Salesforce.orderDetails(from: RawJSON.parse(payload), context: context) == nil)
    }

    @Test func productsCarryTheirPricesAndCategory() throws {
        let products = try Providers.Salesforce.products(from: Fixture.raw("salesforce/products"), context: context).records
        #expect(products.map(\.category) == ["sim", "Internet", "equipment"])
        #expect(products[0].prices.map(\.unitPrice.amount) == ["3800", "41040"])
        #expect(products[0].prices.map(\.billingCycle) == [.monthly, .annually])
        #expect(products[1].prices[0].unitPrice == Money(minorUnits: 10_816_000, currency: jpy))
        #expect(products[1].prices[0].billingCycle == .oneTime)
        #expect(products[2].prices.isEmpty)
        #expect(products[2].description == nil)
    }

    @Test func categoryFieldNameComesFromTheContext() throws {
        var renamed = context
        renamed.fields.productCategory = "Family"
        let products = try Providers.Salesforce.products(from: Fixture.raw("salesforce/products"), context: renamed).records
        #expect(products.map(\.category) == ["Mobile", "Internet", "Equipment"])
    }

    @Test func accountReadsPersonFieldsAndSplitsTheStreet() throws {
        let account = try #require(try Providers.Salesforce.account(from: Fixture.raw("salesforce/account"), context: context))
        #expect(account.id == (try id("0015g00000XyZ12")))
        #expect(account.email == "taro@crm.example.jp")
        #expect(account.phone == "03-1234-5678")
        #expect(account.address == Address(postcode: "163-8001", prefecture: "東京都", city: "新宿区", line1: "西新宿2-8-1", line2: "ビル 5F", country: "JP"))
    }

    @Test func accountAcceptsASingleRecordAsTheSObjectsApiReturnsIt() throws {
        let payload =
            #"{"attributes":{"type":"Account"},"Id":"0015g00000XyZ12AAF","Name":"ACME","BillingAddress":{"city":"Osaka","countryCode":null,"postalCode":"530-0001"}}"#
        let account = try #require(try Providers.Salesforce.account(from: RawJSON.parse(payload), context: context))
        #expect(account.address == Address(postcode: "530-0001", prefecture: nil, city: "Osaka", line1: nil, line2: nil, country: "JP"))
    }

    @Test func requestLimitErrorIsTypedAlthoughItArrivesAs403() throws {
        let failure = try #require(try Providers.Salesforce.failure(in: Fixture.raw("salesforce/error-request-limit")))
        #expect(failure.code == .requestLimitExceeded)
        #expect(failure.errorCode == "REQUEST_LIMIT_EXCEEDED")
    }

    @Test func unknownErrorCodesKeepTheirText() throws {
        let failure = try #require(try Providers.Salesforce.failure(in: RawJSON.parse(#"[{"errorCode":"APEX_ERROR","message":"x"}]"#)))
        #expect(failure.code == .unknown("APEX_ERROR"))
    }

    @Test func oauthErrorsAreTyped() throws {
        let failure = try Providers.Salesforce.failure(in: RawJSON.parse(#"{"error":"invalid_grant","error_description":"expired"}"#))
        #expect(failure?.code == .authenticationFailed)
    }

    @Test func aQueryResultIsNoFailure() throws {
        #expect(try Providers.Salesforce.failure(in: Fixture.raw("salesforce/orders")) == nil)
    }

    @Test func orderStatusEventNamesAccountAndOrder() throws {
        let event = try Providers.Salesforce.event(from: Fixture.raw("salesforce/event-order-status"), context: context)
        #expect(event.change == .orderStatusChanged(accountId: try id("0015g00000XyZ12"), orderId: try id("8015g00000AbCdE"), status: .activated))
    }

    @Test func productEventNamesItsCategory() throws {
        let event = try Providers.Salesforce.event(from: Fixture.raw("salesforce/event-product-changed"), context: context)
        #expect(event.change == .catalogChanged(category: "sim"))
    }

    @Test func anEventWithAnInjectionAttemptForAnIdIsRefused() throws {
        let payload =
            #"{"id":"x","event":"OrderStatusChanged","occurredAt":"2024-01-01T00:00:00Z","data":{"accountId":"001' OR Id != '","orderId":"8015g00000AbCdE"}}"#
        let error = try #require(throws: MappingError.self) { try Providers.Salesforce.event(from: RawJSON.parse(payload), context: context) }
        #expect(error.path == "data.accountId")
        #expect(error.reason == .invalidValue)
    }
}

/// Splits the `{"order": …, "items": …}` fixture without going through the code under test.
private struct ObjectReaderFreeSplit {
    let order: RawJSON
    let items: RawJSON

    init(_ raw: RawJSON) throws {
        guard case .object(let fields) = raw, let order = fields["order"], let items = fields["items"] else {
            throw Fixture.FixtureMissing(name: "order/items")
        }
        self.order = order
        self.items = items
    }
}
