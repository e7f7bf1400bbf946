import Domain
import Foundation
import Testing

@Suite("WHMCS mappers")
struct WhmcsMapperTests {
    let context = WhmcsMappingContext.test
    let jpy = CurrencyCode.jpy

    private func invoicePage(_ name: String, pageSize: Int = 25) throws -> InvoicePage {
        try Providers.Whmcs.invoicePage(from: Fixture.raw(name), pageSize: pageSize, context: context)
    }

    @Test func invoicePageReadsCountsAndDerivesThePageFromTheOffset() throws {
        let page = try invoicePage("whmcs/GetInvoices")
        #expect(page.items.map(\.id) == [1042, 1043, 1044])
        #expect(page.total == 57)
        #expect(page.page == 2)
        #expect(page.pageSize == 25)
    }

    @Test func numbersSentAsStringsOrNumbersMapAlike() throws {
        let items = try invoicePage("whmcs/GetInvoices").items
        #expect(items[1].total == Money(minorUnits: 5280, currency: jpy))
        #expect(items[2].id == 1044)
        #expect(items[2].total == Money(minorUnits: 1320, currency: jpy))
    }

    @Test func zeroDateMeansNotPaid() throws {
        let items = try invoicePage("whmcs/GetInvoices").items
        #expect(items[1].paidAt == nil)
        #expect(items[2].paidAt == nil)
    }

    @Test func paidAtIsReadInTheWhmcsServersZone() throws {
        let paid = try invoicePage("whmcs/GetInvoices").items[0]
        #expect(paid.paidAt?.description == "2024-03-10T05:05:09Z")
    }

    @Test func emptyInvoiceNumberFallsBackToTheId() throws {
        let items = try invoicePage("whmcs/GetInvoices").items
        #expect(items[0].number == "INV-2024-0042")
        #expect(items[1].number == "1043")
    }

    @Test func paymentPendingWithASpaceIsKnown() throws {
        #expect(try invoicePage("whmcs/GetInvoices").items[2].status == .paymentPending)
    }

    @Test func taxAddsBothTaxLevels() throws {
        let invoice = try invoicePage("whmcs/GetInvoices").items[1]
        #expect(invoice.tax == Money(minorUnits: 480, currency: jpy))
    }

    @Test func emptyGatewayNameIsAbsent() throws {
        #expect(try invoicePage("whmcs/GetInvoices").items[2].paymentMethod == nil)
    }

    @Test func currencyComesFromThePayloadWhenItNamesOne() throws {
        let invoice = try invoicePage("whmcs/GetInvoices-usd").items[0]
        #expect(invoice.total.currency.code == "USD")
        #expect(invoice.total.amount == "13.75")
        #expect(invoice.status == .overdue)
    }

    @Test(arguments: [
        #"{"result":"success","totalresults":0,"invoices":[]}"#, #"{"result":"success","totalresults":"0","invoices":""}"#,
        #"{"result":"success","totalresults":0}"#,
    ])
    func anEmptyInvoiceListInAnyShapeIsAnEmptyPage(payload: String) throws {
        let page = try Providers.Whmcs.invoicePage(from: RawJSON.parse(payload), pageSize: 10, context: context)
        #expect(page.items.isEmpty)
        #expect(page.total == 0)
        #expect(page.page == 1)
    }

    @Test func unknownInvoiceStatusKeepsTheRawValue() throws {
        let payload =
            #"{"result":"success","invoices":{"invoice":[{"id":"1","date":"2024-01-01","duedate":"2024-01-02","subtotal":"1","tax":"0","total":"1","status":"Disputed"}]}}"#
        let page = try Providers.Whmcs.invoicePage(from: RawJSON.parse(payload), pageSize: 10, context: context)
        #expect(page.items[0].status == .unknown("Disputed"))
    }

    @Test func aBadAmountNamesItsFieldPath() throws {
        let payload =
            #"{"result":"success","invoices":{"invoice":[{"id":"1","date":"2024-01-01","duedate":"2024-01-02","subtotal":"1","tax":"0","total":"12,00","status":"Paid"}]}}"#
        #expect(throws: MappingError(path: "invoices.invoice[0].total", reason: .invalidValue, detail: "not an exact decimal number: 12,00")) {
            try Providers.Whmcs.invoicePage(from: RawJSON.parse(payload), pageSize: 10, context: context)
        }
    }

    @Test func yenWithNonZeroCentsIsRefusedNotRounded() throws {
        let payload =
            #"{"result":"success","invoices":{"invoice":[{"id":"1","date":"2024-01-01","duedate":"2024-01-02","subtotal":"1","tax":"0","total":"1200.50","status":"Paid","currencycode":"JPY"}]}}"#
        let error = try #require(throws: MappingError.self) {
            try Providers.Whmcs.invoicePage(from: RawJSON.parse(payload), pageSize: 10, context: context)
        }
        #expect(error.path == "invoices.invoice[0].total")
        #expect(error.reason == .invalidValue)
    }

    @Test func anImpossibleDateIsInvalid() throws {
        let payload =
            #"{"result":"success","invoices":{"invoice":[{"id":"1","date":"2023-02-29","duedate":"2024-01-02","subtotal":"1","tax":"0","total":"1","status":"Paid"}]}}"#
        let error = try #require(throws: MappingError.self) {
            try Providers.Whmcs.invoicePage(from: RawJSON.parse(payload), pageSize: 10, context: context)
        }
        #expect(error.path == "invoices.invoice[0].date")
        #expect(error.reason == .invalidValue)
    }

    @Test func invoiceReadsItemsAndLinksHostingLinesToTheirService() throws {
        let invoice = try Providers.Whmcs.invoice(from: Fixture.raw("whmcs/GetInvoice"), context: context)
        #expect(invoice.summary.id == 1043)
        #expect(invoice.summary.balance == Money(minorUnits: 5280, currency: jpy))
        #expect(invoice.items.map(\.id) == [3301, 3302, 3303])
        #expect(invoice.items.map(\.serviceId) == [501, nil, nil])
        #expect(invoice.items.map(\.taxed) == [true, true, false])
    }

    @Test func anOwnedInvoiceNamesItsClient() throws {
        let owned = try Providers.Whmcs.ownedInvoice(from: Fixture.raw("whmcs/GetInvoice"), context: context)
        #expect(owned.ownerId == 42)
        #expect(owned.value.summary.id == 1043)
    }

    @Test func anInvoiceWithoutAnOwnerCannotBeCheckedAndIsRefused() throws {
        let payload =
            #"{"result":"success","invoiceid":"1","date":"2024-01-01","duedate":"2024-01-02","subtotal":"1","tax":"0","total":"1","status":"Paid"}"#
        let error = try #require(throws: MappingError.self) { try Providers.Whmcs.ownedInvoice(from: RawJSON.parse(payload), context: context) }
        #expect(error.path == "userid")
    }

    @Test func escapedJapaneseAndSurrogatePairsDecode() throws {
        let invoice = try Providers.Whmcs.invoice(from: Fixture.raw("whmcs/GetInvoice"), context: context)
        #expect(invoice.items[0].description == "モバイルデータプラン 10GB (2024/04/01 - 2024/04/30) 📱")
    }

    @Test func invoiceWithoutItemsKeyHasNoItems() throws {
        let invoice = try Providers.Whmcs.invoice(from: Fixture.raw("whmcs/GetInvoice-noitems"), context: context)
        #expect(invoice.items.isEmpty)
        #expect(invoice.summary.status == .draft)
    }

    @Test func invoiceNotFoundHasStatusErrorAndNoResult() throws {
        let failure = try Providers.Whmcs.failure(in: Fixture.raw("whmcs/GetInvoice-notfound"))
        #expect(failure?.kind == .notFound)
    }

    @Test func authenticationFailureIsRecognisedSoItIsNeverRetried() throws {
        let failure = try Providers.Whmcs.failure(in: Fixture.raw("whmcs/error-authentication"))
        #expect(failure == WhmcsAPIError(kind: .authenticationFailed, message: "Authentication Failed"))
    }

    @Test func successEnvelopeIsNoFailure() throws {
        #expect(try Providers.Whmcs.failure(in: Fixture.raw("whmcs/GetInvoices")) == nil)
    }

    @Test func answerWithoutResultIsAMappingError() throws {
        #expect(throws: MappingError.self) { try Providers.Whmcs.failure(in: RawJSON.parse(#"{"invoices":[]}"#)) }
    }

    @Test func subscriptionsReadCustomFieldsAndTheSimReference() throws {
        let subscriptions = try Providers.Whmcs.subscriptions(from: Fixture.raw("whmcs/GetClientsProducts"), context: context)
        let mobile = subscriptions[0]
        #expect(mobile.id == 501)
        #expect(mobile.productName == "モバイルデータ 10GB")
        #expect(mobile.groupName == "格安SIM")
        #expect(mobile.status == .active)
        #expect(mobile.billingCycle == .monthly)
        #expect(mobile.customFields["Notes"] == "")
        #expect(mobile.sim == SimRef(account: "08012345678", iccid: "8981100001234567890"))
        #expect(mobile.nextDueOn == LocalDate(year: 2024, month: 5, day: 20))
    }

    @Test func customFieldsAndConfigOptionsSentAsEmptyStringAreEmpty() throws {
        let fiber = try Providers.Whmcs.subscriptions(from: Fixture.raw("whmcs/GetClientsProducts"), context: context)[1]
        #expect(fiber.customFields.isEmpty)
        #expect(fiber.sim == nil)
        #expect(fiber.orderId == nil)
        #expect(fiber.registeredOn == nil)
        #expect(fiber.billingCycle == .annually)
        #expect(fiber.status == .suspended)
        #expect(fiber.productName == "Fiber 1G")
    }

    @Test func productsSentAsEmptyStringMeanNoSubscriptions() throws {
        #expect(try Providers.Whmcs.subscriptions(from: Fixture.raw("whmcs/GetClientsProducts-empty"), context: context).isEmpty)
    }

    @Test func simFieldNamesComeFromTheContext() throws {
        var renamed = context
        renamed.simFields = SimFieldNames(iccid: "SIM Card", account: "Line")
        let payload =
            #"{"result":"success","products":{"product":[{"id":"1","pid":"2","name":"SIM","status":"Active","billingcycle":"Monthly","recurringamount":"100","customfields":{"customfield":[{"id":"1","name":"Line","value":"+81 90 1234 5678"},{"id":"2","name":"ICCID","value":"not read"}]}}]}}"#
        let sim = try Providers.Whmcs.subscriptions(from: RawJSON.parse(payload), context: renamed)[0].sim
        #expect(sim == SimRef(account: "09012345678", iccid: nil))
    }

    @Test func customFieldsAsAnObjectKeyedByIndexAreAList() throws {
        let payload =
            #"{"result":"success","products":{"product":[{"id":"1","pid":"2","name":"SIM","status":"Active","billingcycle":"Semi-Annually","recurringamount":"100","customfields":{"customfield":{"2":{"id":"9","name":"MSISDN","value":"07011112222"},"0":{"id":"8","name":"ICCID","value":"898110000123456789"}}}}]}}"#
        let subscription = try Providers.Whmcs.subscriptions(from: RawJSON.parse(payload), context: context)[0]
        #expect(subscription.sim == SimRef(account: "07011112222", iccid: "898110000123456789"))
        #expect(subscription.billingCycle == .semiannually)
    }

    @Test func aMalformedIccidIsAnErrorOnItsField() throws {
        let payload =
            #"{"result":"success","products":{"product":[{"id":"1","pid":"2","name":"SIM","status":"Active","billingcycle":"Monthly","recurringamount":"100","customfields":{"customfield":[{"id":"8","name":"ICCID","value":"89-ABC"}]}}]}}"#
        let error = try #require(throws: MappingError.self) {
            try Providers.Whmcs.subscriptions(from: RawJSON.parse(payload), context: context)
        }
        #expect(error.path == "products.product[0].customfields.customfield[0].value")
    }

    @Test func serviceCredentialsNeverReachTheDomainValue() throws {
        let subscriptions = try Providers.Whmcs.subscriptions(from: Fixture.raw("whmcs/GetClientsProducts"), context: context)
        let encoded = String(decoding: try JSONEncoder().encode(subscriptions), as: UTF8.self)
        #expect(!encoded.contains("s3cr3t"))
        #expect(!encoded.contains("another-secret"))
    }

    @Test func clientDetailsAreReadFromTheClientObject() throws {
        let client = try Providers.Whmcs.client(from: Fixture.raw("whmcs/GetClientsDetails"), context: context)
        #expect(client.clientId == 42)
        #expect(client.name == "太郎 山田")
        #expect(client.companyName == nil)
        #expect(client.email == "taro.yamada@example.jp")
        #expect(client.currency == .jpy)
        #expect(client.address == Address(postcode: "163-8001", prefecture: "東京都", city: "新宿区", line1: "西新宿2-8-1", line2: "ビル 5F", country: "JP"))
    }

    @Test func clientDetailsWithoutTheClientCopyUseTheTopLevel() throws {
        let payload =
            #"{"result":"success","userid":"7","firstname":"Ann","lastname":"Lee","email":"ann@example.com","countrycode":"US","city":"Austin"}"#
        let client = try Providers.Whmcs.client(from: RawJSON.parse(payload), context: context)
        #expect(client.clientId == 7)
        #expect(client.name == "Ann Lee")
        #expect(client.address?.country == "US")
    }

    @Test func aClientWithoutAValidEmailIsRefused() throws {
        let payload = #"{"result":"success","client":{"id":"7","fullname":"Ann Lee","email":"not-an-address"}}"#
        let error = try #require(throws: MappingError.self) { try Providers.Whmcs.client(from: RawJSON.parse(payload), context: context) }
        #expect(error.path == "client.email")
    }

    @Test func paymentMethodsAreMaskedAndTyped() throws {
        let methods = try Providers.Whmcs.paymentMethods(from: Fixture.raw("whmcs/GetPayMethods"))
        #expect(
            methods == [
                PaymentMethod(id: 1, type: .remoteCard, description: "Visa", lastFour: "4242", expiry: "02/27", isDefault: true),
                PaymentMethod(id: 2, type: .bankAccount, description: "給与口座", lastFour: "4567", expiry: nil, isDefault: false),
            ]
        )
    }

    @Test(arguments: [
        ("RemoteBankAccount", PaymentMethod.Kind.bankAccount, "Bank account"), ("BankAccount", .bankAccount, "Bank account"),
        ("RemoteCreditCard", .remoteCard, "Card"), ("CreditCard", .card, "Card"), ("GoCardlessMandate", .other, "Payment method"),
    ])
    func aPayMethodWithoutDescriptionCardTypeOrBankNameIsDescribedForHumansNotByItsWhmcsTypeName(
        type: String,
        kind: PaymentMethod.Kind,
        description: String
    ) throws {
        let payload =
            #"{"result":"success","paymethods":[{"id":3,"type":"\#(type)","description":"","gateway_name":"stripe","contact_type":"Client","contact_id":42,"account_number":"6789","remote_token":"ba_secret"}]}"#
        let method = try #require(try Providers.Whmcs.paymentMethods(from: RawJSON.parse(payload)).first)
        #expect(method == PaymentMethod(id: 3, type: kind, description: description, lastFour: "6789", expiry: nil, isDefault: true))
    }

    @Test func gatewayTokensNeverReachTheDomainValue() throws {
        let methods = try Providers.Whmcs.paymentMethods(from: Fixture.raw("whmcs/GetPayMethods"))
        let encoded = String(decoding: try JSONEncoder().encode(methods), as: UTF8.self)
        #expect(!encoded.contains("secret"))
        #expect(!encoded.contains("1234567"))
    }

    @Test func anExplicitDefaultFlagWinsOverListOrder() throws {
        let payload =
            #"{"result":"success","paymethods":[{"id":1,"type":"CreditCard","card_last_four":"1111","is_default":false},{"id":2,"type":"CreditCard","card_last_four":"2222","is_default":true}]}"#
        let methods = try Providers.Whmcs.paymentMethods(from: RawJSON.parse(payload))
        #expect(methods.map(\.isDefault) == [false, true])
    }

    @Test func invoiceEventNamesClientAndInvoice() throws {
        let event = try Providers.Whmcs.event(from: Fixture.raw("whmcs/event-InvoicePaid"), context: context)
        #expect(event.change == .invoiceChanged(clientId: 42, invoiceId: 1043))
        #expect(event.instance == "brand-a")
        #expect(event.id == "evt_01HV6Z3Y2K8Q9")
        #expect(event.occurredAt.description == "2024-04-10T05:05:09Z")
    }

    @Test func anInvoiceEventWithoutTheClientStillNamesTheInvoice() throws {
        let payload = #"{"id":"e2","event":"InvoicePaid","occurredAt":"2024-01-01T00:00:00Z","data":{"invoiceid":"1043"}}"#
        let event = try Providers.Whmcs.event(from: RawJSON.parse(payload), context: context)
        #expect(event.change == .invoiceChanged(clientId: nil, invoiceId: 1043))
    }

    @Test func aServiceEventWithoutTheClientIsRefused() throws {
        let payload = #"{"id":"e3","event":"ServiceEdit","occurredAt":"2024-01-01T00:00:00Z","data":{"serviceid":"501"}}"#
        let error = try #require(throws: MappingError.self) { try Providers.Whmcs.event(from: RawJSON.parse(payload), context: context) }
        #expect(error.path == "data.userid")
    }

    @Test func serviceEventNamesClientAndService() throws {
        let event = try Providers.Whmcs.event(from: Fixture.raw("whmcs/event-AfterModuleSuspend"), context: context)
        #expect(event.change == .serviceChanged(clientId: 42, serviceId: 501))
        #expect(event.occurredAt.description == "2024-04-19T15:00:00Z")
    }

    @Test func unknownHookIsAnUnknownEventNotAnError() throws {
        let event = try Providers.Whmcs.event(from: Fixture.raw("whmcs/event-unknown"), context: context)
        #expect(event.change == .unknown(name: "AfterRegistrarRenewal"))
    }

    @Test func aKnownHookWithoutItsIdsIsRefused() throws {
        let payload = #"{"id":"e1","event":"InvoicePaid","occurredAt":"2024-01-01T00:00:00Z","data":{"userid":"42"}}"#
        let error = try #require(throws: MappingError.self) { try Providers.Whmcs.event(from: RawJSON.parse(payload), context: context) }
        #expect(error == MappingError(path: "data.invoiceid", reason: .missing, detail: "required id (non-zero) is absent"))
    }

    @Test func anEventWithoutATimestampIsRefused() throws {
        let payload = #"{"id":"e1","event":"InvoicePaid","data":{"userid":"42","invoiceid":"1"}}"#
        let error = try #require(throws: MappingError.self) { try Providers.Whmcs.event(from: RawJSON.parse(payload), context: context) }
        #expect(error.path == "occurredAt")
        #expect(error.reason == .missing)
    }
}

@Suite("WHMCS order mapper")
struct WhmcsOrderMapperTests {
    @Test func anOrderReceiptListsItsServicesFromTheCommaSeparatedString() throws {
        let receipt = try Providers.Whmcs.orderReceipt(
            from: RawJSON.parse(#"{"result":"success","orderid":"310","serviceids":"501,502","addonids":"","domainids":"","invoiceid":"1050"}"#)
        )
        #expect(receipt == WhmcsOrderReceipt(orderId: 310, serviceIds: [501, 502], invoiceId: 1050))
    }

    @Test func noServicesAndNoInvoiceAreEmptyAndAbsent() throws {
        let receipt = try Providers.Whmcs.orderReceipt(from: RawJSON.parse(#"{"result":"success","orderid":311,"serviceids":"","invoiceid":0}"#))
        #expect(receipt == WhmcsOrderReceipt(orderId: 311, serviceIds: [], invoiceId: nil))
    }

    @Test func aBadServiceIdNamesItsPosition() throws {
        let error = try #require(throws: MappingError.self) {
            try Providers.Whmcs.orderReceipt(from: RawJSON.parse(#"{"result":"success","orderid":1,"serviceids":"5,x"}"#))
        }
        #expect(error.path == "serviceids[1]")
    }
}
