import Foundation
import PortalSandbox
import PortalUpstream
import TestSupport
import Testing

@Suite("Sandbox control routes")
struct SandboxControlTests {
    @Test func knobsAreSetOverHTTPAndCallsAreCountedByAction() async throws {
        let sandbox = Sandbox()
        try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let transport = URLSessionTransport()
            let root = running.baseURLs.freebit.deletingLastPathComponent()
            let set = try await transport.send(
                UpstreamRequest(
                    method: "PUT",
                    url: root.appendingPathComponent("_control/whmcs/knobs"),
                    headers: ["Content-Type": "application/json"],
                    body: Data(#"{"latencyMs":20,"errorRate":1}"#.utf8)
                )
            )
            #expect(set.status == 200)
            #expect(sandbox.whmcsKnobs.settings.latency == .milliseconds(20))
            #expect(sandbox.whmcsKnobs.settings.errorRate == 1)
            #expect(sandbox.freebitKnobs.settings.errorRate == 0)

            let call = try await transport.send(
                UpstreamRequest(
                    method: "POST",
                    url: running.baseURLs.whmcs["default"]!.appendingPathComponent("includes/api.php"),
                    headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: Data("action=GetInvoices&responsetype=json".utf8)
                )
            )
            #expect(call.status == 500)
            let calls = try await transport.send(UpstreamRequest(method: "GET", url: root.appendingPathComponent("_control/whmcs/calls")))
            let counted = try #require(try JSONSerialization.jsonObject(with: calls.body) as? [String: Int])
            #expect(counted.values.reduce(0, +) == 1)

            let unknown = try await transport.send(
                UpstreamRequest(
                    method: "PUT",
                    url: root.appendingPathComponent("_control/nowhere/knobs"),
                    body: Data("{}".utf8)
                )
            )
            #expect(unknown.status == 404)
            let reset = try await transport.send(
                UpstreamRequest(
                    method: "PUT",
                    url: root.appendingPathComponent("_control/whmcs/knobs"),
                    body: Data("{}".utf8)
                )
            )
            #expect(reset.status == 200)
            #expect(sandbox.whmcsKnobs.settings == SimulatorKnobs.Settings())
        }
    }

    @Test func eachCallIsRecordedInOrderWithTheTraceparentItCarried() async throws {
        let sandbox = Sandbox()
        try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let transport = URLSessionTransport()
            let root = running.baseURLs.freebit.deletingLastPathComponent()
            let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            for (action, headers) in [("GetInvoices", ["traceparent": traceparent]), ("GetClientsProducts", [:])] {
                _ = try await transport.send(
                    UpstreamRequest(
                        method: "POST",
                        url: running.baseURLs.whmcs["default"]!.appendingPathComponent("includes/api.php"),
                        headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { first, _ in first },
                        body: Data("action=\(action)&responsetype=json".utf8)
                    )
                )
            }
            let detail = try await transport.send(
                UpstreamRequest(method: "GET", url: URL(string: root.appendingPathComponent("_control/whmcs/calls").absoluteString + "?detail=true")!)
            )
            let calls = try #require(try JSONSerialization.jsonObject(with: detail.body) as? [[String: String]])
            #expect(calls == [["action": "whmcs.GetInvoices", "traceparent": traceparent], ["action": "whmcs.GetClientsProducts"]])
            let pubsub = try await transport.send(
                UpstreamRequest(
                    method: "GET",
                    url: URL(string: root.appendingPathComponent("_control/pubsub/calls").absoluteString + "?detail=true")!
                )
            )
            #expect(pubsub.status == 200)
            #expect(pubsub.body == Data("[]".utf8))
        }
    }

    @Test func lostAnswersAndDroppedCallsAreSetForChosenActions() async throws {
        let sandbox = Sandbox()
        try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let root = running.baseURLs.freebit.deletingLastPathComponent()
            let set = try await URLSessionTransport().send(
                UpstreamRequest(
                    method: "PUT",
                    url: root.appendingPathComponent("_control/freebit/knobs"),
                    headers: ["Content-Type": "application/json"],
                    body: Data(#"{"lostAnswerRate":1,"droppedRate":0.5,"timeoutDelayMs":3000,"actions":["freebit.addSpec"]}"#.utf8)
                )
            )
            #expect(set.status == 200)
            #expect(sandbox.freebitKnobs.settings.lostAnswerRate == 1)
            #expect(sandbox.freebitKnobs.settings.droppedRate == 0.5)
            #expect(sandbox.freebitKnobs.settings.actions == ["freebit.addSpec"])
        }
    }
}

@Suite("Sandbox control: changing a WHMCS invoice")
struct WhmcsInvoiceControlTests {
    static func change(_ running: RunningSandbox, invoice: String, _ body: String) async throws -> UpstreamResponse {
        let root = running.baseURLs.freebit.deletingLastPathComponent()
        return try await URLSessionTransport().send(
            UpstreamRequest(
                method: "PUT",
                url: root.appendingPathComponent("_control/whmcs/invoices/\(invoice)"),
                headers: ["Content-Type": "application/json"],
                body: Data(body.utf8)
            )
        )
    }

    @Test func statusAndDueDateChangeAndGetInvoicesTellsIt() async throws {
        let sandbox = Sandbox()
        let customer = sandbox.seed.customers[0]
        let clientId = customer.whmcsClientId
        let (id, before) = try #require(sandbox.whmcsInvoices(clientId: clientId).min { $0.key < $1.key })
        let dueDate = try #require(before.dueDate.adding(days: 40))
        let status = before.status == "Paid" ? "Unpaid" : "Paid"
        try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let answer = try await Self.change(running, invoice: "\(id)", #"{"status":"\#(status)","dueDate":"\#(dueDate)"}"#)
            #expect(answer.status == 200)
            #expect(sandbox.whmcsInvoices(clientId: clientId)[id].map { [$0.status, "\($0.dueDate)"] } == [status, "\(dueDate)"])
            let fields = try await whmcsAPICall(running, instance: customer.whmcsInstance, "action=GetInvoice&invoiceid=\(id)")
            #expect(fields["status"] as? String == status)
            #expect(fields["duedate"] as? String == "\(dueDate)")
        }
    }

    @Test(arguments: [
        ("1", #"{"status":"Lost"}"#, 400), ("x", "{}", 400), ("1", #"{"dueDate":"2026-13-01"}"#, 400), ("1", "[", 400),
        ("99999999", #"{"status":"Paid"}"#, 404),
    ])
    func badChangesAreRefusedAndChangeNothing(invoice: String, body: String, status: Int) async throws {
        let sandbox = Sandbox()
        let clientId = sandbox.seed.customers[0].whmcsClientId
        let before = sandbox.whmcsInvoices(clientId: clientId)
        let id = try #require(before.keys.min())
        try await withTeardown(try await sandbox.start(), stop: { await $0.stop() }) { running in
            let answer = try await Self.change(running, invoice: invoice == "1" ? "\(id)" : invoice, body)
            #expect(answer.status == status)
            #expect(sandbox.whmcsInvoices(clientId: clientId) == before)
        }
    }
}
