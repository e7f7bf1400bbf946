import Domain
import Testing

@testable import PortalSalesforce

@Suite("SOQL builder")
struct SOQLQueryTests {
    @Test func aQueryRendersItsParts() throws {
        let query = try #require(
            SOQLQuery(
                select: ["Id", "Account.Name"],
                from: "Order",
                where: [.equals("Status", .text("Draft")), .isIn("Type", [.text("A"), .text("B")])],
                orderBy: ("CreatedDate", .descending),
                limit: 5
            )
        )
        #expect(query.text == "SELECT Id, Account.Name FROM Order WHERE Status = 'Draft' AND Type IN ('A', 'B') ORDER BY CreatedDate DESC LIMIT 5")
    }

    @Test(arguments: ["' OR Name != '", "x' OR Id != null --", "\\' OR 1=1", "a\"b", "line\nbreak"])
    func hostileTextStaysInsideItsQuotes(value: String) throws {
        let rendered = SOQLLiteral.text(value).rendered
        #expect(rendered.hasPrefix("'") && rendered.hasSuffix("'"))
        let inner = rendered.dropFirst().dropLast()
        var index = inner.startIndex
        while index < inner.endIndex {
            if inner[index] == "\\" {
                index = inner.index(index, offsetBy: 2, limitedBy: inner.endIndex) ?? inner.endIndex
                continue
            }
            #expect(inner[index] != "'", "an unescaped quote would end the literal: \(rendered)")
            #expect(inner[index] != "\n")
            index = inner.index(after: index)
        }
    }

    @Test(arguments: ["001' OR Name != '", "0015g00000XyZ12AAX", "001 5g00000XyZ12", ""])
    func hostileIdsCannotBecomeIds(text: String) {
        #expect(SalesforceId(text) == nil)
    }

    @Test(arguments: ["Name; DELETE", "Name FROM Account WHERE", "1Name", "Na-me", "", "Account..Name", "Name__c)"])
    func namesThatAreNotIdentifiersAreRefused(name: String) {
        #expect(SOQLQuery(select: [name], from: "Order") == nil)
        #expect(SOQLQuery(select: ["Id"], from: name) == nil)
        #expect(SOQLQuery(select: ["Id"], from: "Order", where: [.equals(name, .null)]) == nil)
    }

    @Test func anEmptyInListIsRefused() {
        #expect(SOQLQuery(select: ["Id"], from: "Order", where: [.isIn("Id", [])]) == nil)
    }

    @Test func theCatalogQueryEscapesTheCategory() throws {
        let query = try #require(
            SalesforceQueries.catalog(
                category: "sim' OR IsActive = false OR Name != '",
                pricebookId: SalesforceId("01s5g0000000001")!,
                fields: SalesforceFieldNames()
            )
        )
        #expect(query.text.contains("Portal_Category__c = 'sim\\' OR IsActive = false OR Name != \\''"))
        #expect(
            query.text.contains(
                "(SELECT Id, UnitPrice, CurrencyIsoCode, Billing_Cycle__c FROM PricebookEntries WHERE Pricebook2Id = '01s5g0000000001AAA' AND IsActive = true)"
            )
        )
    }

    @Test func anOrderIsAlwaysQueriedWithItsAccount() throws {
        let query = try #require(
            SalesforceQueries.order(
                SalesforceId("8015g00000AbCdE")!,
                accountId: SalesforceId("0015g00000XyZ12")!,
                fields: SalesforceFieldNames()
            )
        )
        #expect(query.text.contains("WHERE Id = '8015g00000AbCdEAAV' AND AccountId = '0015g00000XyZ12AAF'"))
    }

    @Test func aConfiguredFieldNameThatIsNotAnIdentifierYieldsNoQuery() {
        var fields = SalesforceFieldNames()
        fields.productCategory = "Category__c, (SELECT Id FROM Users)"
        #expect(SalesforceQueries.catalog(category: "sim", pricebookId: SalesforceId("01s5g0000000001")!, fields: fields) == nil)
    }
}
