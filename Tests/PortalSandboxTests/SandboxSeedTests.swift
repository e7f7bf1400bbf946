import Domain
import Foundation
import PortalSandbox
import TestSupport
import Testing

@Suite("Sandbox seed: invoices per customer")
struct SandboxSeedTests {
    @Test func theDefaultSeedKeepsSevenInvoicesPerCustomer() {
        let sandbox = Sandbox()
        for customer in sandbox.seed.customers {
            #expect(sandbox.whmcsInvoices(clientId: customer.whmcsClientId).count == SandboxSeed.defaultInvoicesPerCustomer)
        }
    }

    @Test func moreInvoicesAreOlderPaidOnesWithIdsOfTheirOwnAndTheDefaultOnesUnchanged() async throws {
        let standard = Sandbox()
        let larger = Sandbox(seed: SandboxSeed(invoicesPerCustomer: 500))
        let customer = larger.seed.customers[3]
        let invoices = larger.whmcsInvoices(clientId: customer.whmcsClientId)
        #expect(invoices.count == 500)
        let defaults = standard.whmcsInvoices(clientId: customer.whmcsClientId)
        #expect(invoices.filter { defaults[$0.key] != nil } == defaults)
        let older = invoices.filter { defaults[$0.key] == nil }
        #expect(older.values.allSatisfy { $0.status == "Paid" })
        let earliestDefault = try #require(defaults.values.map(\.dueDate).min())
        #expect(older.values.allSatisfy { $0.dueDate < earliestDefault })
        #expect(Set(older.values.map(\.dueDate)).count == older.count)
        for other in larger.seed.customers where other.whmcsClientId != customer.whmcsClientId {
            #expect(Set(larger.whmcsInvoices(clientId: other.whmcsClientId).keys).isDisjoint(with: invoices.keys))
        }
        try await withTeardown(try await larger.start(), stop: { await $0.stop() }) { running in
            let fields = try await whmcsAPICall(
                running,
                instance: customer.whmcsInstance,
                "action=GetInvoices&userid=\(customer.whmcsClientId)&limitnum=100"
            )
            #expect(fields["totalresults"] as? String == "500")
            #expect(fields["numreturned"] as? Int == 100)
        }
    }
}
