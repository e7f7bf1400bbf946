import Domain
import Foundation
import Testing

/// WHMCS HTML-escapes every request variable before it stores it (PHP's `htmlspecialchars`, `ENT_QUOTES`), so
/// each free-text field that reaches a customer comes back escaped and must be mapped to what was typed.
///
/// Free text by mapper: GetInvoices/GetInvoice `invoicenum` and item `description`; GetClientsProducts
/// `name`/`translated_name`, `groupname`/`translated_groupname`, `domain`, custom field `name` and `value`;
/// GetClientsDetails `fullname`, `firstname`, `lastname`, `companyname`, `email`, `phonenumber`, `address1`,
/// `address2`, `city`, `state`/`fullstate`, `postcode`; GetPayMethods `description`, `card_type`, `bank_name`.
/// Not free text (codes WHMCS writes itself, never escaped): statuses, types, billing cycles, currency and
/// country codes, the gateway module name `paymentmethod`.
@Suite("WHMCS free text")
struct WhmcsFreeTextTests {
    let context = WhmcsMappingContext.test

    /// What a customer or an administrator typed: every character `htmlspecialchars` escapes, and an
    /// escape typed literally, which WHMCS escapes again and which must survive as typed.
    static func typed(_ field: String) -> String { "\(field): Tom & Jerry's \"Fiber\" <1G> &amp; more" }

    /// What WHMCS stores and answers for `text`.
    static func stored(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#039;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private func raw(_ object: [String: Any]) throws -> RawJSON {
        try RawJSON.parse(JSONSerialization.data(withJSONObject: object))
    }

    @Test func theStoredSampleHoldsEveryEscape() {
        #expect(Self.stored(Self.typed("x")) == "x: Tom &amp; Jerry&#039;s &quot;Fiber&quot; &lt;1G&gt; &amp;amp; more")
    }

    @Test func invoiceNumbersAndItemDescriptionsReadAsTyped() throws {
        let invoice = try Providers.Whmcs.invoice(
            from: raw([
                "result": "success", "invoiceid": "7", "userid": "42", "invoicenum": Self.stored(Self.typed("number")),
                "date": "2024-04-01", "duedate": "2024-04-15", "subtotal": "1000", "tax": "100", "total": "1100", "status": "Unpaid",
                "items": ["item": [["id": "1", "type": "Hosting", "relid": "5", "description": Self.stored(Self.typed("item")), "amount": "1000"]]],
            ]),
            context: context
        )
        #expect(invoice.summary.number == Self.typed("number"))
        #expect(invoice.items.map(\.description) == [Self.typed("item")])
    }

    @Test func invoiceNumbersInAPageReadAsTyped() throws {
        let page = try Providers.Whmcs.invoicePage(
            from: raw([
                "result": "success", "totalresults": 1,
                "invoices": [
                    "invoice": [
                        [
                            "id": "7", "invoicenum": Self.stored(Self.typed("number")), "date": "2024-04-01", "duedate": "2024-04-15",
                            "subtotal": "1000", "tax": "100", "total": "1100", "status": "Paid",
                        ]
                    ]
                ],
            ]),
            pageSize: 10,
            context: context
        )
        #expect(page.items.map(\.number) == [Self.typed("number")])
    }

    @Test(arguments: [("translated_name", "translated_groupname"), ("name", "groupname")])
    func productAndGroupNamesDomainsAndCustomFieldsReadAsTyped(nameKey: String, groupKey: String) throws {
        let subscription = try #require(
            try Providers.Whmcs.subscriptions(
                from: raw([
                    "result": "success",
                    "products": [
                        "product": [
                            [
                                "id": "1", "pid": "2", nameKey: Self.stored(Self.typed("product")), groupKey: Self.stored(Self.typed("group")),
                                "domain": Self.stored(Self.typed("domain")), "status": "Active", "billingcycle": "Monthly", "recurringamount": "100",
                                "customfields": [
                                    "customfield": [["id": "1", "name": Self.stored(Self.typed("field")), "value": Self.stored(Self.typed("value"))]]
                                ],
                            ]
                        ]
                    ],
                ]),
                context: context
            ).first
        )
        #expect(subscription.productName == Self.typed("product"))
        #expect(subscription.groupName == Self.typed("group"))
        #expect(subscription.domain == Self.typed("domain"))
        #expect(subscription.customFields == [Self.typed("field"): Self.typed("value")])
    }

    @Test func aSimCustomFieldWhoseNameWhmcsEscapedIsFoundByItsTypedName() throws {
        var renamed = context
        renamed.simFields = SimFieldNames(iccid: "SIM's ICCID", account: "Line & number")
        let subscription = try #require(
            try Providers.Whmcs.subscriptions(
                from: raw([
                    "result": "success",
                    "products": [
                        "product": [
                            [
                                "id": "1", "pid": "2", "name": "SIM", "status": "Active", "billingcycle": "Monthly", "recurringamount": "100",
                                "customfields": [
                                    "customfield": [
                                        ["id": "1", "name": "SIM&#039;s ICCID", "value": "8981100001234567890"],
                                        ["id": "2", "name": "Line &amp; number", "value": "090-1234-5678"],
                                    ]
                                ],
                            ]
                        ]
                    ],
                ]),
                context: renamed
            ).first
        )
        #expect(subscription.sim == SimRef(account: "09012345678", iccid: "8981100001234567890"))
    }

    @Test func clientNamesCompanyContactAndAddressReadAsTyped() throws {
        let fields = ["companyname", "phonenumber", "address1", "address2", "city", "state", "postcode"]
        var client: [String: Any] = ["id": "7", "email": "o&#039;brien&amp;co@example.jp", "countrycode": "JP"]
        for field in fields + ["fullname"] { client[field] = Self.stored(Self.typed(field)) }
        let mapped = try Providers.Whmcs.client(from: raw(["result": "success", "client": client]), context: context)
        #expect(mapped.name == Self.typed("fullname"))
        #expect(mapped.companyName == Self.typed("companyname"))
        #expect(mapped.email == "o'brien&co@example.jp")
        #expect(mapped.phone == Self.typed("phonenumber"))
        #expect(
            mapped.address
                == Address(
                    postcode: Self.typed("postcode"),
                    prefecture: Self.typed("state"),
                    city: Self.typed("city"),
                    line1: Self.typed("address1"),
                    line2: Self.typed("address2"),
                    country: "JP"
                )
        )
    }

    @Test func givenAndFamilyNamesAndTheFullStateReadAsTyped() throws {
        let mapped = try Providers.Whmcs.client(
            from: raw([
                "result": "success",
                "client": [
                    "id": "7", "firstname": Self.stored(Self.typed("first")), "lastname": Self.stored(Self.typed("last")),
                    "email": "ann@example.com", "fullstate": Self.stored(Self.typed("fullstate")), "countrycode": "JP",
                ],
            ]),
            context: context
        )
        #expect(mapped.name == Self.typed("first") + " " + Self.typed("last"))
        #expect(mapped.address?.prefecture == Self.typed("fullstate"))
    }

    @Test(arguments: [
        ["description": stored(typed("description")), "card_type": "Visa"],
        ["card_type": stored(typed("card_type"))],
        ["bank_name": stored(typed("bank_name"))],
    ])
    func payMethodDescriptionsCardTypesAndBankNamesReadAsTyped(fields: [String: String]) throws {
        var method: [String: Any] = ["id": 1, "type": "BankAccount"]
        method.merge(fields) { _, new in new }
        let described = try #require(try Providers.Whmcs.paymentMethods(from: raw(["result": "success", "paymethods": [method]])).first)
        let key = try #require(fields.first { $0.value.contains("&amp;") }?.key)
        #expect(described.description == Self.typed(key))
    }
}
