import DeveloperTools
import Domain
import Foundation
import TestSupport
import Testing

@Suite("portal-bff map")
struct MapCommandTests {
    /// The Domain package's provider fixtures, shared rather than copied.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Packages/Domain/Tests/DomainTests/Fixtures")

    static let fixtureOfKind: [PayloadKind: String] = [
        .whmcsInvoices: "whmcs/GetInvoices", .whmcsInvoice: "whmcs/GetInvoice", .whmcsSubscriptions: "whmcs/GetClientsProducts",
        .whmcsClient: "whmcs/GetClientsDetails", .whmcsPayMethods: "whmcs/GetPayMethods", .whmcsEvent: "whmcs/event-InvoicePaid",
        .salesforceOrders: "salesforce/orders", .salesforceOrder: "salesforce/order-with-items", .salesforceProducts: "salesforce/products",
        .salesforceAccount: "salesforce/account", .salesforceEvent: "salesforce/event-order-status", .freebitSim: "freebit/getDetail",
        .freebitUsage: "freebit/getTrafficInfo",
    ]

    private func run(_ arguments: [String], stdin: Data = Data()) async throws -> MapOutcome {
        let command = try MapCommand.parse(arguments)
        return await MapOutcome(command: command, input: { command.file == "-" ? stdin : try Data(contentsOf: URL(fileURLWithPath: command.file)) })
    }

    private func path(_ fixture: String) -> String { Self.fixtures.appendingPathComponent(fixture + ".json").path }

    private func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyKindHasAFixtureThatMaps() async throws {
        #expect(Set(Self.fixtureOfKind.keys) == Set(PayloadKind.allCases))
        for (kind, fixture) in Self.fixtureOfKind {
            let outcome = try await run([kind.rawValue, path(fixture), "--today", "2024-03-01"])
            #expect(outcome.exitCode == 0, "\(kind.rawValue): \(String(decoding: outcome.standardError, as: UTF8.self))")
            #expect(outcome.standardError.isEmpty)
            #expect((try? JSONSerialization.jsonObject(with: outcome.standardOutput)) != nil, "\(kind.rawValue) printed no JSON")
        }
    }

    @Test func outputIsTheDomainValueWithSortedKeys() async throws {
        let outcome = try await run(["whmcs.invoice", path("whmcs/GetInvoice")])
        let text = String(decoding: outcome.standardOutput, as: UTF8.self)
        let invoice = try JSONDecoder().decode(Invoice.self, from: outcome.standardOutput)
        #expect(invoice.summary.id == 1043)
        let keys = try json(outcome.standardOutput).keys.sorted()
        let positions = keys.compactMap { text.range(of: "\"\($0)\" :")?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
    }

    @Test func standardInputIsReadForADash() async throws {
        let outcome = try await run(
            ["freebit.sim", "-"],
            stdin: Data(#"{"resultCode":"100","responseDatas":[{"account":"08000000000","state":"active"}]}"#.utf8)
        )
        #expect(outcome.exitCode == 0)
        #expect(try json(outcome.standardOutput)["account"] as? String == "08000000000")
    }

    @Test func currencyOptionIsTheDefaultCurrency() async throws {
        let outcome = try await run(["whmcs.subscriptions", path("whmcs/GetClientsProducts"), "--currency", "usd"])
        let subscriptions = try JSONDecoder().decode([Subscription].self, from: outcome.standardOutput)
        #expect(subscriptions[0].recurringAmount.amount == "3800.00")
        #expect(subscriptions[0].recurringAmount.currency.code == "USD")
    }

    @Test func simFieldsOptionNamesTheCustomFields() async throws {
        let outcome = try await run(["whmcs.subscriptions", path("whmcs/GetClientsProducts"), "--sim-fields", "Notes,MSISDN"])
        let subscriptions = try JSONDecoder().decode([Subscription].self, from: outcome.standardOutput)
        #expect(subscriptions[0].sim == SimRef(account: "08012345678", iccid: nil))
    }

    @Test func orderTakesAnOrderAndItemsObject() async throws {
        let outcome = try await run(["salesforce.order", path("salesforce/order-separate-items")])
        let order = try JSONDecoder().decode(Order.self, from: outcome.standardOutput)
        #expect(order.items.count == 1)
    }

    @Test func aMappingFailureIsAnErrorObjectOnStandardErrorAndExitOne() async throws {
        let outcome = try await run(["whmcs.invoices", "-"], stdin: Data(#"{"result":"success","invoices":{"invoice":[{"id":"x"}]}}"#.utf8))
        #expect(outcome.exitCode == 1)
        #expect(outcome.standardOutput.isEmpty)
        let error = try #require(try json(outcome.standardError)["error"] as? [String: String])
        #expect(error == ["path": "invoices.invoice[0].id", "reason": "invalidValue", "detail": "not an exact decimal number: x"])
    }

    @Test func invalidJSONIsReportedAtTheDocument() async throws {
        let outcome = try await run(["salesforce.orders", "-"], stdin: Data("{".utf8))
        let error = try #require(try json(outcome.standardError)["error"] as? [String: String])
        #expect(outcome.exitCode == 1)
        #expect(error["path"] == "$")
    }

    @Test func aProviderErrorAnswerIsReportedAsUpstreamError() async throws {
        let outcome = try await run(["whmcs.invoice", path("whmcs/GetInvoice-notfound")])
        let error = try #require(try json(outcome.standardError)["error"] as? [String: String])
        #expect(outcome.exitCode == 1)
        #expect(error["reason"] == "upstreamError")
        #expect(error["detail"]?.contains("notFound") == true)
    }

    @Test func aMissingFileIsReportedNotThrown() async throws {
        let outcome = try await run(["whmcs.client", "/nonexistent/payload.json"])
        let error = try #require(try json(outcome.standardError)["error"] as? [String: String])
        #expect(outcome.exitCode == 1)
        #expect(error["reason"] == "unreadable")
    }

    @Test(arguments: [
        ["whmcs.nope", "-"], ["whmcs.client", "-", "--currency", "YENS"], ["whmcs.client", "-", "--sim-fields", "ICCID"],
        ["freebit.usage", "-", "--today", "2024-02-30"],
    ])
    func badArgumentsAreRefusedBeforeReading(arguments: [String]) {
        #expect(throws: (any Error).self) { try MapCommand.parse(arguments) }
    }

    @Test func usageDefaultsTodayToTheDateInJapan() async throws {
        let lateEveningUTC = Date(timeIntervalSince1970: 1_709_247_600)  // 2024-02-29T23:00:00Z = 2024-03-01 08:00 JST
        let command = try MapCommand.parse(["freebit.usage", "-"])
        let outcome = await MapOutcome(
            command: command,
            input: { try Data(contentsOf: URL(fileURLWithPath: path("freebit/getTrafficInfo"))) },
            now: lateEveningUTC
        )
        #expect(try json(outcome.standardOutput)["to"] as? String == "2024-03-01")
    }
}

@Suite("portal-bff map configuration")
struct MapCommandConfigurationTests {
    private func mapSubscriptions(_ extra: [String]) async throws -> MapOutcome {
        let fixture = MapCommandTests.fixtures.appendingPathComponent("whmcs/GetClientsProducts.json").path
        let command = try MapCommand.parse(["whmcs.subscriptions", fixture] + extra)
        return await MapOutcome(command: command, input: { try Data(contentsOf: URL(fileURLWithPath: fixture)) })
    }

    @Test func theConfigurationFileSetsTheMappingContext() async throws {
        let file = try temporaryConfigFile(#"{"whmcs":{"defaultCurrency":"USD","simFields":{"iccid":"Notes","account":"MSISDN"}}}"#)
        let outcome = try await mapSubscriptions(["--config", file])
        let subscriptions = try JSONDecoder().decode([Subscription].self, from: outcome.standardOutput)
        #expect(subscriptions[0].recurringAmount.currency.code == "USD")
        #expect(subscriptions[0].sim == SimRef(account: "08012345678", iccid: nil))
    }

    @Test func optionsOverrideTheConfigurationFile() async throws {
        let file = try temporaryConfigFile(#"{"whmcs":{"defaultCurrency":"USD"}}"#)
        let outcome = try await mapSubscriptions(["--config", file, "--currency", "EUR"])
        let subscriptions = try JSONDecoder().decode([Subscription].self, from: outcome.standardOutput)
        #expect(subscriptions[0].recurringAmount.currency.code == "EUR")
    }

    @Test func anUnusableConfigurationIsReportedAsSuch() async throws {
        let file = try temporaryConfigFile(#"{"whmcs":{"timeZone":"Nowhere/Else"}}"#)
        let outcome = try await mapSubscriptions(["--config", file])
        #expect(outcome.exitCode == 1)
        let error = try #require(try JSONSerialization.jsonObject(with: outcome.standardError) as? [String: [String: String]])
        #expect(error["error"]?["reason"] == "badConfiguration")
        #expect(error["error"]?["detail"]?.contains("whmcs.timeZone") == true)
    }
}
