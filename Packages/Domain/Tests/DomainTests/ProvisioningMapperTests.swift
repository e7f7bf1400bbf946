import Domain
import Foundation
import Testing

@Suite("Salesforce order for provisioning")
struct ProvisioningMapperTests {
    private let context = SalesforceMappingContext(orderStatuses: OrderStatusTable.standard.extended(with: ["Provisioning Requested": .processing]))

    private func mapped(_ edit: (inout String) -> Void = { _ in }) throws(MappingError) -> ProvisioningOrder? {
        var text = String(decoding: (try? Fixture.data("salesforce/order-provisioning")) ?? Data(), as: UTF8.self)
        edit(&text)
        return try Providers.Salesforce.provisioningOrder(from: try RawJSON.parse(text), context: context)
    }

    @Test func theAccountsWhmcsClientAndEachItemsCodeCycleAndQuantity() throws {
        let order = try #require(try mapped())
        #expect(order.orderId.value == "8015g00000AbCdEAAV")
        #expect(order.accountId.value == "0015g00000XyZabAAF")
        #expect(order.status == .processing)
        #expect(order.whmcsInstance == "brand-b")
        #expect(order.whmcsClientId == 1042)
        #expect(order.whmcsOrderId == nil)
        #expect(
            order.lines == [
                .init(productCode: "SIM-D-10G", billingCycle: .annually, quantity: 1),
                .init(productCode: "SIM-FEE", billingCycle: .oneTime, quantity: 2),
            ]
        )
    }

    @Test func aWhmcsOrderIdAlreadyWrittenBackIsRead() throws {
        let order = try #require(try mapped { $0 = $0.replacingOccurrences(of: #""WHMCS_Order_Id__c":null"#, with: #""WHMCS_Order_Id__c":"7731""#) })
        #expect(order.whmcsOrderId == 7731)
    }

    @Test func anAccountWithoutAWhmcsClientIsNamed() {
        #expect(throws: MappingError.self) {
            try mapped { $0 = $0.replacingOccurrences(of: #""WHMCS_Client_Id__c":1042.0"#, with: #""WHMCS_Client_Id__c":null"#) }
        }
        do {
            _ = try mapped { $0 = $0.replacingOccurrences(of: #""WHMCS_Client_Id__c":1042.0"#, with: #""WHMCS_Client_Id__c":null"#) }
        } catch {
            #expect(error.path.hasSuffix("Account.WHMCS_Client_Id__c"))
            #expect(error.reason == .missing)
        }
    }

    @Test func fractionalQuantitiesAndItemlessOrdersAreRefused() {
        #expect(throws: MappingError.self) { try mapped { $0 = $0.replacingOccurrences(of: #""Quantity":2.0"#, with: #""Quantity":2.5"#) } }
        #expect(throws: MappingError.self) {
            try mapped {
                $0 = $0.replacingOccurrences(of: #""totalSize":2"#, with: #""totalSize":0"#).replacingOccurrences(
                    of: #"{"totalSize":0"#,
                    with: #"null,"x":{"totalSize":0"#
                )
            }
        }
    }

    @Test func noRecordMeansNoOrder() throws {
        #expect(
            try Providers.Salesforce.provisioningOrder(from: RawJSON.parse(#"{"totalSize":0,"done":true,"records":[]}"#), context: context) == nil
        )
    }
}

@Suite("Order status picklist values")
struct OrderStatusSpellingTests {
    @Test func theOrgsOwnSpellingIsWhatIsWrittenBack() {
        let org = OrderStatusTable.standard.extended(with: ["Provisioned ": .provisioned, "Provisioning Requested": .processing])
        #expect(org.picklistValue(for: .provisioned) == "Provisioned ")
        #expect(org.picklistValue(for: .processing) == "Provisioning Requested")
        #expect(org.picklistValue(for: .draft) == "Draft")
        #expect(OrderStatusTable.standard.picklistValue(for: .provisioned) == nil)
    }
}

@Suite("Provisioning request event")
struct ProvisionRequestedEventTests {
    @Test func anOrderProvisionRequestedEventNamesTheOrderAndAccount() throws {
        let raw = try RawJSON.parse(
            #"{"id":"e1","event":"OrderProvisionRequested","occurredAt":"2026-11-23T10:00:00Z","data":{"accountId":"0015g00000XyZabAAF","orderId":"8015g00000AbCdEAAV"}}"#
        )
        let event = try Providers.Salesforce.event(from: raw, context: SalesforceMappingContext())
        #expect(event.change == .provisionRequested(accountId: SalesforceId("0015g00000XyZabAAF")!, orderId: SalesforceId("8015g00000AbCdEAAV")!))
        let missing = try RawJSON.parse(#"{"id":"e2","event":"OrderProvisionRequested","occurredAt":"2026-11-23T10:00:00Z","data":{}}"#)
        #expect(throws: MappingError.self) { try Providers.Salesforce.event(from: missing, context: SalesforceMappingContext()) }
    }
}

@Suite("Known events")
struct KnownEventTests {
    @Test func onlyTheUnknownCaseIsNotKnown() throws {
        #expect(WhmcsEvent.Change.clientChanged(clientId: 1).isKnown)
        #expect(!WhmcsEvent.Change.unknown(name: "Other").isKnown)
        #expect(SalesforceEvent.Change.catalogChanged(category: nil).isKnown)
        #expect(!SalesforceEvent.Change.unknown(name: "Other").isKnown)
    }
}
