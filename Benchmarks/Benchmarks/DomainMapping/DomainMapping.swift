import Benchmark
import Domain
import Foundation

let whmcsInvoices = WhmcsFixture.getInvoices(count: 100)
let salesforceProducts = SalesforceFixture.products(count: 200)
let whmcsContext = WhmcsMappingContext()
let salesforceContext = SalesforceMappingContext()

func mapWhmcsInvoices() throws -> InvoicePage {
    try Providers.Whmcs.invoicePage(from: RawJSON.parse(whmcsInvoices), pageSize: 100, context: whmcsContext)
}

func mapSalesforceProducts() throws -> SalesforceRecords<CatalogProduct> {
    try Providers.Salesforce.products(from: RawJSON.parse(salesforceProducts), context: salesforceContext)
}

/// Fails the run before measuring anything when a fixture does not map to what it describes.
func checkFixtures() {
    do {
        let page = try mapWhmcsInvoices()
        precondition(page.items.count == 100 && page.items.contains { $0.paidAt == nil }, "WHMCS fixture mapped wrongly")
        let products = try mapSalesforceProducts()
        precondition(products.records.count == 200 && products.records.allSatisfy { $0.prices.count == 1 }, "Salesforce fixture mapped wrongly")
    } catch {
        fatalError("fixture does not map: \(error)")
    }
}

let benchmarks: @Sendable () -> Void = {
    checkFixtures()
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds,
        units: [.mallocCountTotal: .count, .peakMemoryResident: .kilo],
        warmupIterations: 20,
        maxDuration: .seconds(4),
        maxIterations: 2_000
    )

    Benchmark("whmcs.GetInvoices.100.map") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try mapWhmcsInvoices()) }
    }
    Benchmark("whmcs.GetInvoices.100.JSONSerialization") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try JSONSerialization.jsonObject(with: whmcsInvoices)) }
    }
    Benchmark("salesforce.Product2.200.map") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try mapSalesforceProducts()) }
    }
    Benchmark("salesforce.Product2.200.JSONSerialization") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try JSONSerialization.jsonObject(with: salesforceProducts)) }
    }
}
